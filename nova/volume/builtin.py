"""The volume API on the built-in service (nova-volume).

API: for processes with a database (nova-api, nova-volume): reads and
reservations go to the database, work on files is cast to the volume's
host. RemoteAPI: for nova-compute (no database): the same calls, all over
RPC to nova-volume.
"""

from oslo_serialization import jsonutils

from nova import exception as nova_exception
from nova.db import volumes as db
from nova.image import api as image_api
from nova import rpc as nova_rpc
from nova.volume import exception
from nova.volume.flows import create_volume
from nova.volume import quota
from nova.volume import rpcapi


def _time(value):
    return value.isoformat() if value else None


def volume_view(context, row, attachments=None, types=None):
    """A volume as a dict shaped like Cinder v3's (ids are uuids)."""
    if attachments is None:
        attachments = db.attachments_of_volumes(context, [row.uuid])
    type_name = None
    if row.volume_type_id:
        if types is None:
            type_name = db.volume_type_get(context, row.volume_type_id).name
        else:
            type_name = types.get(row.volume_type_id)
    return {
        'id': row.uuid, 'status': row.status, 'size': row.size,
        'availability_zone': row.availability_zone,
        'created_at': _time(row.created_at),
        'updated_at': _time(row.updated_at),
        'name': row.display_name, 'description': row.display_description,
        'volume_type': type_name, 'snapshot_id': row.snapshot_id,
        'source_volid': row.source_volid, 'image_id': row.image_id,
        'metadata': jsonutils.loads(row.metadata_json or '{}'),
        'multiattach': row.multiattach,
        'bootable': 'true' if row.bootable else 'false',
        'host': row.host, 'project_id': row.project_id,
        'user_id': row.user_id, 'error_reason': row.error_reason,
        'attach_status': row.attach_status,
        'attachments': [{
            'id': row.uuid, 'attachment_id': a.uuid, 'volume_id': row.uuid,
            'server_id': a.instance_uuid, 'host_name': a.attached_host,
            'device': a.mountpoint, 'attach_status': a.attach_status,
            'attached_at': _time(a.created_at)}
            for a in attachments if a.volume_uuid == row.uuid],
    }


def snapshot_view(row):
    return {
        'id': row.uuid, 'volume_id': row.volume_uuid, 'status': row.status,
        'size': row.volume_size, 'created_at': _time(row.created_at),
        'name': row.display_name, 'description': row.display_description,
        'progress': row.progress, 'project_id': row.project_id,
        'metadata': jsonutils.loads(row.metadata_json or '{}'),
    }


