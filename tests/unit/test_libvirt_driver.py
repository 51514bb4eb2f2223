"""The libvirt driver against libvirt's own test:///default driver: real
libvirt-python, real qemu-img disks and files, no QEMU guest running."""

import json
import os
import subprocess
import uuid
from xml.etree import ElementTree

import pytest

from nova.compute import power_state
from nova.compute import task_states
from nova import exception
from nova import objects
from nova.virt import driver as virt_driver
from nova.virt.libvirt import errors
from nova.virt.libvirt import imagebackend
from nova.virt.libvirt import imagecache
from nova.virt.libvirt import paths
from nova.virt.libvirt import serial_ports
from nova.volume import exception as volume_exception
from nova.volume import file_backend
from tests import libvirt_env
from tests.unit import stored_instances

GiB = 1024 ** 3


class Images:
    """An image service in memory (the driver only downloads, reads the
    disk_format of a snapshot's queued image and uploads)."""

    def __init__(self):
        self.data = {}
        self.meta = {}
        self.uploads = {}

    def add(self, data, disk_format='raw', properties=None):
        image_id = str(uuid.uuid4())
        self.data[image_id] = data
        self.meta[image_id] = {'id': image_id, 'disk_format': disk_format,
                               'properties': properties or {}}
        return dict(self.meta[image_id])

    def get(self, context, image_id):
        return self.meta[image_id]

    def download(self, context, image_id):
        yield self.data[image_id]

    def upload(self, context, image_id, data):
        self.uploads[image_id] = data.read()


@pytest.fixture
def lv(conf, tmp_path):
    libvirt_env.require_libvirt_python()
    conf.set_override('connection_uri', 'test:///default', 'libvirt')
    conf.set_override('virt_type', 'qemu', 'libvirt')
    conf.set_override('wait_soft_reboot_seconds', 1, 'libvirt')
    conf.set_override('image_cache_manager_interval', 0, 'libvirt')
    driver = virt_driver.load_compute_driver('libvirt.LibvirtDriver',
                                             host='host1')
    driver._images = Images()
    driver.init_host('host1')
    yield driver
    for uuid_ in driver.list_instance_uuids():
        driver.destroy(None, objects.Instance(uuid=uuid_))
    driver.cleanup_host('host1')


def _flavor(name='small', root_gb=1, ephemeral_gb=0, swap=0, vcpus=2,
            memory_mb=256):
    return objects.Flavor(name=name, root_gb=root_gb, memory_mb=memory_mb,
                          vcpus=vcpus, ephemeral_gb=ephemeral_gb, swap=swap,
                          extra_specs={})


def _instance(flavor=None, **kw):
    values = dict(uuid=str(uuid.uuid4()), display_name='vm', hostname='vm',
                  project_id='p', key_name=None, key_data=None,
                  user_data=None, config_drive='', metadata={},
                  launch_index=0, availability_zone='nova',
                  flavor=flavor or _flavor())
    values.update(kw)
    return objects.Instance(**values)


def _stored(context, flavor=None, **kw):
    """An instance in the test database: the config drive's content is
    read through objects, as nova-compute reads it from the conductor."""
    values = dict(display_name='vm', hostname='vm', key_name=None,
                  key_data=None, user_data=None, config_drive='',
                  metadata={}, launch_index=0, availability_zone='nova',
                  flavor=flavor or _flavor())
    values.update(kw)
    return stored_instances.create(context, **values)


def _xml(driver, instance):
    return ElementTree.fromstring(driver._domain(instance).XMLDesc(0))


def _disk_targets(xml):
    return [(d.find('target').get('dev'),
             os.path.basename(d.find('source').get('file')))
            for d in xml.findall('./devices/disk')]


def test_loads_by_its_config_name_and_reports_the_host(lv):
    res = lv.get_available_resource('host1')
    assert res.vcpus > 0 and res.memory_mb > 0 and res.local_gb > 0
    assert res.hypervisor_type == 'QEMU'
    cpu = json.loads(res.cpu_info)
    # The test driver describes an i686 host.
    assert cpu['arch'] in ('i686', 'x86_64')
    assert cpu['supported_instances'] == [[cpu['arch'], 'qemu', 'hvm']]
    assert lv.get_available_nodes() == ['host1']


