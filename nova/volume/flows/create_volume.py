"""The volume creation flows (taskflow), API side and volume host side.

API side (in nova-api): extract and validate the request, reserve quota,
create the row, commit quota, pick a volume host and cast to it. Every
task reverts what it did, so a failure anywhere leaves neither a row nor
a reservation behind and the caller gets the first error.

Volume host side (in nova-volume): create the file from its source (empty,
snapshot, volume or image) and mark the volume available. A failure
removes the half-written file and leaves the volume in 'error', which no
longer counts against quota.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils
from taskflow import engines
from taskflow.patterns import linear_flow
from taskflow import task

import nova.conf
from nova import exception as nova_exception
from nova.db import volumes as db
from nova.volume import exception
from nova.volume import quota
from nova.volume import scheduling

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
GiB = 1024 ** 3


def _multiattach_type(context, type_row):
    """Whether the volume type makes multiattach volumes: its extra spec
    multiattach is "<is> True", as Cinder has it."""
    if type_row is None:
        return False
    spec = db.volume_type_extra_specs(context, type_row.id).get(
        'multiattach', '')
    return spec.replace(' ', '').lower() == '<is>true'


class ExtractVolumeRequestTask(task.Task):
    """Check size, type, source (snapshot, volume or image) and zone."""

    default_provides = 'request'

    def __init__(self, image_api, **kwargs):
        super().__init__(**kwargs)
        self.image_api = image_api

    def execute(self, context, size, name, description, metadata,
                volume_type, snapshot_id, source_volid, image_id,
                availability_zone, multiattach):
        sources = [s for s in (snapshot_id, source_volid, image_id) if s]
        if len(sources) > 1:
            raise nova_exception.InvalidInput(
                reason='Give at most one of snapshot_id, source_volid and '
                       'imageRef.')
        source_size, type_row, bootable = 0, None, False
        if snapshot_id:
            snapshot = self._owned(context, db.snapshot_get(context,
                                                            snapshot_id),
                                   exception.SnapshotNotFound,
                                   snapshot_id=snapshot_id)
            if snapshot.status != 'available':
                raise exception.InvalidSnapshot(
                    reason='snapshot %s is %s, it must be available' % (
                        snapshot_id, snapshot.status))
            source_size = snapshot.volume_size
            if snapshot.volume_type_id:
                type_row = db.volume_type_get(context,
                                              snapshot.volume_type_id)
        if source_volid:
            source = self._owned(context, db.volume_get(context,
                                                        source_volid),
                                 exception.VolumeNotFound,
                                 volume_id=source_volid)
            if source.status not in ('available', 'in-use'):
                raise exception.InvalidVolume(
                    reason='source volume %s is %s' % (source_volid,
                                                       source.status))
            source_size, bootable = source.size, source.bootable
            if source.volume_type_id:
                type_row = db.volume_type_get(context,
                                              source.volume_type_id)
        if image_id:
            source_size = self._image_size(context, image_id)
            bootable = True
        if size is None:
            size = source_size
        size = self._size(size, source_size)
        if volume_type:
            type_row = db.volume_type_get(context, volume_type)
        zone = availability_zone or CONF.volume.storage_availability_zone
        if zone not in scheduling.volume_zones(context):
            raise nova_exception.InvalidInput(
                reason='Availability zone \'%s\' is invalid.' % zone)
        return {
            'size': size, 'display_name': name,
            'display_description': description,
            'metadata_json': jsonutils.dumps(metadata or {}),
            'volume_type_id': type_row.id if type_row else None,
            'volume_type_name': type_row.name if type_row else None,
            'snapshot_id': snapshot_id, 'source_volid': source_volid,
            'image_id': image_id, 'availability_zone': zone,
            'multiattach': bool(multiattach) or _multiattach_type(
                context, type_row),
            'bootable': bootable,
        }

    @staticmethod
    def _owned(context, row, error, **kwargs):
        if not context.is_admin and row.project_id != context.project_id:
            raise error(**kwargs)
        return row

    def _image_size(self, context, image_id):
        try:
            image = self.image_api.get(context, image_id)
        except nova_exception.ImageNotFound:
            raise nova_exception.InvalidInput(
                reason='Image %s could not be found.' % image_id)
        if image.get('status') != 'active':
            raise nova_exception.InvalidInput(
                reason='Image %s is not active.' % image_id)
        size_gb = -(-(image.get('size') or 0) // GiB)
        return max(size_gb, image.get('min_disk') or 0, 1)

    @staticmethod
    def _size(size, source_size):
        try:
            size = int(size)
        except (TypeError, ValueError):
            raise nova_exception.InvalidInput(
                reason='Volume size \'%s\' must be an integer and greater '
                       'than 0' % size)
        if size <= 0:
            raise nova_exception.InvalidInput(
                reason='Volume size \'%s\' must be an integer and greater '
                       'than 0' % size)
        if size < source_size:
            raise nova_exception.InvalidInput(
                reason='Volume size %dGB cannot be smaller than the source '
                       'size %dGB.' % (size, source_size))
        if size > CONF.volume.max_volume_size_gb:
            raise nova_exception.InvalidInput(
                reason='Volume size %dGB is larger than the limit of %dGB '
                       '([volume] max_volume_size_gb).' % (
                           size, CONF.volume.max_volume_size_gb))
        return size


class QuotaReserveTask(task.Task):
    default_provides = 'reservation'

    def execute(self, context, request):
        return quota.reserve(context, context.project_id, quota.deltas_for(
            {'volumes': 1, 'gigabytes': request['size']},
            request['volume_type_name']))

    def revert(self, context, result, **kwargs):
        if isinstance(result, str):
            quota.rollback(context, result)


class EntryCreateTask(task.Task):
    default_provides = 'volume_id'

    def execute(self, context, request):
        values = {k: v for k, v in request.items()
                  if k != 'volume_type_name'}
        values.update(status='creating', attach_status='detached',
                      user_id=context.user_id,
                      project_id=context.project_id)
        return db.volume_create(context, values).uuid

    def revert(self, context, result, **kwargs):
        if isinstance(result, str):
            try:
                db.volume_destroy(context, result)
            except exception.VolumeNotFound:
                pass


class QuotaCommitTask(task.Task):
    """The row now counts itself; drop the reservation."""

    def execute(self, context, reservation):
        quota.commit(context, reservation)


class ScheduleCastTask(task.Task):
    """Place the volume on a volume host and hand it the creation."""

    def __init__(self, volume_rpcapi, **kwargs):
        super().__init__(**kwargs)
        self.volume_rpcapi = volume_rpcapi

    def execute(self, context, volume_id, request):
        host = scheduling.choose_host(context, request)
        db.volume_update(context, volume_id, {'host': host})
        self.volume_rpcapi.create_volume(context, host, volume_id)


def run_api_flow(context, image_api, volume_rpcapi, **request):
    """Create a volume (asynchronously); returns its id or raises."""
    flow = linear_flow.Flow('volume_create_api')
    flow.add(ExtractVolumeRequestTask(image_api), QuotaReserveTask(),
             EntryCreateTask(), QuotaCommitTask(),
             ScheduleCastTask(volume_rpcapi))
    store = dict(request, context=context)
    engine = engines.load(flow, store=store, engine='serial')
    engine.run()
    return engine.storage.fetch('volume_id')


# Volume host side -----------------------------------------------------------

class CreateOnBackendTask(task.Task):
    default_provides = 'location'

    def __init__(self, backend, image_api, **kwargs):
        super().__init__(**kwargs)
        self.backend = backend
        self.image_api = image_api

    def execute(self, context, volume_id):
        volume = db.volume_get(context, volume_id)
        name = volume.display_name
        if volume.snapshot_id:
            snapshot = db.snapshot_get(context, volume.snapshot_id)
            # Snapshots copy their volume's file, so share its format.
            source = db.volume_get(context, snapshot.volume_uuid)
            return self.backend.create_from_file(
                volume_id, snapshot.provider_location, volume.size,
                source.disk_format or 'raw', name)
        if volume.source_volid:
            source = db.volume_get(context, volume.source_volid)
            return self.backend.create_from_file(
                volume_id, source.provider_location, volume.size,
                source.disk_format or 'raw', name)
        if volume.image_id:
            image = self.image_api.get(context, volume.image_id)
            return self.backend.create_from_bytes(
                volume_id, self.image_api.download(context, volume.image_id),
                volume.size, name,
                source_format=image.get('disk_format') or 'raw')
        return self.backend.create(volume_id, volume.size, name)

    def revert(self, context, volume_id, result, **kwargs):
        if isinstance(result, tuple):
            self.backend.delete(result[0])


class MarkAvailableTask(task.Task):
    def execute(self, context, volume_id, location):
        path, volume_format = location
        db.volume_update(context, volume_id, {
            'status': 'available', 'provider_location': path,
            'disk_format': volume_format}, expected_status=['creating'])


def run_manager_flow(context, backend, image_api, volume_id):
    """Create the volume's data; on failure the volume is in error."""
    flow = linear_flow.Flow('volume_create_manager')
    flow.add(CreateOnBackendTask(backend, image_api), MarkAvailableTask())
    try:
        engines.run(flow, store={'context': context, 'volume_id': volume_id},
                    engine='serial')
    except Exception as error:
        LOG.warning('Creating volume %s failed: %s', volume_id, error)
        mark_error(context, volume_id, error)
        return False
    return True


def mark_error(context, volume_id, error):
    """The volume in error, with error's reason (unless it is gone)."""
    reason = (error.format_message()
              if isinstance(error, nova_exception.NovaException)
              else '%s: %s' % (type(error).__name__, error))
    try:
        db.volume_update(context, volume_id, {
            'status': 'error', 'error_reason': reason[:255]})
    except exception.VolumeNotFound:
        pass
