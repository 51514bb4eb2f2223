"""Real QEMU guests (TCG) booted and driven through the Compute API.

The cloud runs the libvirt driver on qemu:///system. The guest images
come from tools/libvirt/build-test-images.sh (a Debian cloud kernel and a
busybox initramfs whose /init prints NOVA-TEST-GUEST-BOOTED, its disks'
sizes and its config drive's meta_data.json on the serial console): a
kernel + ramdisk pair with a small root disk, and a whole-disk image.
They are uploaded through the image API, and every check reads what the
guest itself printed, through os-getConsoleOutput.

Without a prepared host these tests skip locally and fail under CI.
"""

import os
import subprocess
import time
import uuid

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import idle
from tests import libvirt_env

MARKER = 'NOVA-TEST-GUEST-BOOTED'
READY = 'NOVA-TEST-GUEST-READY'
GiB_SECTORS = 1024 ** 3 // 512
ROOT_SECTORS = 8 * 1024 * 1024 // 512  # root.img
OPTIONS = {
    'compute_driver': 'libvirt.LibvirtDriver',
    'allow_resize_to_same_host': 'true',
    'libvirt.virt_type': 'qemu',
    'libvirt.connection_uri': libvirt_env.SYSTEM_URI,
    'libvirt.wait_soft_reboot_seconds': 30,
}


def _libvirt_cloud(tmp_path_factory, options=OPTIONS, **shape):
    images = libvirt_env.require_qemu_host()
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('libvirt'),
                              options=options, **shape)
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    running.test_images = images
    admin = running.api
    for flavor_id, ram, disk in (('lv0', 128, 0), ('lv1', 128, 1),
                                 ('lv2', 128, 2)):
        resp = admin.post('/flavors', json={'flavor': {
            'name': flavor_id, 'ram': ram, 'vcpus': 1, 'disk': disk,
            'id': flavor_id}})
        assert resp.status_code == 200, resp.text
    yield running
    # A failed test leaves its servers: no guest may outlive the cloud.
    for server in admin.get('/servers').json()['servers']:
        admin.delete('/servers/%s' % server['id'])
    for server in admin.get('/servers').json()['servers']:
        admin.wait_for_deletion(server['id'])
    running.stop()


@pytest.fixture(scope='module')
def lvcloud(tmp_path_factory):
    """The all-in-one (SQLite, in-process transport)."""
    yield from _libvirt_cloud(tmp_path_factory)


@pytest.fixture
def lvsplit(tmp_path_factory):
    """Split daemons on RabbitMQ and MariaDB: nova-compute has no
    database and fetches images from nova-api's image API over HTTP."""
    yield from _libvirt_cloud(tmp_path_factory, database='mysql',
                              split=True)


def _upload(cloud, path, disk_format, **properties):
    container = disk_format if disk_format in ('aki', 'ari', 'ami') \
        else 'bare'
    body = dict(properties, name='lv-%s' % uuid.uuid4().hex[:6],
                disk_format=disk_format, container_format=container,
                visibility='public')
    # Through the cloud's client (as admin), which names dead daemons.
    resp = cloud.api.post('%s/v2/images' % cloud.image_endpoint, json=body)
    assert resp.status_code == 201, resp.text
    image_id = resp.json()['id']
    with open(os.path.join(cloud.test_images, path), 'rb') as data:
        resp = cloud.api.put(
            '%s/v2/images/%s/file' % (cloud.image_endpoint, image_id),
            data=data,
            headers={'Content-Type': 'application/octet-stream'})
    assert resp.status_code == 204, resp.text
    return image_id


def _upload_kernel_image(cloud):
    """(ami, aki): the test root disk booted by its kernel and ramdisk."""
    kernel = _upload(cloud, 'vmlinuz', 'aki')
    ramdisk = _upload(cloud, 'initrd.img', 'ari')
    # quiet: the kernel's messages would push the markers out of the
    # console output's last 100 KiB after a few boots.
    image = _upload(cloud, 'root.img', 'ami', kernel_id=kernel,
                    ramdisk_id=ramdisk,
                    os_command_line='root=/dev/vda console=ttyS0 quiet')
    return image, kernel


