"""Queries of the built-in volume service: volumes, snapshots, types,
attachments and quota reservations."""

import datetime

from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from nova.db import api
from nova.db import volume_models as models
from nova.volume import exception

# Statuses whose volumes count against quota: all but failed creates.
NOT_COUNTED = ('error',)


# Volumes ------------------------------------------------------------------

@api.writer
def volume_create(context, values):
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = models.Volume(**values)
    context.session.add(row)
    context.session.flush()
    return row


def _get_live(context, model, uuid, exc_class, **kwargs):
    """The row of model with uuid, not deleted, else exc_class(**kwargs)."""
    row = context.session.scalars(sa.select(model).where(
        model.uuid == uuid, model.deleted == 0)).first()
    return api.not_found_unless(row, exc_class, **kwargs)


def _set_values(context, row, values):
    for key, value in values.items():
        setattr(row, key, value)
    context.session.flush()
    return row


@api.reader
def volume_get(context, uuid):
    return _get_live(context, models.Volume, uuid, exception.VolumeNotFound,
                     volume_id=uuid)


@api.reader
def volume_get_all(context, project_id=None, host=None, statuses=None):
    query = sa.select(models.Volume).where(models.Volume.deleted == 0)
    if project_id is not None:
        query = query.where(models.Volume.project_id == project_id)
    if host is not None:
        query = query.where(models.Volume.host == host)
    if statuses:
        query = query.where(models.Volume.status.in_(statuses))
    return context.session.scalars(
        query.order_by(models.Volume.created_at.desc(),
                       models.Volume.id.desc())).all()


@api.writer
def volume_update(context, uuid, values, expected_status=None):
    """Update a volume; with expected_status only while in one of those.

    The condition is part of the UPDATE, so of concurrent requests that
    want the same transition exactly one wins. Returns the row.
    """
    query = sa.update(models.Volume).where(
        models.Volume.uuid == uuid, models.Volume.deleted == 0)
    if expected_status is not None:
        query = query.where(models.Volume.status.in_(expected_status))
    values = dict(values, updated_at=timeutils.utcnow())
    count = context.session.execute(
        query.values(**values).execution_options(
            synchronize_session=False)).rowcount
    if count == 0:
        row = volume_get(context, uuid)
        raise exception.InvalidVolume(
            reason='volume %s is %s, expected %s' % (
                uuid, row.status, ' or '.join(expected_status or ())))
    return volume_get(context, uuid)


@api.writer
def volume_destroy(context, uuid):
    row = volume_get(context, uuid)
    row.status = 'deleted'
    api.soft_delete(context.session, row)


# Snapshots ----------------------------------------------------------------

@api.writer
def snapshot_create(context, values):
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = models.Snapshot(**values)
    context.session.add(row)
    context.session.flush()
    return row


@api.reader
def snapshot_get(context, uuid):
    return _get_live(context, models.Snapshot, uuid,
                     exception.SnapshotNotFound, snapshot_id=uuid)


@api.reader
def snapshot_get_all(context, project_id=None, volume_uuid=None):
    query = sa.select(models.Snapshot).where(models.Snapshot.deleted == 0)
    if project_id is not None:
        query = query.where(models.Snapshot.project_id == project_id)
    if volume_uuid is not None:
        query = query.where(models.Snapshot.volume_uuid == volume_uuid)
    return context.session.scalars(
        query.order_by(models.Snapshot.id.desc())).all()


@api.writer
def snapshot_update(context, uuid, values):
    return _set_values(context, snapshot_get(context, uuid), values)


@api.writer
def snapshot_destroy(context, uuid):
    row = snapshot_get(context, uuid)
    row.status = 'deleted'
    api.soft_delete(context.session, row)


# Volume types -------------------------------------------------------------

@api.writer
def volume_type_create(context, name, extra_specs=None, description=None,
                       is_public=True):
    row = models.VolumeType(uuid=uuidutils.generate_uuid(), name=name,
                            description=description, is_public=is_public)
    try:
        with context.session.begin_nested():
            context.session.add(row)
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.InvalidVolume(
            reason='volume type %s exists' % name)
    for key, value in (extra_specs or {}).items():
        context.session.add(models.VolumeTypeExtraSpec(
            volume_type_id=row.id, key=key, value=str(value)))
    context.session.flush()
    return row


@api.reader
def volume_type_get(context, name_or_id):
    """A type by name, uuid or (internal) id."""
    column = models.VolumeType.name
    if uuidutils.is_uuid_like(name_or_id):
        column = models.VolumeType.uuid
    elif isinstance(name_or_id, int):
        column = models.VolumeType.id
    row = context.session.scalars(sa.select(models.VolumeType).where(
        column == name_or_id, models.VolumeType.deleted == 0)).first()
    return api.not_found_unless(row, exception.VolumeTypeNotFound,
                                volume_type=name_or_id)


@api.reader
def volume_type_get_all(context):
    return context.session.scalars(sa.select(models.VolumeType).where(
        models.VolumeType.deleted == 0).order_by(
            models.VolumeType.name)).all()


