"""The GuestSpec of an instance: flavor, image properties and options.

Image properties honoured: hw_disk_bus, hw_machine_type, hw_video_model,
hw_cpu_model, hw_vif_model, os_command_line (with kernel_id/ramdisk_id:
direct kernel boot), and on rescue images hw_rescue_device and
hw_rescue_bus. Disks, in order: a boot volume or the root disk, ephemeral,
swap, config drive, then the other volumes; then one NIC per plugged
interface. A rescue disk goes before all of them, except in a stable
rescue (a volume-backed guest, or a rescue image that names its device or
bus), where the guest's disks keep their names and the rescue disk comes
last and is the one booted.
"""

import nova.conf
from nova.virt.libvirt import config
from nova.virt.libvirt import paths

CONF = nova.conf.CONF
_NAME_PREFIX = 'instance-'


def domain_name(instance):
    """The libvirt name of an instance's domain (unique per host)."""
    return _NAME_PREFIX + instance.uuid


def instance_uuid(name):
    """The instance uuid of a domain name; None for other domains."""
    if name.startswith(_NAME_PREFIX):
        return name[len(_NAME_PREFIX):]
    return None


def _cpu(props):
    mode = CONF.libvirt.cpu_mode
    model = props.get('hw_cpu_model')
    if model:
        return 'custom', model
    if mode is None:
        mode = 'host-model' if CONF.libvirt.virt_type == 'kvm' else 'none'
    if mode == 'custom':
        models = CONF.libvirt.cpu_models
        return ('custom', models[0]) if models else ('none', None)
    return mode, None


def build(instance, record, rescue=False):
    """The GuestSpec of instance as its record describes it."""
    image = record['image']
    props = image.get('properties') or {}
    bus = props.get('hw_disk_bus') or CONF.libvirt.disk_bus
    uuid = instance.uuid
    flavor = instance.flavor
    cpu_mode, cpu_model = _cpu(props)
    spec = config.GuestSpec(
        name=domain_name(instance), uuid=uuid,
        memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
        virt_type=CONF.libvirt.virt_type,
        machine_type=props.get('hw_machine_type') or
        CONF.libvirt.hw_machine_type,
        cpu_mode=cpu_mode, cpu_model=cpu_model,
        console_log=paths.console_log(uuid),
        serial_tcp=(CONF.serial_console.proxyclient_address,
                    record['serial_port'])
        if record.get('serial_port') else None,
        vnc_listen=CONF.vnc.server_listen if CONF.vnc.enabled else None,
        video_model=props.get('hw_video_model') or CONF.libvirt.video_model,
        description={'flavor': flavor.name or '',
                     'display_name': instance.display_name or '',
                     'project': instance.project_id or ''})
    files = []
    volumes = record.get('volumes', {})
    stable_rescue = None
    if rescue:
        rescued = record['rescue']
        spec.kernel = rescued.get('rescue_kernel')
        spec.ramdisk = rescued.get('rescue_ramdisk')
        spec.cmdline = rescued.get('rescue_cmdline')
        if is_stable_rescue(record):
            stable_rescue = rescued
        else:
            files.append(('disk.rescue', rescued['format']))
    else:
        spec.kernel = record.get('kernel')
        spec.ramdisk = record.get('ramdisk')
        spec.cmdline = record.get('cmdline')
    if record.get('root_format'):  # None: it boots from a volume
        files.append(('disk', record['root_format']))
    if record.get('ephemeral'):
        files.append(('disk.local', record['ephemeral']))
    if record.get('swap'):
        files.append(('disk.swap', record['swap']))
    if record.get('config_drive'):
        files.append(('disk.config', 'raw'))
    # A boot volume (vda) comes first; local disks take the free names.
    for target, volume in sorted(volumes.items()):
        if target == config.device_name(bus, 0):
            spec.disks.append(volume_disk(volume, target, bus))
    names = (config.device_name(bus, i) for i in range(26))
    for name, fmt in files:
        target = next(n for n in names if n not in volumes)
        spec.disks.append(config.Disk(
            path=paths.instance_file(uuid, name), format=fmt,
            target=target, bus=bus, readonly=name == 'disk.config'))
    for target, volume in sorted(volumes.items()):
        if target != config.device_name(bus, 0):
            spec.disks.append(volume_disk(volume, target, bus))
    if stable_rescue is not None:
        spec.disks.append(_stable_rescue_disk(
            uuid, stable_rescue, bus, spec.machine_type,
            {disk.target for disk in spec.disks}))
    model = props.get('hw_vif_model') or 'virtio'
    spec.interfaces = [config.Interface(
        mac=vif['mac'], bridge=vif['bridge'], devname=vif.get('devname'),
        mtu=vif.get('mtu'), model=model)
        for vif in record.get('interfaces') or []]
    return spec


def is_stable_rescue(record):
    """Whether a rescue keeps the guest's disks where they are: the guest
    boots from a volume, or the rescue image asks for its own device."""
    props = (record['rescue'].get('image') or {}).get('properties') or {}
    boots_from_volume = record.get('root_format') is None
    return boots_from_volume or bool(props.get('hw_rescue_device') or
                                     props.get('hw_rescue_bus'))


def _stable_rescue_disk(uuid, rescued, bus, machine_type, used):
    """The rescue disk, after every other disk and booted first."""
    props = (rescued.get('image') or {}).get('properties') or {}
    device = props.get('hw_rescue_device') or 'disk'
    rescue_bus = props.get('hw_rescue_bus')
    if not rescue_bus:
        # A CD-ROM cannot sit on virtio; q35 has no IDE controller.
        rescue_bus = bus if device == 'disk' else (
            'sata' if 'q35' in (machine_type or '') else 'ide')
    target = next(name for name in (config.device_name(rescue_bus, i)
                                    for i in range(26)) if name not in used)
    return config.Disk(
        path=paths.instance_file(uuid, 'disk.rescue'),
        format=rescued['format'], target=target, bus=rescue_bus,
        device='cdrom' if device == 'cdrom' else 'disk',
        readonly=device == 'cdrom', boot_order=1)


def root_disk(instance, record):
    """(path, format) of the disk the guest boots from: its local root
    disk, or its boot volume's file."""
    if record.get('root_format'):
        return (paths.instance_file(instance.uuid, 'disk'),
                record['root_format'])
    bus = (record['image'].get('properties') or {}).get(
        'hw_disk_bus') or CONF.libvirt.disk_bus
    volume = record.get('volumes', {}).get(config.device_name(bus, 0))
    if volume is None:
        raise ValueError('instance %s has no root disk' % instance.uuid)
    return (volume['data']['device_path'],
            volume['data'].get('format') or 'raw')


def volume_disk(connection_info, target, bus):
    data = connection_info['data']
    return config.Disk(path=data['device_path'],
                       format=data.get('format') or 'raw', target=target,
                       bus=bus, serial=data.get('volume_id'))


def next_device(instance, record):
    """The first free target device name for a hot-plugged disk."""
    spec = build(instance, record, rescue='rescue' in record)
    used = {disk.target for disk in spec.disks}
    bus = (record['image'].get('properties') or {}).get(
        'hw_disk_bus') or CONF.libvirt.disk_bus
    for index in range(26):
        name = config.device_name(bus, index)
        if name not in used:
            return name, bus
    raise ValueError('no free device name')
