"""The compute service's volumes: attach, detach, swap (RPC 1.5), assisted
snapshots (1.7), and the volumes a server boots with or leaves behind
when deleted.

A mixin of ComputeManager (it uses self.driver and self.host). The block
device mappings come through the conductor (no database here); the volume
service is reached through nova.volume.api (RPC to nova-volume, or
Cinder over HTTP).
"""

import time

from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import units

from nova.compute import utils as compute_utils
from nova.notifications import emit as notify
from nova import objects
from nova.volume import api as volume_api
from nova.volume import exception

LOG = logging.getLogger(__name__)
# How long a server build waits for the volumes it asked for.
VOLUME_WAIT_SECONDS = 300
# How long a rebuild waits for its boot volume to be reimaged, per GiB of
# the volume (at least VOLUME_WAIT_SECONDS).
REIMAGE_SECONDS_PER_GB = 20


class VolumeActionsMixin:

    @property
    def volume_api(self):
        if getattr(self, '_volume_api', None) is None:
            self._volume_api = volume_api.API(remote=True)
        return self._volume_api

    def _connector(self):
        return {'host': self.host, 'initiator': None, 'multipath': False}

    # Assisted snapshots (RPC 1.7) ----------------------------------------

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        self._assisted_snapshot(
            context, instance, volume_id, 'create',
            lambda mountpoint: self.driver.volume_snapshot_create(
                context, instance, mountpoint, create_info))

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        self._assisted_snapshot(
            context, instance, volume_id, 'delete',
            lambda mountpoint: self.driver.volume_snapshot_delete(
                context, instance, mountpoint, snapshot_id, delete_info))

    def _assisted_snapshot(self, context, instance, volume_id, what, call):
        """Run call(mountpoint of the volume); as upstream, a failure
        is only logged: the volume service asked, it sees no progress."""
        try:
            bdm = objects.BlockDeviceMapping.get_by_volume(
                context, volume_id, instance_uuid=instance.uuid)
            call(bdm.device_name)
        except NotImplementedError:
            LOG.warning('Cannot %s an assisted snapshot of volume %s of '
                        'instance %s: the driver does not support it',
                        what, volume_id, instance.uuid)
        except Exception:
            LOG.exception('Assisted snapshot %s of volume %s of instance '
                          '%s failed', what, volume_id, instance.uuid)
        else:
            LOG.info('Assisted snapshot %s of volume %s of instance %s '
                     'done', what, volume_id, instance.uuid)

    # Extend (external event volume-extended, API 2.51) ------------------

    def extend_volume(self, context, instance, volume_id):
        """The volume service grew an attached volume: record its new size
        and tell the hypervisor, so the guest sees the bigger disk."""
        with compute_utils.EventReporter(
                context, 'compute_extend_volume', self.host, instance.uuid):
            bdm = objects.BlockDeviceMapping.get_by_volume(
                context, volume_id, instance_uuid=instance.uuid)
            size_gb = self.volume_api.get(context, volume_id)['size']
            bdm.volume_size = size_gb
            bdm.save()
            self.driver.extend_volume(
                context, jsonutils.loads(bdm.connection_info), instance,
                size_gb * units.Gi)
            LOG.info('Volume %s of instance %s extended to %d GiB',
                     volume_id, instance.uuid, size_gb)

    # Attach -------------------------------------------------------------

    def attach_volume(self, context, instance, bdm):
        with compute_utils.EventReporter(
                context, 'compute_attach_volume', self.host, instance.uuid), \
                notify.phases(context, instance, 'volume_attach', self.host,
                              volume_id=bdm.volume_id):
            try:
                self._attach_bdm(context, instance, bdm,
                                 lambda info: self.driver.attach_volume(
                                     context, info, instance,
                                     bdm.device_name, bdm.disk_bus,
                                     bdm.device_type))
            except Exception as error:
                LOG.warning('Attaching volume %s to %s failed: %s',
                            bdm.volume_id, instance.uuid, error)
                self._forget_attachment(context, bdm)
                raise

    def _attach_bdm(self, context, instance, bdm, plug):
        """Connect bdm's volume, plug it with plug(connection_info), record
        the connection and complete the attachment."""
        info = self.volume_api.attachment_update(
            context, bdm.attachment_id, bdm.volume_id, self._connector())
        device = plug(info)
        if isinstance(device, str) and device:
            # The driver may have had to take another free device (the
            # reserved one can hold e.g. the config drive): record it.
            bdm.device_name = device
        bdm.connection_info = jsonutils.dumps(info)
        bdm.save()
        self.volume_api.attachment_complete(context, bdm.attachment_id,
                                            bdm.device_name)
        return info

    def _forget_attachment(self, context, bdm):
        try:
            if bdm.attachment_id:
                self.volume_api.attachment_delete(context,
                                                  bdm.attachment_id)
        finally:
            bdm.destroy()

    # Detach -------------------------------------------------------------

    def detach_volume(self, context, instance, bdm):
        """Unplug and release; a repeated detach finds nothing left and
        succeeds."""
        with compute_utils.EventReporter(
                context, 'compute_detach_volume', self.host, instance.uuid), \
                notify.phases(context, instance, 'volume_detach', self.host,
                              volume_id=bdm.volume_id):
            self._detach_bdm(context, instance, bdm)

    def _detach_bdm(self, context, instance, bdm, destroy_guest_side=True):
        if destroy_guest_side and bdm.connection_info:
            self.driver.detach_volume(
                context, jsonutils.loads(bdm.connection_info), instance,
                bdm.device_name)
        if bdm.attachment_id:
            self.volume_api.attachment_delete(context, bdm.attachment_id)
        bdm.destroy()

    # Swap ---------------------------------------------------------------

    def swap_volume(self, context, instance, bdm, new_volume_id,
                    new_attachment_id):
        with compute_utils.EventReporter(
                context, 'compute_swap_volume', self.host, instance.uuid):
            try:
                new_info = self.volume_api.attachment_update(
                    context, new_attachment_id, new_volume_id,
                    self._connector())
                new_volume = self.volume_api.get(context, new_volume_id)
                self.driver.swap_volume(
                    context, jsonutils.loads(bdm.connection_info or '{}'),
                    new_info, instance, bdm.device_name, new_volume['size'])
            except Exception:
                self.volume_api.attachment_delete(context,
                                                  new_attachment_id)
                raise
            old_attachment = bdm.attachment_id
            bdm.volume_id = new_volume_id
            bdm.attachment_id = new_attachment_id
            bdm.volume_size = new_volume['size']
            bdm.connection_info = jsonutils.dumps(new_info)
            bdm.active_volume_id = None if new_volume['multiattach'] else \
                new_volume_id
            bdm.save()
            self.volume_api.attachment_complete(context, new_attachment_id,
                                                bdm.device_name)
            self.volume_api.attachment_delete(context, old_attachment)

    # Build and delete -----------------------------------------------------

    def prepare_block_devices(self, context, instance, bdms=None):
        """Connect the volumes a new server boots with (waiting for those
        the API asked the volume service to create); returns the driver's
        block_device_info, or None without volumes. bdms: its mappings
        when the caller has them (the build request carries them), else
        read here."""
        if bdms is None:
            bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
                context, instance.uuid)
        bdms = [b for b in bdms if b.is_volume]
        if not bdms:
            return None
        mappings = []
        for bdm in bdms:
            self._wait_for_volume(context, bdm)
            info = self._attach_bdm(context, instance, bdm, lambda i: None)
            mappings.append({
                'connection_info': info, 'mount_device': bdm.device_name,
                'boot_index': bdm.boot_index, 'disk_bus': bdm.disk_bus,
                'device_type': bdm.device_type,
                'delete_on_termination': bdm.delete_on_termination})
        root = [m for m in mappings if m['boot_index'] == 0]
        return {'block_device_mapping': mappings,
                'root_device_name': root[0]['mount_device'] if root
                else None}

    def _wait_for_volume(self, context, bdm):
        """Wait until bdm's volume exists and is reserved for us (volumes
        the API had created for the server get reserved here)."""
        if bdm.attachment_id:
            return  # reserved by the API already: nothing to wait for
        deadline = time.monotonic() + VOLUME_WAIT_SECONDS
        while True:
            volume = self.volume_api.get(context, bdm.volume_id)
            if volume['status'] == 'available':
                bdm.attachment_id = self.volume_api.attachment_create(
                    context, bdm.volume_id, bdm.instance_uuid)['id']
                bdm.save()
                return
            if volume['status'] == 'error':
                raise exception.InvalidVolume(
                    reason='volume %s of the server could not be created: '
                           '%s' % (bdm.volume_id,
                                   volume.get('error_reason')))
            if time.monotonic() > deadline:
                raise exception.InvalidVolume(
                    reason='volume %s is still %s after %d seconds' % (
                        bdm.volume_id, volume['status'],
                        VOLUME_WAIT_SECONDS))
            time.sleep(0.2)

    # Reimage (rebuild of a volume-backed server, API 2.93) ---------------

    def reimage_boot_volume(self, context, instance, image_id):
        """With the guest gone: release the boot volume, reserve it again
        for the server, have the volume service rewrite it from image_id
        and wait for that; returns the block_device_info to boot with."""
        bdms = [b for b in objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid) if b.is_volume]
        root = next(b for b in bdms if b.boot_index == 0)
        if root.attachment_id:
            # A non-multiattach volume has one attachment at a time: the
            # old one goes before the reservation for the reimage.
            self.volume_api.attachment_delete(context, root.attachment_id)
        root.attachment_id = self.volume_api.attachment_create(
            context, root.volume_id, instance.uuid)['id']
        root.connection_info = None
        root.save()
        self.volume_api.reimage(context, root.volume_id, image_id,
                                reimage_reserved=True)
        self._wait_for_reimage(context, root)
        mappings = []
        for bdm in bdms:
            if bdm is root:
                info = self._attach_bdm(context, instance, bdm,
                                        lambda i: None)
            else:
                info = jsonutils.loads(bdm.connection_info or '{}')
            mappings.append({
                'connection_info': info, 'mount_device': bdm.device_name,
                'boot_index': bdm.boot_index, 'disk_bus': bdm.disk_bus,
                'device_type': bdm.device_type,
                'delete_on_termination': bdm.delete_on_termination})
        return {'block_device_mapping': mappings,
                'root_device_name': root.device_name}

    def _wait_for_reimage(self, context, bdm):
        """Wait while the volume is 'downloading'; InvalidVolume when it
        ends in 'error' or takes too long."""
        seconds = VOLUME_WAIT_SECONDS
        deadline = None
        while True:
            volume = self.volume_api.get(context, bdm.volume_id)
            if deadline is None:
                seconds = max(VOLUME_WAIT_SECONDS,
                              REIMAGE_SECONDS_PER_GB * (volume['size'] or 1))
                deadline = time.monotonic() + seconds
            if volume['status'] == 'error':
                raise exception.InvalidVolume(
                    reason='reimaging volume %s failed: %s' % (
                        bdm.volume_id, volume.get('error_reason') or
                        'see the volume service\'s log'))
            if volume['status'] != 'downloading':
                return
            if time.monotonic() > deadline:
                raise exception.InvalidVolume(
                    reason='volume %s is still being reimaged after %d '
                           'seconds' % (bdm.volume_id, seconds))
            time.sleep(0.2)

    def release_block_devices(self, context, instance):
        """After the guest is gone: release each volume and delete those
        marked delete_on_termination. Never fails the server delete."""
        for bdm in objects.BlockDeviceMappingList.get_by_instance_uuid(
                context, instance.uuid):
            try:
                if bdm.is_volume and bdm.volume_id:
                    self._detach_bdm(context, instance, bdm,
                                     destroy_guest_side=False)
                    if bdm.delete_on_termination:
                        self.volume_api.delete(context, bdm.volume_id)
                else:
                    bdm.destroy()
            except Exception:
                LOG.exception('Releasing volume %s of deleted server %s '
                              'failed; the reconciler will free it',
                              bdm.volume_id, instance.uuid)
