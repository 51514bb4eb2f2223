"""Queries on the request specs kept with instances."""

import sqlalchemy as sa

from nova.db import api
from nova.db import request_spec_models as models


def transaction(context):
    """One writer transaction: writers called inside it join it."""
    return api.writer.using(context)


@api.writer
def request_spec_create(context, instance_uuid, spec):
    context.session.add(models.RequestSpec(instance_uuid=instance_uuid,
                                           spec=spec))
    context.session.flush()


@api.reader
def request_spec_get(context, instance_uuid):
    """The stored document of the instance, None without one."""
    return context.session.scalar(sa.select(models.RequestSpec.spec).where(
        models.RequestSpec.instance_uuid == instance_uuid))


@api.reader
def request_spec_get_many(context, instance_uuids):
    """{instance uuid: stored document} of those that have one."""
    if not instance_uuids:
        return {}
    rows = context.session.execute(sa.select(
        models.RequestSpec.instance_uuid, models.RequestSpec.spec).where(
        models.RequestSpec.instance_uuid.in_(list(instance_uuids))))
    return {uuid: spec for uuid, spec in rows}


@api.writer
def request_spec_update(context, instance_uuid, spec):
    context.session.execute(sa.update(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid).values(spec=spec))


def request_spec_delete(context, instance_uuid):
    """Inside the instance's destroy (its session)."""
    context.session.execute(sa.delete(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid))