def test_spawn_whole_disk_image_builds_overlay_and_domain(lv):
    image = lv.images.add(b'\0' * 4096, 'raw',
                          {'hw_video_model': 'vga', 'hw_disk_bus': 'sata'})
    inst = _instance(_flavor(root_gb=1, ephemeral_gb=1, swap=16))
    lv.spawn(None, inst, image, [], None)

    assert lv.get_info(inst).state == power_state.RUNNING
    assert inst.uuid in lv.list_instance_uuids()
    xml = _xml(lv, inst)
    assert xml.get('type') == 'qemu'
    assert xml.findtext('vcpu') == '2'
    assert xml.find('os/boot').get('dev') == 'hd'
    assert xml.find('os/kernel') is None
    assert _disk_targets(xml) == [('sda', 'disk'), ('sdb', 'disk.local'),
                                  ('sdc', 'disk.swap')]
    assert xml.find('devices/video/model').get('type') == 'vga'
    assert xml.find('devices/graphics').get('listen') == '127.0.0.1'
    assert xml.find('devices/serial/log').get('file') == \
        paths.console_log(inst.uuid)
    root = json.loads(os.popen('qemu-img info --output=json %s' % paths.
                               instance_file(inst.uuid, 'disk')).read())
    assert root['format'] == 'qcow2'
    assert root['virtual-size'] == GiB
    assert root['backing-filename'] == imagecache.base_path(image['id'])

    with pytest.raises(exception.InstanceExists):
        lv.spawn(None, inst, image, [], None)
    lv.destroy(None, inst)
    assert not os.path.exists(paths.instance_dir(inst.uuid))
    with pytest.raises(exception.InstanceNotFound):
        lv.get_info(inst)
    lv.destroy(None, inst)  # already gone: fine


def test_kernel_and_ramdisk_images_boot_directly(lv):
    kernel = lv.images.add(b'kernel', 'aki')
    ramdisk = lv.images.add(b'ramdisk', 'ari')
    image = lv.images.add(b'\0' * 4096, 'ami', {
        'kernel_id': kernel['id'], 'ramdisk_id': ramdisk['id']})
    inst = _instance()
    lv.spawn(None, inst, image, [], None)
    xml = _xml(lv, inst)
    assert xml.findtext('os/kernel') == imagecache.base_path(kernel['id'])
    assert xml.findtext('os/initrd') == imagecache.base_path(ramdisk['id'])
    assert 'console=ttyS0' in xml.findtext('os/cmdline')


def test_boot_from_volume_and_extra_volumes_at_spawn(lv, tmp_path,
                                                     admin_context):
    boot, data = tmp_path / 'boot.qcow2', tmp_path / 'data.raw'
    mappings = [
        {'connection_info': {'driver_volume_type': 'file', 'data': {
            'device_path': str(path), 'format': fmt}},
         'mount_device': device, 'boot_index': index}
        for path, fmt, device, index in ((boot, 'qcow2', '/dev/vda', 0),
                                         (data, 'raw', '/dev/vdc', None))]
    inst = _stored(admin_context, _flavor(root_gb=0, swap=8),
                   config_drive='True')
    lv.spawn(admin_context, inst, None, [], None,
             block_device_info={'block_device_mapping': mappings})
    assert sorted(_disk_targets(_xml(lv, inst))) == [
        ('vda', 'boot.qcow2'), ('vdb', 'disk.swap'),
        ('vdc', 'data.raw'), ('vdd', 'disk.config')]
    assert not os.path.exists(paths.instance_file(inst.uuid, 'disk'))


