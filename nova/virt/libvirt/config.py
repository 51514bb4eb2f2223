"""Guest configuration: what a guest is made of, and its libvirt XML.

GuestSpec is plain data (filled by nova.virt.libvirt.guest_spec from the
flavor, the image and the options); domain_xml() turns it into the
domain XML libvirt defines. Nothing here talks to libvirt.
"""

import dataclasses
import typing
from xml.etree import ElementTree as ET

# The first device name of each bus; later disks count up from it.
_DEV_PREFIX = {'virtio': 'vd', 'scsi': 'sd', 'sata': 'sd', 'ide': 'hd',
               'usb': 'sd'}


def device_name(bus, index):
    """The target device of the index-th disk on bus (vda, vdb, ...)."""
    return _DEV_PREFIX.get(bus, 'vd') + 'abcdefghijklmnopqrstuvwxyz'[index]


@dataclasses.dataclass
class Disk:
    """A disk (or CD-ROM) of the guest, backed by a file."""

    path: str
    target: str
    bus: str = 'virtio'
    format: str = 'qcow2'
    device: str = 'disk'
    readonly: bool = False
    serial: typing.Optional[str] = None
    # Set on one disk (a stable rescue's): the guest boots from it, not
    # from the first disk.
    boot_order: typing.Optional[int] = None


@dataclasses.dataclass
class Interface:
    """A network interface of the guest, on a host bridge."""

    mac: str
    bridge: str
    devname: typing.Optional[str] = None
    mtu: typing.Optional[int] = None
    model: str = 'virtio'


@dataclasses.dataclass
class GuestSpec:
    """Everything the domain XML says."""

    name: str
    uuid: str
    memory_mb: int
    vcpus: int
    virt_type: str = 'kvm'
    arch: str = 'x86_64'
    machine_type: typing.Optional[str] = None
    cpu_mode: str = 'none'
    cpu_model: typing.Optional[str] = None
    kernel: typing.Optional[str] = None
    ramdisk: typing.Optional[str] = None
    cmdline: typing.Optional[str] = None
    disks: typing.List[Disk] = dataclasses.field(default_factory=list)
    interfaces: typing.List[Interface] = dataclasses.field(
        default_factory=list)
    console_log: typing.Optional[str] = None
    # (address, port) the serial console listens on for the serial
    # proxy; None: a pty (virsh console) only.
    serial_tcp: typing.Optional[typing.Tuple[str, int]] = None
    vnc_listen: typing.Optional[str] = None
    video_model: str = 'cirrus'
    # Shown in the XML's <metadata> so an operator can tell whose it is.
    description: typing.Dict[str, str] = dataclasses.field(
        default_factory=dict)


METADATA_NS = 'http://openstack.org/xmlns/libvirt/nova/1.1'


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, tag,
                            {k: str(v) for k, v in attrs.items()
                             if v is not None})
    if text is not None:
        element.text = str(text)
    return element


def _os(domain, spec):
    os_el = _sub(domain, 'os')
    _sub(os_el, 'type', 'hvm', arch=spec.arch, machine=spec.machine_type)
    if spec.kernel:
        _sub(os_el, 'kernel', spec.kernel)
        if spec.ramdisk:
            _sub(os_el, 'initrd', spec.ramdisk)
        if spec.cmdline:
            _sub(os_el, 'cmdline', spec.cmdline)
    elif not any(disk.boot_order for disk in spec.disks):
        # libvirt refuses <boot dev> beside a per-device boot order.
        _sub(os_el, 'boot', dev='hd')


def _cpu(domain, spec):
    if spec.cpu_mode == 'none':
        return
    if spec.cpu_mode == 'custom':
        cpu = _sub(domain, 'cpu', mode='custom', match='exact')
        _sub(cpu, 'model', spec.cpu_model, fallback='allow')
    else:
        cpu = _sub(domain, 'cpu', mode=spec.cpu_mode)
    _sub(cpu, 'topology', sockets=spec.vcpus, cores=1, threads=1)


def _disk(devices, disk):
    element = _sub(devices, 'disk', type='file', device=disk.device)
    _sub(element, 'driver', name='qemu', type=disk.format, cache='none'
         if disk.device == 'disk' and not disk.readonly else None)
    _sub(element, 'source', file=disk.path)
    _sub(element, 'target', dev=disk.target, bus=disk.bus)
    if disk.readonly:
        _sub(element, 'readonly')
    if disk.serial:
        _sub(element, 'serial', disk.serial)
    if disk.boot_order:
        _sub(element, 'boot', order=disk.boot_order)
    return element


def disk_xml(disk):
    """The <disk> element alone, for hot-plugging."""
    holder = ET.Element('devices')
    return ET.tostring(_disk(holder, disk), encoding='unicode')


def _devices(domain, spec):
    devices = _sub(domain, 'devices')
    for disk in spec.disks:
        _disk(devices, disk)
    for vif in spec.interfaces:
        interface = _sub(devices, 'interface', type='bridge')
        _sub(interface, 'mac', address=vif.mac)
        _sub(interface, 'source', bridge=vif.bridge)
        if vif.devname:
            _sub(interface, 'target', dev=vif.devname)
        _sub(interface, 'model', type=vif.model)
        if vif.mtu:
            _sub(interface, 'mtu', size=vif.mtu)
    if spec.serial_tcp:
        # The serial console listens on TCP for nova-serialproxy (libvirt
        # adds the matching <console>), and is logged to the same file.
        serial = _sub(devices, 'serial', type='tcp')
        _sub(serial, 'source', mode='bind', host=spec.serial_tcp[0],
             service=spec.serial_tcp[1])
        _sub(serial, 'protocol', type='raw')
        if spec.console_log:
            _sub(serial, 'log', file=spec.console_log, append='on')
        _sub(serial, 'target', port=0)
    elif spec.console_log:
        # The guest's serial console goes to a pty (interactive) and is
        # logged to a file, which os-getConsoleOutput reads.
        serial = _sub(devices, 'serial', type='pty')
        _sub(serial, 'log', file=spec.console_log, append='on')
        _sub(devices, 'console', type='pty')
    if spec.vnc_listen:
        graphics = _sub(devices, 'graphics', type='vnc', autoport='yes',
                        listen=spec.vnc_listen)
        _sub(graphics, 'listen', type='address', address=spec.vnc_listen)
    if spec.video_model != 'none':
        video = _sub(devices, 'video')
        _sub(video, 'model', type=spec.video_model)
    _sub(devices, 'memballoon', model='virtio')


def domain_xml(spec):
    """The libvirt domain XML of spec, as a string."""
    domain = ET.Element('domain', type=spec.virt_type)
    _sub(domain, 'name', spec.name)
    _sub(domain, 'uuid', spec.uuid)
    if spec.description:
        metadata = _sub(domain, 'metadata')
        ET.register_namespace('nova', METADATA_NS)
        instance = _sub(metadata, '{%s}instance' % METADATA_NS)
        for key, value in sorted(spec.description.items()):
            _sub(instance, '{%s}%s' % (METADATA_NS, key), value)
    _sub(domain, 'memory', spec.memory_mb, unit='MiB')
    _sub(domain, 'vcpu', spec.vcpus)
    _os(domain, spec)
    features = _sub(domain, 'features')
    _sub(features, 'acpi')
    _sub(features, 'apic')
    _cpu(domain, spec)
    _sub(domain, 'clock', offset='utc')
    _sub(domain, 'on_poweroff', 'destroy')
    _sub(domain, 'on_reboot', 'restart')
    _sub(domain, 'on_crash', 'destroy')
    _devices(domain, spec)
    return ET.tostring(domain, encoding='unicode')
