"""The libvirt guest config: GuestSpec from instance, record and options,
and the domain XML (no libvirt needed)."""

import socket
from xml.etree import ElementTree

import pytest

from nova import exception
from nova import objects
from nova.virt.libvirt import config
from nova.virt.libvirt import guest_spec
from nova.virt.libvirt import imagebackend
from nova.virt.libvirt import paths
from nova.virt.libvirt import serial_ports


def _instance():
    return objects.Instance(
        uuid='0f0f0f0f-0000-4000-8000-000000000001', display_name='vm',
        project_id='p', flavor=objects.Flavor(
            name='f', memory_mb=256, vcpus=2, root_gb=1, ephemeral_gb=0,
            swap=0, extra_specs={}))


def _record(**image_props):
    return {'image': {'id': 'i', 'disk_format': 'qcow2',
                      'properties': image_props},
            'bases': [], 'volumes': {}, 'root_format': 'qcow2',
            'config_drive': None}


def _xml(spec):
    return ElementTree.fromstring(config.domain_xml(spec))


def test_device_names_per_bus():
    assert [config.device_name('virtio', i) for i in range(3)] == [
        'vda', 'vdb', 'vdc']
    assert config.device_name('sata', 1) == 'sdb'
    assert config.device_name('ide', 0) == 'hda'


def test_cpu_mode_defaults_follow_virt_type(conf):
    conf.set_override('virt_type', 'kvm', 'libvirt')
    xml = _xml(guest_spec.build(_instance(), _record()))
    assert xml.get('type') == 'kvm'
    assert xml.find('cpu').get('mode') == 'host-model'
    assert xml.find('cpu/topology').get('sockets') == '2'
    conf.set_override('virt_type', 'qemu', 'libvirt')
    xml = _xml(guest_spec.build(_instance(), _record()))
    assert xml.find('cpu') is None  # QEMU's own default CPU
    xml = _xml(guest_spec.build(_instance(),
                                _record(hw_cpu_model='Nehalem')))
    assert xml.find('cpu').get('mode') == 'custom'
    assert xml.findtext('cpu/model') == 'Nehalem'


def test_guest_devices_from_flavor_image_and_options(conf):
    conf.set_override('server_listen', '10.0.0.5', 'vnc')
    conf.set_override('hw_machine_type', 'q35', 'libvirt')
    record = _record(hw_disk_bus='scsi', hw_video_model='virtio')
    record.update(ephemeral='qcow2', swap='raw', config_drive='iso9660')
    xml = _xml(guest_spec.build(_instance(), record))
    assert xml.findtext('memory') == '256'
    assert xml.find('memory').get('unit') == 'MiB'
    assert xml.find('os/type').get('machine') == 'q35'
    disks = [(d.find('target').get('dev'), d.find('target').get('bus'),
              d.find('readonly') is not None)
             for d in xml.findall('devices/disk')]
    assert disks == [('sda', 'scsi', False), ('sdb', 'scsi', False),
                     ('sdc', 'scsi', False), ('sdd', 'scsi', True)]
    assert xml.find('devices/graphics').get('listen') == '10.0.0.5'
    assert xml.find('devices/video/model').get('type') == 'virtio'
    uuid = _instance().uuid
    assert xml.find('devices/serial/log').get('file') == \
        paths.console_log(uuid)
    assert xml.findtext('metadata/{%s}instance/{%s}flavor' % (
        (config.METADATA_NS,) * 2)) == 'f'


def test_serial_console_on_tcp_when_its_port_is_in_the_record(conf):
    conf.set_override('proxyclient_address', '10.0.0.7', 'serial_console')
    record = _record()
    xml = _xml(guest_spec.build(_instance(), record))
    assert xml.find('devices/serial').get('type') == 'pty'
    record['serial_port'] = 10003
    xml = _xml(guest_spec.build(_instance(), record))
    serial = xml.find('devices/serial')
    assert serial.get('type') == 'tcp'
    assert serial.find('source').attrib == {
        'mode': 'bind', 'host': '10.0.0.7', 'service': '10003'}
    assert serial.find('protocol').get('type') == 'raw'
    # Still logged for os-getConsoleOutput.
    assert serial.find('log').get('file') == \
        paths.console_log(_instance().uuid)
    assert serial_ports.domain_serial_port(
        config.domain_xml(guest_spec.build(_instance(), record))) == \
        ('10.0.0.7', 10003)


def _port_pair():
    """A listening socket on a port whose next port is free (the
    system's other processes take ephemeral ports too)."""
    for _ in range(50):
        busy = socket.socket()
        busy.bind(('127.0.0.1', 0))
        with socket.socket() as probe:
            try:
                probe.bind(('127.0.0.1', busy.getsockname()[1] + 1))
            except (OSError, OverflowError):
                busy.close()
                continue
        return busy
    raise AssertionError('no two free adjacent ports')


