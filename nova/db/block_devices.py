"""Queries on servers' block device mappings (the compute side)."""

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from nova.db import api
from nova.db import uuid_lists
from nova.db import volume_models as models
from nova.volume import exception


def _already_attached(context, volume_id):
    holder = context.session.scalars(sa.select(
        models.BlockDeviceMapping).where(
        models.BlockDeviceMapping.active_volume_id == volume_id)).first()
    return exception.InvalidVolume(
        reason='volume %s is already attached to instance %s' % (
            volume_id, holder.instance_uuid if holder else 'another'))


@api.writer
def bdm_create(context, values):
    """Insert a mapping. A second active mapping of a non-multiattach
    volume violates the unique active_volume_id: InvalidVolume, with the
    message of upstream's API check."""
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = models.BlockDeviceMapping(**values)
    try:
        with context.session.begin_nested():
            context.session.add(row)
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise _already_attached(context, values.get('active_volume_id'))
    return row


def _query():
    return sa.select(models.BlockDeviceMapping).where(
        models.BlockDeviceMapping.deleted == 0)


def _by_uuid(context, uuid):
    """The live mapping with uuid, or None."""
    return context.session.scalars(_query().where(
        models.BlockDeviceMapping.uuid == uuid)).first()


@api.reader
def bdm_get_by_instance(context, instance_uuid):
    return context.session.scalars(_query().where(
        models.BlockDeviceMapping.instance_uuid == instance_uuid).order_by(
            models.BlockDeviceMapping.id)).all()


@api.reader
def bdm_get_by_volume(context, volume_id, instance_uuid=None):
    query = _query().where(models.BlockDeviceMapping.volume_id == volume_id)
    if instance_uuid is not None:
        query = query.where(
            models.BlockDeviceMapping.instance_uuid == instance_uuid)
    row = context.session.scalars(query.order_by(
        models.BlockDeviceMapping.id)).first()
    return api.not_found_unless(row, exception.VolumeBDMNotFound,
                                volume_id=volume_id)


@api.reader
def bdm_get_all_volumes(context):
    return context.session.scalars(_query().where(
        models.BlockDeviceMapping.volume_id.is_not(None))).all()


@api.reader
def bdm_count_active(context, volume_id):
    return context.session.scalar(sa.select(sa.func.count()).where(
        models.BlockDeviceMapping.volume_id == volume_id,
        models.BlockDeviceMapping.deleted == 0))


@api.writer
def bdm_update(context, uuid, values):
    row = api.not_found_unless(_by_uuid(context, uuid),
                               exception.VolumeBDMNotFound, volume_id=uuid)
    try:
        with context.session.begin_nested():
            for key, value in values.items():
                setattr(row, key, value)
            context.session.flush()
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise _already_attached(context, values.get('active_volume_id'))
    return row


@api.writer
def bdm_destroy(context, uuid):
    """Soft-delete a mapping; its volume may be attached elsewhere after."""
    row = _by_uuid(context, uuid)
    if row is None:
        return
    row.active_volume_id = None
    api.soft_delete(context.session, row)


@api.reader
def volume_ids_by_instances(context, instance_uuids):
    """{instance uuid: [(volume_id, delete_on_termination)]} in one read."""
    result = {uuid: [] for uuid in instance_uuids}
    if not instance_uuids:
        return result
    rows = context.session.execute(sa.select(
        models.BlockDeviceMapping.instance_uuid,
        models.BlockDeviceMapping.volume_id,
        models.BlockDeviceMapping.delete_on_termination).where(
        uuid_lists.among(models.BlockDeviceMapping.instance_uuid,
                         instance_uuids),
        models.BlockDeviceMapping.deleted == 0,
        models.BlockDeviceMapping.volume_id.is_not(None)).order_by(
        models.BlockDeviceMapping.id))
    for row in rows:
        result[row.instance_uuid].append((row.volume_id,
                                          row.delete_on_termination))
    return result
