"""Queries for usage reports: instances that existed during a period."""

import sqlalchemy as sa

from nova.db import api
from nova.db import models


@api.reader
def instances_active_during(context, start, end, project_id=None,
                            host=None):
    """Instances (deleted ones too) that ran at some time in [start, end):
    launched before end and not ended (terminated or deleted) by start."""
    instance = models.Instance
    ended = sa.func.coalesce(instance.terminated_at, instance.deleted_at)
    query = sa.select(instance).where(
        instance.launched_at.is_not(None),
        instance.launched_at < end,
        sa.or_(ended.is_(None), ended > start))
    if project_id is not None:
        query = query.where(instance.project_id == project_id)
    if host is not None:
        query = query.where(instance.host == host)
    return context.session.scalars(
        query.order_by(instance.project_id, instance.launched_at,
                       instance.id)).all()