def test_serial_ports_skip_taken_ones(conf):
    with _port_pair() as busy:
        busy.listen(1)
        taken = busy.getsockname()[1]
        conf.set_override('port_range', '%d:%d' % (taken, taken + 1),
                          'serial_console')
        first = serial_ports.acquire()
        assert first == taken + 1  # the listening port is skipped
        with pytest.raises(exception.NovaException):
            serial_ports.acquire()  # given out already
        serial_ports.release(first)
        assert serial_ports.acquire() == first
        serial_ports.release(first)


def test_vnc_off_means_no_graphics(conf):
    conf.set_override('enabled', False, 'vnc')
    xml = _xml(guest_spec.build(_instance(), _record()))
    assert xml.find('devices/graphics') is None


def test_rescue_boots_the_rescue_disk_and_kernel_first(conf):
    record = _record()
    record.update(kernel='/k', ramdisk='/r', cmdline='console=ttyS0')
    record['rescue'] = {'format': 'qcow2', 'rescue_kernel': '/rk',
                        'rescue_ramdisk': '/rr', 'rescue_cmdline': 'rescue'}
    spec = guest_spec.build(_instance(), record, rescue=True)
    assert [d.path.rsplit('/', 1)[-1] for d in spec.disks] == [
        'disk.rescue', 'disk']
    xml = _xml(spec)
    assert (xml.findtext('os/kernel'), xml.findtext('os/initrd'),
            xml.findtext('os/cmdline')) == ('/rk', '/rr', 'rescue')
    normal = _xml(guest_spec.build(_instance(), record))
    assert normal.findtext('os/kernel') == '/k'


def _boot_volume_record():
    record = _record()
    record['root_format'] = None
    record['volumes'] = {'vda': {'driver_volume_type': 'file', 'data': {
        'device_path': '/v/root', 'format': 'raw', 'volume_id': 'vol-r'}}}
    return record


def test_volume_backed_rescue_keeps_the_volume_and_boots_the_rescue_disk(
        conf):
    record = _boot_volume_record()
    record['rescue'] = {'format': 'qcow2', 'image': {'properties': {}}}
    spec = guest_spec.build(_instance(), record, rescue=True)
    assert [(d.target, d.path.rsplit('/', 1)[-1], d.boot_order)
            for d in spec.disks] == [('vda', 'root', None),
                                     ('vdb', 'disk.rescue', 1)]
    xml = _xml(spec)
    # The device's boot order replaces <os><boot dev>, which libvirt
    # refuses beside it.
    assert xml.find('os/boot') is None
    boots = [(d.find('target').get('dev'), d.find('boot').get('order'))
             for d in xml.findall('devices/disk') if d.find('boot')
             is not None]
    assert boots == [('vdb', '1')]
    normal = _xml(guest_spec.build(_instance(), record))
    assert normal.find('os/boot').get('dev') == 'hd'
    assert normal.find('devices/disk/boot') is None


def test_stable_rescue_image_names_its_device_and_bus(conf):
    record = _record()
    record['rescue'] = {'format': 'raw', 'image': {'properties': {
        'hw_rescue_device': 'cdrom', 'hw_rescue_bus': 'sata'}}}
    spec = guest_spec.build(_instance(), record, rescue=True)
    rescue = spec.disks[-1]
    assert [d.target for d in spec.disks] == ['vda', 'sda']
    assert (rescue.device, rescue.bus, rescue.readonly,
            rescue.boot_order) == ('cdrom', 'sata', True, 1)
    # Without a bus, a CD-ROM goes where the machine type has one.
    del record['rescue']['image']['properties']['hw_rescue_bus']
    spec = guest_spec.build(_instance(), record, rescue=True)
    assert (spec.disks[-1].bus, spec.disks[-1].target) == ('ide', 'hda')


def test_volumes_follow_the_other_disks_with_their_format(conf):
    record = _record()
    record['volumes'] = {'vdc': {'driver_volume_type': 'file', 'data': {
        'device_path': '/v/1', 'format': 'qcow2', 'volume_id': 'vol-1'}}}
    spec = guest_spec.build(_instance(), record)
    volume = spec.disks[-1]
    assert (volume.path, volume.format, volume.target, volume.serial) == (
        '/v/1', 'qcow2', 'vdc', 'vol-1')
    assert guest_spec.next_device(_instance(), record) == ('vdb', 'virtio')


def test_image_dict_from_image_meta_or_dict():
    meta = objects.ImageMeta.from_dict({'id': 'a' * 8 + '-0000-4000-8000-'
                                              + 'b' * 12,
                                        'disk_format': 'raw',
                                        'properties': {'kernel_id': 'k'}})
    assert imagebackend.image_dict(meta)['properties'] == {'kernel_id': 'k'}
    assert imagebackend.image_dict(None)['id'] is None
    assert imagebackend.image_dict({'id': 'x'})['id'] == 'x'
