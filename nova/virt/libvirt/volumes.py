"""Volumes of libvirt guests: hot-plugging file-backed volumes as disks
(a mixin of LibvirtDriver).

connection_info shape (from the block storage service):
{'driver_volume_type': 'file',
 'data': {'device_path': '/abs/path', 'format': 'raw' or 'qcow2',
          'volume_id': optional, shown to the guest as the disk serial}}
Attached volumes are kept in the guest record, so a resize, rescue or
unrescue redefines the domain with them.
"""

import os

from oslo_log import log as logging

from nova.virt.libvirt import config
from nova.virt.libvirt import errors
from nova.virt.libvirt import guest_spec
from nova.virt.libvirt import imagebackend
from nova.volume import exception as volume_exception

LOG = logging.getLogger(__name__)


def _check(connection_info):
    kind = connection_info.get('driver_volume_type')
    if kind != 'file':
        raise errors.VolumeNotSupported(
            reason='the libvirt driver attaches volumes of type "file", '
                   'not %r' % kind)
    path = connection_info.get('data', {}).get('device_path')
    if not path or not os.path.isabs(path):
        raise errors.VolumeNotSupported(
            reason='connection_info data.device_path must be an absolute '
                   'path, got %r' % path)


class VolumeMixin:

    def _device_flags(self, domain):
        libvirt = self._host.libvirt
        flags = libvirt.VIR_DOMAIN_AFFECT_CONFIG
        if domain.isActive():
            flags |= libvirt.VIR_DOMAIN_AFFECT_LIVE
        return flags

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        """Plug the volume in; returns its device path in the guest."""
        _check(connection_info)
        domain = self._domain(instance)
        record = imagebackend.read_record(instance.uuid)
        target, bus = guest_spec.next_device(instance, record)
        wanted = os.path.basename(mountpoint or '')
        if wanted and wanted not in _targets(instance, record):
            target = wanted
        disk = guest_spec.volume_disk(connection_info, target,
                                      disk_bus or bus)
        domain.attachDeviceFlags(config.disk_xml(disk),
                                 self._device_flags(domain))
        record.setdefault('volumes', {})[target] = connection_info
        imagebackend.write_record(instance.uuid, record)
        LOG.info('Attached %s to instance %s as %s',
                 connection_info['data']['device_path'], instance.uuid,
                 target)
        return '/dev/' + target

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        _check(connection_info)
        try:
            record = imagebackend.read_record(instance.uuid)
        except FileNotFoundError:
            return  # the guest is gone, and its volumes with it
        path = connection_info['data']['device_path']
        attached = record.get('volumes', {})
        target = next((t for t, info in attached.items()
                       if info['data']['device_path'] == path), None)
        if target is None:
            LOG.info('Volume %s was not attached to instance %s', path,
                     instance.uuid)
            return
        domain = self._domain(instance)
        disk = guest_spec.volume_disk(attached[target], target,
                                      _bus_of(instance, record))
        domain.detachDeviceFlags(config.disk_xml(disk),
                                 self._device_flags(domain))
        del attached[target]
        imagebackend.write_record(instance.uuid, record)

    def extend_volume(self, context, connection_info, instance,
                      requested_size):
        """Grow the guest's view of the volume (its file already grew);
        a guest that is not running sees the new size when it starts."""
        _check(connection_info)
        record = imagebackend.read_record(instance.uuid)
        path = connection_info['data']['device_path']
        target = next((t for t, info in record.get('volumes', {}).items()
                       if info['data']['device_path'] == path), None)
        if target is None:
            raise volume_exception.VolumeNotAttached(
                volume_id=connection_info['data'].get('volume_id') or path)
        domain = self._domain(instance)
        if domain.isActive():
            domain.blockResize(
                target, requested_size,
                self._host.libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES)
        LOG.info('Volume %s of instance %s (%s) is now %d bytes', path,
                 instance.uuid, target, requested_size)


def boot_volumes(block_device_info):
    """{target: connection_info} of the volumes a guest boots with."""
    volumes = {}
    for bdm in (block_device_info or {}).get('block_device_mapping') or []:
        info = bdm.get('connection_info') or {}
        if info.get('driver_volume_type') != 'file':
            continue
        target = os.path.basename(bdm.get('mount_device') or '')
        if target:
            volumes[target] = info
    return volumes


def root_is_volume(block_device_info, boot_volumes):
    """Whether the guest's root device is one of its boot volumes."""
    info = block_device_info or {}
    root = info.get('root_device_name') or next(
        (bdm.get('mount_device') for bdm in
         info.get('block_device_mapping') or []
         if bdm.get('boot_index') == 0), None)
    return bool(root) and os.path.basename(root) in boot_volumes


def _targets(instance, record):
    spec = guest_spec.build(instance, record, rescue='rescue' in record)
    return {disk.target for disk in spec.disks}


def _bus_of(instance, record):
    return guest_spec.next_device(instance, record)[1]
