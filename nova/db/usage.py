"""Queries for usage reports: instances that existed during a period."""

import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova import exception


@api.reader
def instances_active_during(context, start, end, project_id=None,
                            host=None, limit=None, marker=None):
    """Instances (deleted ones too) that ran at some time in [start, end):
    launched before end and not ended (terminated or deleted) by start;
    ordered by project, launch and id, at most limit of them after the
    instance of uuid marker (MarkerNotFound if there is none such)."""
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
    marker_row = None
    if marker is not None:
        marker_row = context.session.scalars(sa.select(instance).where(
            instance.uuid == marker)).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    query = api.paginate(query, instance, ['project_id', 'launched_at'],
                         ['asc', 'asc'], limit=limit, marker=marker_row)
    return context.session.scalars(query).all()