@api.reader
def volume_type_extra_specs(context, type_id):
    rows = context.session.scalars(sa.select(models.VolumeTypeExtraSpec).where(
        models.VolumeTypeExtraSpec.volume_type_id == type_id)).all()
    return {r.key: r.value for r in rows}


# Attachments --------------------------------------------------------------

@api.writer
def attachment_create(context, volume, instance_uuid):
    """Reserve volume for instance: one transaction that moves the volume
    to 'reserved' (conditional UPDATE) and inserts the attachment, whose
    active_volume_id is unique, so a non-multiattach volume never gets a
    second active attachment whatever the interleaving."""
    allowed = ['available', 'in-use'] if volume.multiattach else \
        ['available']
    try:
        with context.session.begin_nested():
            volume_update(context, volume.uuid, {'status': 'reserved'},
                          expected_status=allowed)
            row = models.VolumeAttachment(
                uuid=uuidutils.generate_uuid(), volume_uuid=volume.uuid,
                instance_uuid=instance_uuid, attach_status='reserved',
                active_volume_id=None if volume.multiattach else
                volume.uuid)
            context.session.add(row)
            context.session.flush()
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.InvalidVolume(
            reason='volume %s is already attached' % volume.uuid)
    return row


@api.reader
def attachment_get(context, uuid):
    return _get_live(context, models.VolumeAttachment, uuid,
                     exception.VolumeAttachmentNotFound, attachment_id=uuid)


@api.reader
def attachments_of_volumes(context, volume_uuids):
    if not volume_uuids:
        return []
    return context.session.scalars(sa.select(models.VolumeAttachment).where(
        models.VolumeAttachment.volume_uuid.in_(list(volume_uuids)),
        models.VolumeAttachment.deleted == 0).order_by(
            models.VolumeAttachment.id)).all()


@api.reader
def attachments_get_all(context):
    return context.session.scalars(sa.select(models.VolumeAttachment).where(
        models.VolumeAttachment.deleted == 0)).all()


@api.writer
def attachment_update(context, uuid, values):
    return _set_values(context, attachment_get(context, uuid), values)


@api.writer
def attachment_destroy(context, uuid):
    """Delete an attachment; the volume is available once it has none.

    Returns the volume row afterwards, or None when the attachment was
    already gone (detach is idempotent).
    """
    try:
        row = attachment_get(context, uuid)
    except exception.VolumeAttachmentNotFound:
        return None
    row.active_volume_id = None
    row.attach_status = 'detached'
    api.soft_delete(context.session, row)
    others = [a for a in attachments_of_volumes(context, [row.volume_uuid])
              if a.id != row.id]
    try:
        volume = volume_get(context, row.volume_uuid)
    except exception.VolumeNotFound:
        return None
    if not others and volume.status in ('reserved', 'attaching', 'in-use',
                                        'detaching'):
        volume.status = 'available'
        volume.attach_status = 'detached'
        context.session.flush()
    return volume


# Quota reservations -------------------------------------------------------

@api.reader
def quota_usage(context, project_id):
    """{resource: used} of a project, reservations not yet committed
    included; per-type resources are '<resource>_<type name>'."""
    now = timeutils.utcnow()
    used = {}

    def add(resource, amount, type_name=None):
        used[resource] = used.get(resource, 0) + (amount or 0)
        if type_name:
            key = '%s_%s' % (resource, type_name)
            used[key] = used.get(key, 0) + (amount or 0)

    types = {t.id: t.name for t in volume_type_get_all(context)}
    for vol in context.session.execute(sa.select(
            models.Volume.size, models.Volume.volume_type_id).where(
            models.Volume.project_id == project_id,
            models.Volume.deleted == 0,
            models.Volume.status.not_in(NOT_COUNTED))):
        add('volumes', 1, types.get(vol.volume_type_id))
        add('gigabytes', vol.size, types.get(vol.volume_type_id))
    for snap in context.session.execute(sa.select(
            models.Snapshot.volume_size,
            models.Snapshot.volume_type_id).where(
            models.Snapshot.project_id == project_id,
            models.Snapshot.deleted == 0,
            models.Snapshot.status.not_in(NOT_COUNTED))):
        add('snapshots', 1, types.get(snap.volume_type_id))
        add('gigabytes', snap.volume_size, types.get(snap.volume_type_id))
    for res in context.session.scalars(sa.select(
            models.VolumeQuotaReservation).where(
            models.VolumeQuotaReservation.project_id == project_id,
            models.VolumeQuotaReservation.expire > now)):
        add(res.resource, res.delta)
    return used


@api.writer
def reservation_create(context, project_id, deltas, expire_seconds):
    uuid = uuidutils.generate_uuid()
    expire = timeutils.utcnow() + datetime.timedelta(seconds=expire_seconds)
    for resource, delta in deltas.items():
        context.session.add(models.VolumeQuotaReservation(
            uuid=uuid, project_id=project_id, resource=resource,
            delta=delta, expire=expire))
    context.session.flush()
    return uuid


@api.writer
def reservation_destroy(context, uuid):
    context.session.execute(sa.delete(models.VolumeQuotaReservation).where(
        models.VolumeQuotaReservation.uuid == uuid))