def _boot(api, name, image_id, flavor='lv1', **extra):
    resp = api.post('/servers', json={'server': dict(
        extra, name=name, imageRef=image_id, flavorRef=flavor)})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _active(api, server_id, status='ACTIVE', timeout=120):
    server = api.wait_for_status(server_id, [status, 'ERROR'],
                                 timeout=timeout, interval=0.2)
    assert server['status'] == status, server.get('fault')
    return server


def _console(api, server_id):
    resp = act(api, server_id, {'os-getConsoleOutput': {}})
    assert resp.status_code == 200, resp.text
    return resp.json()['output']


def _wait_console(api, server_id, text, count=1, timeout=120):
    """The console once text appeared count times in it."""
    deadline = time.time() + timeout
    output = ''
    while time.time() < deadline:
        output = _console(api, server_id)
        if output.count(text) >= count:
            return output
        time.sleep(0.3)
    raise AssertionError('%r did not appear %d times in the console of %s:'
                         '\n%s' % (text, count, server_id, output[-3000:]))


def _action(api, server_id, body, status='ACTIVE'):
    resp = act(api, server_id, body)
    assert resp.status_code in (200, 202, 204), resp.text
    _idle(api, server_id)
    return _active(api, server_id, status)


def _idle(api, server_id):
    return idle(api, server_id, timeout=120, interval=0.2)


def _domain_state(server_id, uri=libvirt_env.SYSTEM_URI):
    import libvirt
    libvirt.registerErrorHandler(lambda context, error: None, None)
    conn = libvirt.open(uri)
    try:
        try:
            return conn.lookupByName('instance-%s' % server_id).info()[0]
        except libvirt.libvirtError:
            return None
    finally:
        conn.close()


def _delete_and_check_gone(cloud, api, server_id):
    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_deletion(server_id, timeout=60)
    assert _domain_state(server_id) is None
    instances = os.path.join(cloud.state_path, 'instances')
    assert not os.path.exists(os.path.join(instances, server_id))
    assert not os.path.exists(os.path.join(instances, server_id + '_resize'))


def _snapshot(cloud, api, server_id):
    resp = act(api, server_id, {'createImage': {'name': 'lv-snap'}})
    assert resp.status_code == 202, resp.text
    image_id = resp.headers['Location'].rsplit('/', 1)[-1]
    deadline = time.time() + 60
    while time.time() < deadline:
        image = requests.get('%s/v2/images/%s' % (cloud.image_endpoint,
                                                  image_id),
                             headers={'X-Auth-Token': 'admin:admin'},
                             timeout=30).json()
        if image['status'] == 'active':
            return image
        time.sleep(0.2)
    raise AssertionError('snapshot %s stuck in %s' % (image_id,
                                                      image['status']))