def test_a_reimaged_boot_volume_is_the_disk_after_a_rebuild(
        lv, tmp_path, admin_context):
    """API 2.93 as nova-compute runs it on libvirt: the guest goes, the
    volume file is rewritten (file_backend.reimage), and the new guest,
    spawned with the rebuild's image, boots from that volume (vda)."""
    backend = file_backend.FileBackend(path=str(tmp_path / 'volumes'),
                                       volume_format='raw')
    path, fmt = backend.create_from_bytes('boot', iter([b'OLD-DISK']), 1)
    info = {'driver_volume_type': 'file',
            'data': {'device_path': path, 'format': fmt}}
    mappings = [{'connection_info': info, 'mount_device': '/dev/vda',
                 'boot_index': 0}]
    inst = _stored(admin_context, _flavor(root_gb=0))
    lv.spawn(admin_context, inst, None, [], None,
             block_device_info={'block_device_mapping': mappings})
    lv.destroy(admin_context, inst)
    backend.reimage('boot', path, iter([b'NEW-DISK']), 1)
    image = lv.images.add(b'NEW-DISK', 'raw')
    lv.spawn(admin_context, inst, image, [], None,
             block_device_info={'block_device_mapping': mappings})
    assert lv.get_info(inst).state == power_state.RUNNING
    targets = _disk_targets(_xml(lv, inst))
    # Made from an image, the guest still has no local root disk.
    assert targets == [('vda', 'volume-boot')]
    assert not os.path.exists(paths.instance_file(inst.uuid, 'disk'))
    with open(path, 'rb') as f:
        assert f.read(8) == b'NEW-DISK'


def test_nics_on_existing_bridges_only(lv):
    network_info = [
        {'id': 'v1', 'address': 'fa:16:3e:00:00:01', 'type': 'bridge',
         'devname': 'tapv1', 'network': {'bridge': 'lo', 'mtu': 1400}},
        {'id': 'v2', 'address': 'fa:16:3e:00:00:02', 'type': 'bridge',
         'devname': 'tapv2', 'network': {'bridge': 'no-such-br',
                                         'mtu': None}}]
    inst = _instance()
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None,
             network_info=network_info)
    nics = _xml(lv, inst).findall('devices/interface')
    assert [(n.find('mac').get('address'), n.find('source').get('bridge'),
             n.find('model').get('type'), n.find('mtu').get('size'))
            for n in nics] == [('fa:16:3e:00:00:01', 'lo', 'virtio', '1400')]


def test_raw_images_type_copies_the_base(lv, conf):
    conf.set_override('images_type', 'raw', 'libvirt')
    image = lv.images.add(b'\1' * 4096, 'raw')
    inst = _instance()
    lv.spawn(None, inst, image, [], None)
    disk = _xml(lv, inst).find('devices/disk/driver')
    assert disk.get('type') == 'raw'
    assert os.path.getsize(paths.instance_file(inst.uuid, 'disk')) == GiB


def test_cpu_mode_model_and_machine_type(lv, conf):
    conf.set_override('cpu_mode', 'custom', 'libvirt')
    conf.set_override('cpu_models', ['qemu64'], 'libvirt')
    image = lv.images.add(b'\0' * 512, 'raw', {'hw_machine_type': 'pc'})
    inst = _instance()
    lv.spawn(None, inst, image, [], None)
    xml = _xml(lv, inst)
    assert xml.find('cpu').get('mode') == 'custom'
    assert xml.findtext('cpu/model') == 'qemu64'
    assert xml.find('os/type').get('machine').startswith('pc')


def test_failed_spawn_leaves_nothing(lv):
    inst = _instance()
    with pytest.raises(errors.ImageFetchFailed):
        lv.spawn(None, inst, {'id': 'missing', 'disk_format': 'raw'}, [],
                 None)
    assert inst.uuid not in lv.list_instance_uuids()
    assert not os.path.exists(paths.instance_dir(inst.uuid))


