"""Volumes and config drives of real QEMU guests, through the Compute API.

The cloud runs nova-volume (file-backed volumes under its state path) and
the libvirt driver on the same host. The test guests' /init prints
NOVA-DISK-ADDED vdX <sectors> and NOVA-DISK-REMOVED vdX on the serial
console when a disk comes or goes (tools/libvirt/build-test-images.sh),
so every check reads what the guest itself saw. The config drive the
guest mounts carries what the metadata service serves for it.

Without a prepared host these tests skip locally and fail under CI.
"""

import json
import os
import re
import time

import pytest
import requests

from nova.api.metadata import lookup
from tests.functional.actions_helpers import act
from tests.functional import ec2_cloud
from tests.functional import test_libvirt_guests as guests
from tests.functional import volume_helpers as vh

GiB_SECTORS = 1024 ** 3 // 512
RESCUE_SECTORS = 24576 * 1024 // 512  # rescue.qcow2's FAT disk
ADDED = re.compile(r'NOVA-DISK-ADDED (vd[a-z]+) (\d+)')


def _attach_and_see(api, server_id, volume_id, count=1):
    """Attach through the API; returns the disk the guest saw appear
    (its count-th NOVA-DISK-ADDED), once the API reports that device."""
    resp = vh.attach(api, server_id, volume_id)
    assert resp.status_code == 200, resp.text
    output = guests._wait_console(api, server_id, 'NOVA-DISK-ADDED ',
                                  count=count, timeout=60)
    disk, sectors = ADDED.findall(output)[count - 1]
    assert int(sectors) == GiB_SECTORS  # the whole 1 GiB volume
    vh.wait_volume(api, volume_id, 'in-use')
    attachment = api.get('/servers/%s/os-volume_attachments/%s' % (
        server_id, volume_id)).json()['volumeAttachment']
    assert attachment['device'] == '/dev/' + disk
    return disk


def _detach_and_see(api, server_id, volume_id, disk):
    resp = api.delete('/servers/%s/os-volume_attachments/%s'
                      % (server_id, volume_id))
    assert resp.status_code == 202, resp.text
    guests._wait_console(api, server_id, 'NOVA-DISK-REMOVED %s' % disk,
                         timeout=60)
    vh.wait_volume(api, volume_id, 'available')


@pytest.fixture(scope='module')
def lvcloud(tmp_path_factory):
    """The all-in-one (SQLite, in-process transport) with nova-volume."""
    yield from guests._libvirt_cloud(tmp_path_factory)


def test_attach_and_detach_reach_the_running_guest(lvcloud):
    api = lvcloud.api
    vh.wait_volume_service(api)
    image = guests._upload(lvcloud, 'disk.qcow2', 'qcow2')
    server_id = guests._boot(api, 'lv-vol', image)
    guests._active(api, server_id)
    guests._wait_console(api, server_id, guests.READY)
    volume = vh.create_volume(api, 'lv-vol', size=1)

    started = time.time()
    disk = _attach_and_see(api, server_id, volume['id'])
    attach_seconds = time.time() - started
    assert vh.wait_volume(api, volume['id'], 'in-use')[
        'attachments'][0]['serverId'] == server_id

    started = time.time()
    _detach_and_see(api, server_id, volume['id'], disk)
    detach_seconds = time.time() - started
    print('attach to guest marker: %.1fs, detach to guest marker: %.1fs'
          % (attach_seconds, detach_seconds))

    # Attached again, the same volume shows up again.
    _attach_and_see(api, server_id, volume['id'], count=2)
    guests._delete_and_check_gone(lvcloud, api, server_id)
    vh.wait_volume(api, volume['id'], 'available')
    assert api.delete('/os-volumes/%s' % volume['id']).status_code == 202