def test_kernel_ramdisk_guest_through_its_whole_life(lvcloud):
    api = lvcloud.api
    image, kernel = _upload_kernel_image(lvcloud)
    resp = api.post('/os-keypairs', json={'keypair': {'name': 'lvkey'}})
    assert resp.status_code == 200, resp.text
    key = resp.json()['keypair']['public_key'].split()[1]
    started = time.time()
    # Flavor lv0 has no root size: the root disk is the image's 8 MiB.
    server_id = _boot(api, 'lv-pair', image, flavor='lv0',
                      config_drive=True, key_name='lvkey',
                      user_data='aGVsbG8=')
    _active(api, server_id)
    output = _wait_console(api, server_id, MARKER)
    print('boot to marker: %.1fs' % (time.time() - started))
    assert 'console=ttyS0' in output  # direct kernel boot's command line
    _wait_console(api, server_id, 'NOVA-TEST-DISK vda %d' % ROOT_SECTORS)
    drive = _wait_console(api, server_id, 'NOVA-TEST-CONFIG-DRIVE')
    assert server_id in drive and key in drive
    _wait_console(api, server_id, READY)

    _action(api, server_id, {'os-stop': None}, 'SHUTOFF')
    assert _domain_state(server_id) == 5  # VIR_DOMAIN_SHUTOFF
    _action(api, server_id, {'os-start': None})
    # Ready: it now powers off when its power button is pressed.
    _wait_console(api, server_id, READY, 2)

    _action(api, server_id, {'reboot': {'type': 'SOFT'}})
    output = _wait_console(api, server_id, MARKER, 3)
    assert 'NOVA-TEST-GUEST-POWER-BUTTON' in output  # a clean shutdown
    _action(api, server_id, {'reboot': {'type': 'HARD'}})
    _wait_console(api, server_id, MARKER, 4)

    snapshot = _snapshot(lvcloud, api, server_id)
    assert snapshot['kernel_id'] == kernel  # inherited: boots the same way
    copy_id = _boot(api, 'lv-pair-copy', snapshot['id'], flavor='lv0')
    _active(api, copy_id)
    _wait_console(api, copy_id, MARKER)
    _delete_and_check_gone(lvcloud, api, copy_id)

    _action(api, server_id, {'resize': {'flavorRef': 'lv2'}},
            'VERIFY_RESIZE')
    _wait_console(api, server_id, 'NOVA-TEST-DISK vda %d'
                  % (2 * GiB_SECTORS))
    _action(api, server_id, {'confirmResize': None})
    assert api.get('/servers/%s' % server_id).json()['server'][
        'flavor']['id'] == 'lv2'

    _action(api, server_id, {'rescue': None}, 'RESCUE')
    # The rescue disk first, the server's own disk (2 GiB now) second.
    _wait_console(api, server_id, 'NOVA-TEST-DISK vdb %d'
                  % (2 * GiB_SECTORS))
    _action(api, server_id, {'unrescue': None})
    _wait_console(api, server_id, MARKER, 7)

    _delete_and_check_gone(lvcloud, api, server_id)


def test_whole_disk_guest_resize_rebuild_shelve_snapshot_and_power(lvcloud):
    api = lvcloud.api
    image = _upload(lvcloud, 'disk.qcow2', 'qcow2')
    server_id = _boot(api, 'lv-disk', image)
    _active(api, server_id)
    output = _wait_console(api, server_id, MARKER)
    assert 'nova_boot=disk' in output  # syslinux on the disk booted it

    _action(api, server_id, {'resize': {'flavorRef': 'lv2'}},
            'VERIFY_RESIZE')
    _wait_console(api, server_id, MARKER, 2)
    _action(api, server_id, {'revertResize': None})
    # The pre-resize guest's files, console log included, are back.
    output = _wait_console(api, server_id, MARKER, 2)
    assert 'NOVA-TEST-DISK vda %d' % (2 * GiB_SECTORS) not in output

    # Rebuild: a new root disk from the image, a new console log.
    _action(api, server_id, {'rebuild': {'imageRef': image}})
    _wait_console(api, server_id, READY)
    # Shelve offloads at once: no guest left; unshelve spawns it again.
    _action(api, server_id, {'shelve': None}, 'SHELVED_OFFLOADED')
    assert _domain_state(server_id) is None
    _action(api, server_id, {'unshelve': None})
    _wait_console(api, server_id, MARKER)

    snapshot = _snapshot(lvcloud, api, server_id)
    assert snapshot['disk_format'] == 'qcow2'
    copy_id = _boot(api, 'lv-disk-copy', snapshot['id'])
    _active(api, copy_id)
    _wait_console(api, copy_id, 'nova_boot=disk')
    _wait_console(api, copy_id, READY)

    _action(api, copy_id, {'pause': None}, 'PAUSED')
    assert _domain_state(copy_id) == 3  # VIR_DOMAIN_PAUSED
    _action(api, copy_id, {'unpause': None})
    _action(api, copy_id, {'suspend': None}, 'SUSPENDED')
    assert _domain_state(copy_id) == 5  # shut off, memory saved to disk
    _action(api, copy_id, {'resume': None})
    before = _console(api, copy_id)
    # Resumed, not rebooted: the guest goes on where it was.
    assert before.count(MARKER) == 1

    # A guest that powers itself off (ACPI from outside nova) is seen
    # as SHUTOFF through libvirt's lifecycle events.
    import libvirt
    conn = libvirt.open(libvirt_env.SYSTEM_URI)
    try:
        conn.lookupByName('instance-%s' % copy_id).shutdown()
    finally:
        conn.close()
    _active(api, copy_id, 'SHUTOFF', timeout=30)

    for doomed in (server_id, copy_id):
        _delete_and_check_gone(lvcloud, api, doomed)