def test_power_actions_follow_libvirt(lv):
    inst = _instance()
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None)
    lv.pause(inst)
    assert lv.get_info(inst).state == power_state.PAUSED
    lv.unpause(inst)
    assert lv.get_info(inst).state == power_state.RUNNING
    lv.power_off(inst)
    assert lv.get_info(inst).state == power_state.SHUTDOWN
    lv.power_on(None, inst, None)
    assert lv.get_info(inst).state == power_state.RUNNING
    lv.reboot(None, inst, None, 'SOFT')
    assert lv.get_info(inst).state == power_state.RUNNING
    lv.reboot(None, inst, None, 'HARD')
    assert lv.get_info(inst).state == power_state.RUNNING
    lv.suspend(None, inst)
    assert lv.get_info(inst).state == power_state.SUSPENDED
    lv.resume(None, inst, None)
    assert lv.get_info(inst).state == power_state.RUNNING


def test_config_drive_carries_metadata_user_data_and_key(lv, admin_context):
    inst = _stored(admin_context, config_drive='True', key_name='k',
                   key_data='ssh-rsa AAAA k', user_data='aGVsbG8=',
                   metadata={'role': 'web'})
    lv.spawn(admin_context, inst, lv.images.add(b'\0' * 512), [], None)
    xml = _xml(lv, inst)
    assert ('vdb', 'disk.config') in _disk_targets(xml)
    iso = paths.instance_file(inst.uuid, 'disk.config')
    with open(iso, 'rb') as f:
        data = f.read()
    assert b'CD001' in data[32768:32775]  # ISO 9660 volume descriptor
    assert b'config-2' in data[32768:33000]
    assert b'ssh-rsa AAAA k' in data and b'"role": "web"' in data
    assert b'hello' in data


def test_vfat_config_drive(lv, conf, admin_context):
    conf.set_override('config_drive_format', 'vfat', 'libvirt')
    conf.set_override('force_config_drive', True, 'libvirt')
    inst = _stored(admin_context)
    lv.spawn(admin_context, inst, lv.images.add(b'\0' * 512), [], None)
    drive = paths.instance_file(inst.uuid, 'disk.config')
    listing = subprocess.run(
        ['mdir', '-i', drive, '-b', '::/openstack/latest'],
        capture_output=True, text=True, check=True).stdout
    assert 'meta_data.json' in listing
    listing = subprocess.run(
        ['mdir', '-i', drive, '-b', '::/ec2/latest'],
        capture_output=True, text=True, check=True).stdout
    assert 'meta-data.json' in listing


def test_snapshot_uploads_the_converted_root_disk(lv):
    inst = _instance()
    lv.spawn(None, inst, lv.images.add(b'\7' * 1024, 'raw'), [], None)
    target = lv.images.add(b'', 'qcow2')
    steps = []

    def update(task_state, expected_state=None):
        steps.append(task_state)
    lv.snapshot(None, inst, target['id'], update)
    assert steps == [task_states.IMAGE_PENDING_UPLOAD,
                     task_states.IMAGE_UPLOADING]
    assert lv.images.uploads[target['id']][:4] == b'QFI\xfb'
    assert lv.get_info(inst).state == power_state.RUNNING


def test_snapshot_of_a_volume_backed_guest_reads_its_volume(
        lv, tmp_path, admin_context):
    """No local root disk: the image is made from the boot volume."""
    backend = file_backend.FileBackend(path=str(tmp_path / 'volumes'),
                                       volume_format='qcow2')
    path, fmt = backend.create_from_bytes('boot', iter([b'ON-VOLUME']), 1)
    mappings = [{'connection_info': {'driver_volume_type': 'file',
                                     'data': {'device_path': path,
                                              'format': fmt}},
                 'mount_device': '/dev/vda', 'boot_index': 0}]
    inst = _stored(admin_context, _flavor(root_gb=0))
    lv.spawn(admin_context, inst, lv.images.add(b'ON-IMAGE', 'raw'), [],
             None, block_device_info={'block_device_mapping': mappings})
    assert not os.path.exists(paths.instance_file(inst.uuid, 'disk'))
    target = lv.images.add(b'', 'raw')
    lv.snapshot(admin_context, inst, target['id'],
                lambda task_state, expected_state=None: None)
    assert lv.images.uploads[target['id']][:9] == b'ON-VOLUME'