def test_boot_from_an_image_volume_and_rescue_it(lvcloud):
    api = lvcloud.api
    vh.wait_volume_service(api)
    image = guests._upload(lvcloud, 'disk.qcow2', 'qcow2')
    resp = api.post('/servers', json={'server': {
        'name': 'lv-bfv', 'flavorRef': 'lv0',
        'block_device_mapping_v2': [{
            'source_type': 'image', 'destination_type': 'volume',
            'uuid': image, 'boot_index': 0, 'volume_size': 1,
            'delete_on_termination': True}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = guests._active(api, server_id, timeout=180)
    attached = server['os-extended-volumes:volumes_attached']
    assert len(attached) == 1
    # syslinux on the volume booted the guest; its root disk is the
    # 1 GiB volume.
    output = guests._wait_console(api, server_id, 'nova_boot=disk')
    output = guests._wait_console(api, server_id, guests.READY)
    assert 'NOVA-TEST-DISK vda %d' % GiB_SECTORS in output
    # The volume is the only disk: no local root disk beside it.
    assert 'NOVA-TEST-DISK vdb' not in output
    assert not os.path.exists(os.path.join(
        lvcloud.state_path, 'instances', server_id, 'disk'))

    # API 2.87: a stable rescue image boots from the last disk while the
    # volume stays vda; unrescue boots the volume again.
    rescue_image = guests._upload(lvcloud, 'rescue.qcow2', 'qcow2',
                                  hw_rescue_device='disk',
                                  hw_rescue_bus='virtio')
    at_287 = api.as_user('admin:admin', '2.87')
    resp = act(at_287, server_id, {'rescue': {
        'rescue_image_ref': rescue_image}})
    assert resp.status_code == 200, resp.text
    guests._idle(api, server_id)
    guests._active(api, server_id, 'RESCUE')
    guests._wait_console(api, server_id, 'nova_boot=rescue')
    rescued = guests._wait_console(api, server_id, guests.READY, 2)
    rescued = rescued[rescued.index('nova_boot=rescue'):]
    assert 'NOVA-TEST-DISK vda %d' % GiB_SECTORS in rescued
    assert 'NOVA-TEST-DISK vdb %d' % RESCUE_SECTORS in rescued
    guests._action(api, server_id, {'unrescue': None})
    guests._wait_console(api, server_id, 'nova_boot=disk', 2)
    assert not os.path.exists(os.path.join(
        lvcloud.state_path, 'instances', server_id, 'disk.rescue'))
    guests._delete_and_check_gone(lvcloud, api, server_id)
    vh.wait_volume(api, attached[0]['id'], 'deleted')


@pytest.fixture
def lvsplit_metadata(tmp_path_factory):
    """Split daemons on RabbitMQ and MariaDB with nova-api-metadata:
    nova-compute builds config drives without a database."""
    options = dict(guests.OPTIONS, **{
        'metadata.proxy_shared_secret': ec2_cloud.SECRET,
        'metadata.cache_expiration': 0})
    yield from guests._libvirt_cloud(tmp_path_factory, options=options,
                                     database='mysql', split=True,
                                     ec2_metadata=True)


def _printed_meta_data(output):
    line = output.split('NOVA-TEST-CONFIG-DRIVE ', 1)[1].splitlines()[0]
    return json.loads(line)


def test_split_cloud_config_drive_and_volume_attach(
        lvsplit_metadata):
    cloud = lvsplit_metadata
    api = cloud.api
    image, _ = guests._upload_kernel_image(cloud)
    server_id = guests._boot(api, 'lv-drive', image, flavor='lv0',
                             config_drive=True, metadata={'role': 'db'},
                             user_data='aGVsbG8=')
    guests._active(api, server_id)
    output = guests._wait_console(api, server_id, 'NOVA-TEST-CONFIG-DRIVE')
    on_drive = _printed_meta_data(output)
    served = requests.get(
        cloud.metadata_endpoint + '/openstack/latest/meta_data.json',
        headers={'X-Instance-ID': server_id,
                 'X-Instance-ID-Signature': lookup.sign(
                     server_id, ec2_cloud.SECRET)}, timeout=30)
    assert served.status_code == 200, served.text
    served = served.json()
    # random_seed is fresh entropy on each read; all else is the same.
    assert on_drive.pop('random_seed') and served.pop('random_seed')
    assert on_drive == served
    assert on_drive['uuid'] == server_id
    assert on_drive['meta'] == {'role': 'db'}

    # nova-compute without database attaches nova-volume's volumes too.
    guests._wait_console(api, server_id, guests.READY)
    vh.wait_volume_service(api)
    volume = vh.create_volume(api, 'lv-split-vol', size=1)
    # vdb holds the config drive: the volume gets the next free disk.
    disk = _attach_and_see(api, server_id, volume['id'])
    assert disk != 'vdb'
    _detach_and_see(api, server_id, volume['id'], disk)
    guests._delete_and_check_gone(cloud, api, server_id)