class API:
    """Volumes of the built-in service, for processes with a database."""

    def __init__(self):
        self._rpc = None
        self.images = image_api.API()

    @property
    def rpc(self):
        # Made on first use, so reads work in processes without a bus.
        if self._rpc is None:
            self._rpc = rpcapi.VolumeAPI()
        return self._rpc

    # Reads ------------------------------------------------------------

    def _visible(self, context, row, error, **kwargs):
        if not context.is_admin and row.project_id != context.project_id:
            raise error(**kwargs)
        return row

    def _volume_row(self, context, volume_id):
        return self._visible(context, db.volume_get(context, volume_id),
                             exception.VolumeNotFound, volume_id=volume_id)

    def get(self, context, volume_id):
        return volume_view(context, self._volume_row(context, volume_id))

    def get_all(self, context, all_projects=False):
        project = None if (context.is_admin and all_projects) else \
            context.project_id
        rows = db.volume_get_all(context, project_id=project)
        attachments = db.attachments_of_volumes(context,
                                                [r.uuid for r in rows])
        types = {t.id: t.name for t in db.volume_type_get_all(context)}
        return [volume_view(context, r, attachments, types) for r in rows]

    def get_snapshot(self, context, snapshot_id):
        return snapshot_view(self._visible(
            context, db.snapshot_get(context, snapshot_id),
            exception.SnapshotNotFound, snapshot_id=snapshot_id))

    def get_all_snapshots(self, context, all_projects=False):
        project = None if (context.is_admin and all_projects) else \
            context.project_id
        return [snapshot_view(r) for r in db.snapshot_get_all(
            context, project_id=project)]

    def get_all_volume_types(self, context):
        return [{'id': t.uuid, 'name': t.name,
                 'extra_specs': db.volume_type_extra_specs(context, t.id)}
                for t in db.volume_type_get_all(context)]

    # Volumes ----------------------------------------------------------

    def create(self, context, size, name=None, description=None,
               snapshot_id=None, volume_type=None, metadata=None,
               availability_zone=None, image_id=None, source_volid=None,
               multiattach=False):
        """Start creating a volume (the API flow); returns its dict in
        'creating'."""
        volume_id = create_volume.run_api_flow(
            context, self.images, self.rpc, size=size, name=name,
            description=description, metadata=metadata,
            volume_type=volume_type, snapshot_id=snapshot_id,
            source_volid=source_volid, image_id=image_id,
            availability_zone=availability_zone, multiattach=multiattach)
        return self.get(context, volume_id)

    def update(self, context, volume_id, name=..., description=...,
               metadata=...):
        """Change the name, description or metadata given (a metadata
        dict replaces the volume's)."""
        row = self._volume_row(context, volume_id)
        values = {column: value for column, value in (
            ('display_name', name), ('display_description', description),
            ('metadata_json', metadata)) if value is not ...}
        if 'metadata_json' in values:
            values['metadata_json'] = jsonutils.dumps(metadata or {})
        if values:
            row = db.volume_update(context, row.uuid, values)
        return volume_view(context, row)

    def delete(self, context, volume_id):
        row = self._volume_row(context, volume_id)
        if db.snapshot_get_all(context, volume_uuid=row.uuid):
            raise exception.InvalidVolume(
                reason='Volume still has dependent snapshots; delete them '
                       'first.')
        row = db.volume_update(
            context, row.uuid, {'status': 'deleting'},
            expected_status=['available', 'error', 'error_deleting',
                             'error_extending'])
        if row.host:
            self.rpc.delete_volume(context, row.host, row.uuid)
        else:
            db.volume_destroy(context, row.uuid)

    def extend(self, context, volume_id, new_size):
        row = self._volume_row(context, volume_id)
        if new_size <= row.size:
            raise nova_exception.InvalidInput(
                reason='New size for extend must be greater than current '
                       'size. (current: %d, extended: %d).' % (row.size,
                                                               new_size))
        # Checks the room now; the volume's new size counts once the
        # host has grown the file.
        reservation = quota.reserve(context, row.project_id,
                                    {'gigabytes': new_size - row.size})
        try:
            db.volume_update(context, row.uuid, {'status': 'extending'},
                             expected_status=['available'])
        finally:
            quota.rollback(context, reservation)
        self.rpc.extend_volume(context, row.host, row.uuid, new_size)

    def upload_to_image(self, context, volume_id, image_name,
                        disk_format='raw', container_format='bare'):
        row = self._volume_row(context, volume_id)
        db.volume_update(context, row.uuid, {'status': 'uploading'},
                         expected_status=['available'])
        image = self.images.create(context, {
            'name': image_name, 'disk_format': disk_format,
            'container_format': container_format,
            'properties': {'source_volume_id': row.uuid}})
        self.rpc.upload_to_image(context, row.host, row.uuid, image['id'])
        return image

    def reimage(self, context, volume_id, image_id, reimage_reserved=False):
        """Start rewriting the volume from image_id (it is 'downloading'
        until the volume host is done); refusals raise here."""
        row = self._volume_row(context, volume_id)
        self.rpc.reimage_volume(context, row.host, row.uuid, image_id,
                                reimage_reserved)

    def check_reimage(self, context):
        """ServiceTooOld (409) while [upgrade_levels] volume caps below
        1.1 (volume hosts that cannot reimage); else nothing to refuse."""
        nova_rpc.require(self.rpc.client, rpcapi.TOPIC, '1.1',
                         'reimage_volume')

    # Snapshots --------------------------------------------------------

    def create_snapshot(self, context, volume_id, name=None,
                        description=None, force=False):
        row = self._volume_row(context, volume_id)
        allowed = ('available', 'in-use') if force else ('available',)
        if row.status not in allowed:
            raise exception.InvalidVolume(
                reason='volume %s is %s; snapshot it when available (or '
                       'in-use with force)' % (row.uuid, row.status))
        type_name = row.volume_type_id and db.volume_type_get(
            context, row.volume_type_id).name
        reservation = quota.reserve(context, context.project_id,
                                    quota.deltas_for(
                                        {'snapshots': 1,
                                         'gigabytes': row.size}, type_name))
        try:
            snapshot = db.snapshot_create(context, {
                'volume_uuid': row.uuid, 'user_id': context.user_id,
                'project_id': context.project_id, 'status': 'creating',
                'progress': '0%', 'volume_size': row.size,
                'volume_type_id': row.volume_type_id,
                'display_name': name, 'display_description': description,
            })
        except Exception:
            quota.rollback(context, reservation)
            raise
        quota.commit(context, reservation)  # the row counts itself now
        self.rpc.create_snapshot(context, row.host, snapshot.uuid)
        return snapshot_view(snapshot)

    def delete_snapshot(self, context, snapshot_id):
        row = db.snapshot_get(context, snapshot_id)
        self._visible(context, row, exception.SnapshotNotFound,
                      snapshot_id=snapshot_id)
        if row.status not in ('available', 'error'):
            raise exception.InvalidSnapshot(
                reason='snapshot %s is %s' % (snapshot_id, row.status))
        db.snapshot_update(context, snapshot_id, {'status': 'deleting'})
        volume = db.volume_get(context, row.volume_uuid)
        self.rpc.delete_snapshot(context, volume.host, snapshot_id)

    # Attachments ------------------------------------------------------

    def attachment_create(self, context, volume_id, instance_uuid):
        """Reserve the volume for the server (see db.attachment_create)."""
        row = self._volume_row(context, volume_id)
        attachment = db.attachment_create(context, row, instance_uuid)
        return {'id': attachment.uuid, 'volume_id': row.uuid}

    def attachment_update(self, context, attachment_id, volume_id,
                          connector):
        """Connection info for connector (a compute host)."""
        volume = db.volume_get(context, volume_id)
        return self.rpc.initialize_connection(
            context, volume.host, volume_id, attachment_id, connector)

    def attachment_complete(self, context, attachment_id, mountpoint=None):
        self.rpc.attachment_complete(context, attachment_id, mountpoint)

    def attachment_delete(self, context, attachment_id):
        db.attachment_destroy(context, attachment_id)

    def begin_detaching(self, context, volume_id):
        try:
            db.volume_update(context, volume_id, {'status': 'detaching'},
                             expected_status=['in-use', 'attaching',
                                              'reserved'])
        except exception.InvalidVolume:
            pass

    def roll_detaching(self, context, volume_id):
        """A detach that never started (its message was not sent)."""
        try:
            db.volume_update(context, volume_id, {'status': 'in-use'},
                             expected_status=['detaching'])
        except exception.InvalidVolume:
            pass


class RemoteAPI(API):
    """For nova-compute: everything through nova-volume over RPC."""

    def get(self, context, volume_id):
        return self.rpc.get_volume(context, volume_id)

    def attachment_update(self, context, attachment_id, volume_id,
                          connector):
        volume = self.get(context, volume_id)
        return self.rpc.initialize_connection(
            context, volume['host'], volume_id, attachment_id, connector)

    def attachment_create(self, context, volume_id, instance_uuid):
        return self.rpc.attachment_create(context, volume_id, instance_uuid)

    def attachment_delete(self, context, attachment_id):
        self.rpc.attachment_delete(context, attachment_id)

    def delete(self, context, volume_id):
        volume = self.get(context, volume_id)
        self.rpc.delete_volume(context, volume['host'], volume_id)

    def reimage(self, context, volume_id, image_id, reimage_reserved=False):
        volume = self.get(context, volume_id)
        self.rpc.reimage_volume(context, volume['host'], volume_id,
                                image_id, reimage_reserved)

    def begin_detaching(self, context, volume_id):
        pass

    def roll_detaching(self, context, volume_id):
        pass