def test_split_daemons_fetch_the_image_over_http_and_boot(lvsplit):
    api = lvsplit.api
    image = _upload(lvsplit, 'disk.qcow2', 'qcow2')
    server_id = _boot(api, 'lv-split', image)
    _active(api, server_id)
    _wait_console(api, server_id, MARKER)
    _delete_and_check_gone(lvsplit, api, server_id)


@pytest.fixture
def two_hosts(tmp_path_factory):
    """Split daemons with two libvirt compute hosts: the first on the
    system libvirtd, the second on a second libvirtd of this machine
    (tools/libvirt/second-daemon.sh). Both keep their guests' files in
    the same instances directory, as hosts sharing storage do."""
    yield from _two_hosts(tmp_path_factory, {})


@pytest.fixture
def two_slow_hosts(tmp_path_factory):
    """two_hosts whose live migrations crawl (1 MiB/s), so a test can
    catch one running."""
    yield from _two_hosts(tmp_path_factory,
                          {'libvirt.live_migration_bandwidth': '1'})


def _two_hosts(tmp_path_factory, extra_options):
    libvirt_env.require_qemu_host()
    workdir = tmp_path_factory.mktemp('libvirt-second')
    script = os.path.join(os.path.dirname(__file__), '..', '..', 'tools',
                          'libvirt', 'second-daemon.sh')
    daemon_dir = str(workdir / 'libvirtd')
    started = subprocess.run([script, 'start', daemon_dir],
                             capture_output=True, text=True)
    if started.returncode:
        libvirt_env.missing('second libvirtd did not start: %s'
                            % started.stderr)
    uri = started.stdout.strip()
    try:
        options = dict(OPTIONS, **{
            'libvirt.live_migration_uri': uri,
            'libvirt.live_migration_unsafe': 'true',
            'libvirt.instances_path_shared': 'true'}, **extra_options)
        gen = _libvirt_cloud(tmp_path_factory, database='mysql',
                             split=True, options=options)
        running = next(gen)
        second = running.host + '-2'
        extra = os.path.join(running.workdir, 'compute-2.conf')
        with open(extra, 'w') as conf:
            conf.write('[DEFAULT]\nhost = %s\n[libvirt]\n'
                       'connection_uri = %s\n' % (second, uri))
        running._commands['nova-compute-2'] = ('nova-compute', extra)
        running._spawn('nova-compute-2')
        deadline = time.time() + 60
        while time.time() < deadline:
            services = running.api.get('/os-services?binary=nova-compute')
            up = [s['host'] for s in services.json()['services']
                  if s['state'] == 'up']
            if second in up:
                break
            time.sleep(0.2)
        else:
            raise AssertionError('second compute did not come up:\n'
                                 + running.logs())
        running.second_uri = uri
        yield running, running.host, second
        next(gen, None)
    finally:
        subprocess.run([script, 'stop', daemon_dir])