def test_rescue_puts_the_rescue_disk_first_and_unrescue_undoes_it(lv):
    image = lv.images.add(b'\0' * 512)
    inst = _instance()
    lv.spawn(None, inst, image, [], None)
    lv.rescue(None, inst, None, image, 'pw')
    assert _disk_targets(_xml(lv, inst)) == [('vda', 'disk.rescue'),
                                             ('vdb', 'disk')]
    assert lv.get_info(inst).state == power_state.RUNNING
    lv.unrescue(None, inst)
    assert _disk_targets(_xml(lv, inst)) == [('vda', 'disk')]
    assert not os.path.exists(paths.instance_file(inst.uuid, 'disk.rescue'))


def test_resize_on_this_host_grows_disks_then_confirm_or_revert(lv):
    image = lv.images.add(b'\0' * 512)
    old, new = _flavor('small', root_gb=1), _flavor('big', root_gb=2,
                                                    vcpus=3)
    for outcome in ('confirm', 'revert'):
        inst = _instance(old)
        lv.spawn(None, inst, image, [], None)
        lv.migrate_disk_and_power_off(None, inst, 'host1', new)
        assert os.path.isdir(paths.resize_dir(inst.uuid))
        inst.flavor = new
        lv.finish_migration(None, None, inst, None, None, None, True)
        assert _xml(lv, inst).findtext('vcpu') == '3'
        root = paths.instance_file(inst.uuid, 'disk')
        assert os.popen('qemu-img info %s' % root).read().count('2 GiB')
        if outcome == 'confirm':
            lv.confirm_migration(None, None, inst)
            assert not os.path.exists(paths.resize_dir(inst.uuid))
        else:
            lv.destroy(None, inst)  # what the manager does on revert
            inst.flavor = old
            lv.finish_revert_migration(None, inst, None, None)
            assert _xml(lv, inst).findtext('vcpu') == '2'
            assert os.popen('qemu-img info %s' % root).read().count('1 GiB')
        assert lv.get_info(inst).state == power_state.RUNNING


def test_cold_moves_to_another_host_are_refused_cleanly(lv):
    inst = _instance()
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None)
    with pytest.raises(errors.MigrationNotSupported):
        lv.migrate_disk_and_power_off(None, inst, 'host2', _flavor())
    assert lv.get_info(inst).state == power_state.RUNNING
    with pytest.raises(errors.MigrationNotSupported):
        lv.migrate_disk_and_power_off(None, inst, 'host1',
                                      _flavor(root_gb=0))


def test_cold_moves_to_another_host_sharing_the_files(lv, conf):
    conf.set_override('instances_path_shared', True, 'libvirt')
    inst = _instance()
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None)
    lv.migrate_disk_and_power_off(None, inst, 'host2', _flavor())
    assert inst.uuid not in lv.list_instance_uuids()  # left the source
    assert os.path.isdir(paths.resize_dir(inst.uuid))
    # What host2 does with the shared files (here on the same libvirt).
    lv.finish_migration(None, None, inst, None, None, None, True)
    assert lv.get_info(inst).state == power_state.RUNNING
    lv.confirm_migration(None, None, inst)
    assert not os.path.exists(paths.resize_dir(inst.uuid))


def test_console_output_reads_the_serial_log(lv):
    inst = _instance()
    with pytest.raises(exception.InstanceNotReady):
        lv.get_console_output(None, inst)
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None)
    assert lv.get_console_output(None, inst) == ''
    with open(paths.console_log(inst.uuid), 'wb') as log:
        log.write(b'x' * 200000 + b'\r\nNOVA-TEST-GUEST-BOOTED\r\n')
    out = lv.get_console_output(None, inst)
    assert out.endswith('NOVA-TEST-GUEST-BOOTED\n')
    assert len(out) <= 100 * 1024


