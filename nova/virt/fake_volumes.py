"""The fake driver's VolumeInterface (a mixin of fake.FakeDriver).

Tracks which volume (its connection info) is plugged into which guest at
which mountpoint, and writes it to
<state_path>/fake-hypervisor-volumes/<host>.json on every change, so
tests in other processes can see attach and detach reach the hypervisor
and the devices survive a restart like the guests do.
"""

import json
import os
import threading

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova.volume import exception as volume_exception

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def devices_path(state_path, host):
    return os.path.join(state_path, 'fake-hypervisor-volumes',
                        '%s.json' % host)


def load_devices(state_path, host):
    """{instance uuid: {mountpoint: connection_info}} saved by host."""
    try:
        with open(devices_path(state_path, host)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


class FakeVolumesMixin:
    _volumes_lock = threading.Lock()

    def _devices(self):
        if not hasattr(self, '_attached_volumes'):
            self._attached_volumes = load_devices(CONF.state_path,
                                                  self.host)
        return self._attached_volumes

    def _save_devices(self):
        path = devices_path(CONF.state_path, self.host)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(self._devices(), f)
        os.replace(tmp, path)

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        self.get_info(instance)  # InstanceNotFound when not on this host
        with self._volumes_lock:
            devices = self._devices().setdefault(instance.uuid, {})
            if mountpoint in devices:
                raise volume_exception.DevicePathInUse(path=mountpoint)
            devices[mountpoint] = connection_info
            self._save_devices()

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        with self._volumes_lock:
            if self._devices().get(instance.uuid, {}).pop(mountpoint, None):
                self._save_devices()

    def swap_volume(self, context, old_connection_info,
                    new_connection_info, instance, mountpoint, resize_to):
        with self._volumes_lock:
            devices = self._devices().get(instance.uuid, {})
            if mountpoint not in devices:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            devices[mountpoint] = new_connection_info
            self._save_devices()

    def extend_volume(self, context, connection_info, instance,
                      requested_size):
        """Note the new size on the device, as the guest would see it."""
        path = connection_info.get('data', {}).get('device_path')
        with self._volumes_lock:
            devices = self._devices().get(instance.uuid, {})
            found = [d for d in devices.values()
                     if d.get('data', {}).get('device_path') == path]
            if not found:
                raise volume_exception.VolumeNotAttached(
                    volume_id=connection_info.get('data', {}).get(
                        'volume_id') or path)
            for device in found:
                device['size_bytes'] = requested_size
            self._save_devices()

    def volume_snapshot_create(self, context, instance, mountpoint,
                               create_info):
        """Note the overlay on the device, as a guest would write to it."""
        with self._volumes_lock:
            device = self._devices().get(instance.uuid, {}).get(mountpoint)
            if device is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            device.setdefault('assisted_snapshots', {})[
                create_info['snapshot_id']] = create_info['new_file']
            self._save_devices()

    def volume_snapshot_delete(self, context, instance, mountpoint,
                               snapshot_id, delete_info):
        with self._volumes_lock:
            device = self._devices().get(instance.uuid, {}).get(mountpoint)
            if device is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            device.get('assisted_snapshots', {}).pop(snapshot_id, None)
            self._save_devices()

    def plug_boot_volumes(self, instance, block_device_info):
        """Record the volumes a guest was spawned with."""
        mappings = (block_device_info or {}).get('block_device_mapping', [])
        if not mappings:
            return
        with self._volumes_lock:
            devices = self._devices().setdefault(instance.uuid, {})
            for mapping in mappings:
                devices[mapping['mount_device']] = mapping['connection_info']
            self._save_devices()

    def forget_volumes(self, instance):
        with self._volumes_lock:
            if self._devices().pop(instance.uuid, None) is not None:
                self._save_devices()

    def attached_volumes(self, instance_uuid):
        """{mountpoint: connection_info} of a guest."""
        with self._volumes_lock:
            return dict(self._devices().get(instance_uuid, {}))