def test_live_and_cold_migration_between_two_libvirt_daemons(two_hosts):
    cloud, source, dest = two_hosts
    api = cloud.api
    image = _upload(cloud, 'disk.qcow2', 'qcow2')
    server_id = _boot(api, 'lv-live', image,
                      availability_zone='nova:%s' % source)
    assert _active(api, server_id)['OS-EXT-SRV-ATTR:host'] == source
    _wait_console(api, server_id, READY)

    resp = act(api, server_id, {'os-migrateLive': {
        'host': dest, 'block_migration': False,
        'disk_over_commit': False}})
    assert resp.status_code == 202, resp.text
    deadline = time.time() + 90
    while time.time() < deadline:
        server = _idle(api, server_id)
        if server['OS-EXT-SRV-ATTR:host'] == dest:
            break
        time.sleep(0.2)
    assert server['OS-EXT-SRV-ATTR:host'] == dest, server
    assert server['status'] == 'ACTIVE'
    assert _domain_state(server_id) is None  # gone from the source daemon
    # The same guest goes on, on the destination: not rebooted, and it
    # still answers its power button there.
    assert _console(api, server_id).count(MARKER) == 1
    assert _domain_state(server_id, cloud.second_uri) == 1  # running

    # A cold migration back: the files are shared, the guest restarts on
    # the first daemon.
    server = _action(api, server_id, {'migrate': None}, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    _wait_console(api, server_id, MARKER, 2)
    assert _domain_state(server_id, cloud.second_uri) is None
    _action(api, server_id, {'confirmResize': None})
    assert _domain_state(server_id) == 1
    _action(api, server_id, {'os-stop': None}, 'SHUTOFF')
    assert _domain_state(server_id) == 5
    _delete_and_check_gone(cloud, api, server_id)


def _running_migration(api, server_id, timeout=60):
    """The server's live migration once libvirt reports its progress."""
    admin = api.as_user('admin:admin', '2.24')
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = admin.get('/servers/%s/migrations'
                          % server_id).json()['migrations']
        if found and found[0]['status'] == 'running' and \
                found[0]['memory_total_bytes']:
            return found[0]
        time.sleep(0.2)
    raise AssertionError('no running live migration of %s' % server_id)


def _host_when_idle(api, server_id, timeout=150):
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = _idle(api, server_id)
        migrations = api.as_user('admin:admin', '2.23').get(
            '/servers/%s/migrations' % server_id).json()['migrations']
        if not migrations:
            return server['OS-EXT-SRV-ATTR:host']
        time.sleep(0.5)
    raise AssertionError('live migration of %s never ended' % server_id)


def test_abort_and_force_complete_a_real_live_migration(two_slow_hosts):
    """A live migration of a QEMU guest is listed while it runs (with
    libvirt's progress), aborted (the guest runs on at the source), then
    forced to complete (paused, moved, resumed at the destination)."""
    cloud, source, dest = two_slow_hosts
    api = cloud.api
    admin = api.as_user('admin:admin', '2.24')
    image = _upload(cloud, 'disk.qcow2', 'qcow2')
    server_id = _boot(api, 'lv-abort', image,
                      availability_zone='nova:%s' % source)
    _active(api, server_id)
    _wait_console(api, server_id, READY)
    body = {'os-migrateLive': {'host': dest, 'block_migration': 'auto'}}
    migrate = api.as_user('admin:admin', '2.25')

    assert act(migrate, server_id, body).status_code == 202
    running = _running_migration(api, server_id)
    assert running['memory_total_bytes'] >= 128 * 1024 * 1024
    resp = admin.delete('/servers/%s/migrations/%s'
                        % (server_id, running['id']))
    assert resp.status_code == 202, resp.text
    assert _host_when_idle(api, server_id) == source
    assert _domain_state(server_id) == 1  # still running at the source
    assert _domain_state(server_id, cloud.second_uri) is None

    assert act(migrate, server_id, body).status_code == 202
    running = _running_migration(api, server_id)
    resp = admin.post('/servers/%s/migrations/%s/action'
                      % (server_id, running['id']),
                      json={'force_complete': None})
    assert resp.status_code == 202, resp.text
    assert _host_when_idle(api, server_id) == dest
    assert _domain_state(server_id) is None
    assert _domain_state(server_id, cloud.second_uri) == 1  # resumed
    assert api.get('/servers/%s' % server_id).json()['server'][
        'status'] == 'ACTIVE'
    _delete_and_check_gone(cloud, api, server_id)