def test_serial_ports_of_defined_guests_survive_a_restart(
        lv, conf, monkeypatch):
    """A restarted nova-compute does not give a new guest the serial port
    of a guest defined before (here shut off: nothing listens on it)."""
    conf.set_override('enabled', True, 'serial_console')
    conf.set_override('port_range', '10000:10001', 'serial_console')
    first = _instance()
    lv.spawn(None, first, lv.images.add(b'\0' * 512), [], None)
    lv.power_off(first)
    port = int(_xml(lv, first).find(
        "devices/serial[@type='tcp']/source").get('service'))
    # A new process: what the old one gave out is forgotten.
    monkeypatch.setattr(serial_ports, '_taken', set())
    restarted = virt_driver.load_compute_driver('libvirt.LibvirtDriver',
                                                host='host1')
    restarted._images = lv.images
    restarted.init_host('host1')
    try:
        second = _instance()
        restarted.spawn(None, second, lv.images.add(b'\0' * 512), [], None)
        other = int(_xml(restarted, second).find(
            "devices/serial[@type='tcp']/source").get('service'))
        assert {port, other} == {10000, 10001}
        # The range is used up: a third guest is refused cleanly.
        with pytest.raises(exception.NovaException, match='No free serial'):
            restarted.spawn(None, _instance(), lv.images.add(b'\0' * 512),
                            [], None)
    finally:
        restarted.cleanup_host('host1')


def test_unused_bases_are_removed_used_ones_kept(lv):
    used, unused = lv.images.add(b'\0' * 512), lv.images.add(b'\1' * 512)
    inst = _instance()
    lv.spawn(None, inst, used, [], None)
    imagecache.fetch(None, lv.images, unused['id'])
    removed = imagecache.remove_unused_bases(min_age=0)
    assert removed == [imagecache.base_path(unused['id'])]
    assert os.path.exists(imagecache.base_path(used['id']))
    assert imagecache.remove_unused_bases(min_age=3600) == []
    # A rescue image's base is in use while the guest is rescued.
    rescue_image = lv.images.add(b'\2' * 512)
    lv.rescue(None, inst, None, rescue_image, 'pw')
    assert imagecache.remove_unused_bases(min_age=0) == []
    lv.unrescue(None, inst)
    assert imagecache.remove_unused_bases(min_age=0) == [
        imagecache.base_path(rescue_image['id'])]


def test_lifecycle_events_reach_the_listener(lv):
    import threading
    seen = []
    event = threading.Event()

    def listener(uuid_):
        seen.append(uuid_)
        event.set()
    lv.register_event_listener(listener)
    inst = _instance()
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None)
    lv.power_off(inst)
    assert event.wait(10)
    assert inst.uuid in seen


@pytest.fixture
def qemu(lv, conf):
    """The driver on qemu:///system (libvirtd running), for what the
    test driver lacks; its guests are never booted."""
    libvirt_env.require_qemu_host()
    conf.set_override('connection_uri', libvirt_env.SYSTEM_URI, 'libvirt')
    driver = virt_driver.load_compute_driver('libvirt.LibvirtDriver',
                                             host='host1')
    driver._images = lv.images
    driver.init_host('host1')
    guests = []
    yield driver, guests
    for inst in guests:
        driver.destroy(None, inst)


def test_file_volumes_plug_and_unplug(qemu, tmp_path):
    lv, guests = qemu
    inst = _instance()
    guests.append(inst)
    lv.images.add(b'\0' * 512)
    image = lv.images.add(b'\0' * 512)
    imagebackend.prepare(None, lv.images, inst, image)
    lv._define(inst, imagebackend.read_record(inst.uuid))
    volume = tmp_path / 'vol.raw'
    volume.write_bytes(b'\0' * 1024 * 1024)
    info = {'driver_volume_type': 'file',
            'data': {'device_path': str(volume), 'format': 'raw'}}
    assert lv.attach_volume(None, info, inst, None) == '/dev/vdb'
    assert ('vdb', 'vol.raw') in _disk_targets(_xml(lv, inst))
    lv.detach_volume(None, info, inst, '/dev/vdb')
    assert ('vdb', 'vol.raw') not in _disk_targets(_xml(lv, inst))
    with pytest.raises(errors.VolumeNotSupported):
        lv.attach_volume(None, {'driver_volume_type': 'iscsi', 'data': {}},
                         inst, None)


