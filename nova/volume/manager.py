"""nova-volume: the built-in volume service (file-backed volumes).

Owns the volume files of its host: creates them (the host side of the
creation flow), copies, grows, snapshots and deletes them, and answers
the compute hosts' connection and attachment calls (they have no
database). A periodic task reconciles attachments with the servers'
block device mappings.
"""

import concurrent.futures
import datetime

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_serialization import jsonutils
from oslo_utils import timeutils

import nova.conf
from nova.db import block_devices as bdm_db
from nova.db import instances as instances_db
from nova.db import volumes as db
from nova import exception as nova_exception
from nova.image import api as image_api
from nova import manager
from nova.volume import builtin
from nova.volume import exception
from nova.volume import file_backend
from nova.volume.flows import create_volume
from nova.volume import rpcapi

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
# Transitional statuses the reconciler fixes when nothing backs them.
_ATTACH_TRANSIENT = ('reserved', 'attaching', 'detaching')


class VolumeManager(manager.Manager):
    target = messaging.Target(version=rpcapi.VolumeAPI.VERSION)

    def __init__(self, host, backend=None):
        super().__init__(host)
        self.backend = backend or file_backend.FileBackend()
        self.images = image_api.API()
        # File copies can be slow: never on the RPC threads.
        self._workers = concurrent.futures.ThreadPoolExecutor(
            max_workers=4, thread_name_prefix='volume-%s' % host)

    def cleanup_host(self):
        self._workers.shutdown(wait=True)

    def periodic_tasks(self):
        if CONF.volume.attachment_sync_interval <= 0:
            return []
        return [(CONF.volume.attachment_sync_interval,
                 self.reconcile_attachments)]

    # Volumes ------------------------------------------------------------

    def create_volume(self, context, volume_id):
        self._workers.submit(create_volume.run_manager_flow, context,
                             self.backend, self.images, volume_id)

    def delete_volume(self, context, volume_id):
        self._workers.submit(self._delete_volume, context, volume_id)

    def _delete_volume(self, context, volume_id):
        try:
            volume = db.volume_get(context, volume_id)
            self.backend.delete(volume.provider_location)
            db.volume_destroy(context, volume_id)
        except exception.VolumeNotFound:
            return
        except Exception as error:
            LOG.exception('Deleting volume %s failed', volume_id)
            db.volume_update(context, volume_id, {
                'status': 'error_deleting',
                'error_reason': str(error)[:255]})

    def extend_volume(self, context, volume_id, new_size):
        try:
            volume = db.volume_get(context, volume_id)
            self.backend.extend(volume.provider_location, new_size,
                                volume.disk_format)
            db.volume_update(context, volume_id, {
                'size': new_size, 'status': 'available'},
                expected_status=['extending'])
        except Exception as error:
            LOG.exception('Extending volume %s failed', volume_id)
            db.volume_update(context, volume_id, {
                'status': 'error_extending',
                'error_reason': str(error)[:255]})

    def upload_to_image(self, context, volume_id, image_id):
        self._workers.submit(self._upload_to_image, context, volume_id,
                             image_id)

    def _upload_to_image(self, context, volume_id, image_id):
        volume = db.volume_get(context, volume_id)
        try:
            with open(volume.provider_location, 'rb') as data:
                self.images.upload(context, image_id, data)
        except Exception:
            LOG.exception('Uploading volume %s to image %s failed',
                          volume_id, image_id)
        finally:
            db.volume_update(context, volume_id,
                             {'status': 'available'},
                             expected_status=['uploading'])

    # Reimage (1.1) --------------------------------------------------------

    def reimage_volume(self, context, volume_id, image_id, reimage_reserved):
        """Start writing image_id over the volume's data (Cinder's
        os-reimage): the volume is 'downloading' until done, then back in
        its status, or 'error' with the reason. A volume reserved for a
        server (a rebuild) is reimaged only when reimage_reserved."""
        allowed = ['available', 'error']
        if reimage_reserved:
            allowed.append('reserved')
        volume = db.volume_get(context, volume_id)
        image = self.images.get(context, image_id)
        if image.get('status') != 'active':
            raise nova_exception.InvalidInput(
                reason='Image %s is not active.' % image_id)
        needed_gb = max(-(-(image.get('size') or 0) // file_backend.GiB),
                        image.get('min_disk') or 0)
        if needed_gb > volume.size:
            raise exception.InvalidVolume(
                reason='image %s needs %d GiB, more than the %d GiB of '
                       'volume %s' % (image_id, needed_gb, volume.size,
                                      volume_id))
        db.volume_update(context, volume_id, {'status': 'downloading',
                                              'error_reason': None},
                         expected_status=allowed)
        self._workers.submit(self._reimage, context, volume_id, image,
                             volume.status)

    def _reimage(self, context, volume_id, image, previous_status):
        try:
            volume = db.volume_get(context, volume_id)
            path, volume_format = self.backend.reimage(
                volume_id, volume.provider_location,
                self.images.download(context, image['id']), volume.size,
                volume.display_name,
                source_format=image.get('disk_format') or 'raw')
            db.volume_update(context, volume_id, {
                'status': previous_status, 'image_id': image['id'],
                'bootable': True, 'provider_location': path,
                'disk_format': volume_format},
                expected_status=['downloading'])
            LOG.info('Volume %s reimaged from image %s', volume_id,
                     image['id'])
        except Exception as error:
            LOG.exception('Reimaging volume %s from image %s failed',
                          volume_id, image['id'])
            create_volume.mark_error(context, volume_id, error)

    # Snapshots ------------------------------------------------------------

    def create_snapshot(self, context, snapshot_id):
        self._workers.submit(self._create_snapshot, context, snapshot_id)

    def _create_snapshot(self, context, snapshot_id):
        try:
            snapshot = db.snapshot_get(context, snapshot_id)
            volume = db.volume_get(context, snapshot.volume_uuid)
            path = self.backend.snapshot(snapshot_id,
                                         volume.provider_location)
            db.snapshot_update(context, snapshot_id, {
                'status': 'available', 'progress': '100%',
                'provider_location': path})
        except Exception:
            LOG.exception('Creating snapshot %s failed', snapshot_id)
            db.snapshot_update(context, snapshot_id, {'status': 'error'})

    def delete_snapshot(self, context, snapshot_id):
        try:
            snapshot = db.snapshot_get(context, snapshot_id)
        except exception.SnapshotNotFound:
            return
        self.backend.delete(snapshot.provider_location)
        db.snapshot_destroy(context, snapshot_id)

    # Attachments (called by compute hosts) ----------------------------

    def initialize_connection(self, context, volume_id, attachment_id,
                              connector):
        """Connection info of the volume's file for the compute host."""
        volume = db.volume_get(context, volume_id)
        db.attachment_update(context, attachment_id, {
            'attach_status': 'attaching',
            'attached_host': (connector or {}).get('host')})
        db.volume_update(context, volume_id, {'status': 'attaching'},
                         expected_status=['reserved', 'attaching',
                                          'in-use'])
        info = self.backend.connection_info(volume.provider_location,
                                            volume.disk_format)
        db.attachment_update(context, attachment_id,
                             {'connection_info': jsonutils.dumps(info)})
        return info

    def attachment_create(self, context, volume_id, instance_uuid):
        volume = db.volume_get(context, volume_id)
        attachment = db.attachment_create(context, volume, instance_uuid)
        return {'id': attachment.uuid, 'volume_id': volume_id}

    def attachment_complete(self, context, attachment_id, mountpoint):
        attachment = db.attachment_update(context, attachment_id, {
            'attach_status': 'attached', 'mountpoint': mountpoint})
        db.volume_update(context, attachment.volume_uuid, {
            'status': 'in-use', 'attach_status': 'attached'})

    def attachment_delete(self, context, attachment_id):
        db.attachment_destroy(context, attachment_id)

    def get_volume(self, context, volume_id):
        return builtin.volume_view(context, db.volume_get(context,
                                                          volume_id))

    # Periodic -------------------------------------------------------------

    def reconcile_attachments(self, context):
        """Drop attachments whose server or mapping is gone and free
        volumes stuck attaching or detaching with nothing behind them."""
        mapped = {(b.volume_id, b.instance_uuid)
                  for b in bdm_db.bdm_get_all_volumes(context)}
        for attachment in db.attachments_get_all(context):
            if (attachment.volume_uuid, attachment.instance_uuid) in mapped:
                continue
            if self._instance_alive(context, attachment.instance_uuid) and \
                    attachment.attach_status == 'reserved':
                # An attach in progress has its mapping soon; wait.
                continue
            LOG.info('Removing stale attachment %s of volume %s',
                     attachment.uuid, attachment.volume_uuid)
            db.attachment_destroy(context, attachment.uuid)
        attachments = db.attachments_get_all(context)
        attached = {a.volume_uuid for a in attachments
                    if a.attach_status == 'attached'}
        present = {a.volume_uuid for a in attachments}
        stale = timeutils.utcnow() - datetime.timedelta(
            seconds=2 * max(CONF.volume.attachment_sync_interval, 1))
        for volume in db.volume_get_all(context, host=self.host,
                                        statuses=_ATTACH_TRANSIENT +
                                        ('in-use',)):
            if volume.uuid not in present:
                LOG.info('Volume %s was %s without attachment; now '
                         'available', volume.uuid, volume.status)
                db.volume_update(context, volume.uuid, {
                    'status': 'available', 'attach_status': 'detached'},
                    expected_status=[volume.status])
            elif volume.status == 'detaching' and volume.uuid in attached \
                    and (volume.updated_at or stale) < stale:
                # A detach that failed on the compute host: still plugged.
                LOG.info('Detach of volume %s did not finish; it is still '
                         'in use', volume.uuid)
                db.volume_update(context, volume.uuid, {'status': 'in-use'},
                                 expected_status=['detaching'])

    @staticmethod
    def _instance_alive(context, instance_uuid):
        try:
            instances_db.instance_get_by_uuid(context, instance_uuid)
            return True
        except nova_exception.InstanceNotFound:
            return False