def test_file_volume_hot_plugs_into_a_running_qemu_guest(qemu, tmp_path):
    lv, guests = qemu
    with open(os.path.join(libvirt_env.IMAGES, 'disk.qcow2'), 'rb') as f:
        image = lv.images.add(f.read(), 'qcow2')
    inst = _instance()
    guests.append(inst)
    lv.spawn(None, inst, image, [], None)
    assert lv.get_info(inst).state == power_state.RUNNING
    volume = tmp_path / 'vol.qcow2'
    os.system('qemu-img create -q -f qcow2 %s 16M' % volume)
    info = {'driver_volume_type': 'file',
            'data': {'device_path': str(volume), 'format': 'qcow2'}}
    assert lv.attach_volume(None, info, inst, '/dev/vdc') == '/dev/vdc'
    live = _xml(lv, inst)  # the running QEMU has the disk now
    assert ('vdc', 'vol.qcow2') in _disk_targets(live)
    # Grown by the volume service (API 2.51): the guest's disk follows.
    lv.extend_volume(None, info, inst, 32 * 1024 * 1024)
    assert lv._domain(inst).blockInfo('vdc')[0] == 32 * 1024 * 1024
    lv.detach_volume(None, info, inst, '/dev/vdc')
    libvirt = lv._host.libvirt
    saved = ElementTree.fromstring(lv._domain(inst).XMLDesc(
        libvirt.VIR_DOMAIN_XML_INACTIVE))
    assert ('vdc', 'vol.qcow2') not in _disk_targets(saved)
    lv.detach_volume(None, info, inst, '/dev/vdc')  # already gone: fine


def test_diagnostics_name_vcpus_disks_and_memory(lv):
    inst = _instance()
    with pytest.raises(exception.InstanceNotFound):
        lv.get_diagnostics(inst)
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None)
    diag = lv.get_diagnostics(inst)
    # Flavor of 2 vCPUs and 256 MiB; the root disk is vda.
    assert {'cpu0_time', 'cpu1_time'} <= set(diag)
    assert diag['memory'] == 256 * 1024
    assert {'vda_read', 'vda_read_req', 'vda_write', 'vda_write_req',
            'vda_errors'} <= set(diag)
    assert all(isinstance(v, int) for v in diag.values())


def test_standard_diagnostics_of_api_2_48(lv):
    inst = _instance(launched_at=None)
    lv.spawn(None, inst, lv.images.add(b'\0' * 512), [], None)
    diag = lv.get_instance_diagnostics(inst)
    assert (diag['state'], diag['driver'], diag['hypervisor'],
            diag['hypervisor_os']) == ('running', 'libvirt', 'qemu', 'linux')
    # Not launched yet: no uptime to tell.
    assert diag['uptime'] is None and diag['config_drive'] is False
    assert [c['id'] for c in diag['cpu_details']] == [0, 1]
    assert diag['num_cpus'] == 2
    assert diag['memory_details']['maximum'] == 256
    assert diag['num_disks'] == len(diag['disk_details']) >= 1
    assert set(diag['disk_details'][0]) == {
        'read_bytes', 'read_requests', 'write_bytes', 'write_requests',
        'errors_count'}
    assert diag['num_nics'] == len(diag['nic_details'])


def test_extend_volume_needs_the_volume_attached(lv, tmp_path):
    inst = _instance()
    image = lv.images.add(b'\0' * 512)
    imagebackend.prepare(None, lv.images, inst, image)
    lv._define(inst, imagebackend.read_record(inst.uuid))
    volume = tmp_path / 'vol.raw'
    volume.write_bytes(b'\0' * 1024 * 1024)
    info = {'driver_volume_type': 'file',
            'data': {'device_path': str(volume), 'format': 'raw'}}
    with pytest.raises(volume_exception.VolumeNotAttached):
        lv.extend_volume(None, info, inst, 2 * 1024 * 1024)
