"""block_device_mapping_v2 on server create over HTTP: boot from volumes,
extra volumes, and each InvalidBDM error with upstream's message."""

import pytest

from tests.functional import actions_helpers as actions
from tests.functional import volume_helpers as vh

MISSING = '00000000-0000-0000-0000-0000000000ff'


def _image(api):
    return api.get('/images').json()['images'][0]['id']


def _create(api, bdms, image=None, path='/servers', name='bfv'):
    server = {'name': name, 'flavorRef': '1',
              'block_device_mapping_v2': bdms}
    if image:
        server['imageRef'] = image
    return api.post(path, json={'server': server})


def _active(api, resp):
    assert resp.status_code == 202, resp.text
    server = api.wait_for_status(resp.json()['server']['id'],
                                 ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    return server


def test_boot_from_image_to_volume_and_delete_on_termination(cloud):
    vh.wait_volume_service(cloud.api)
    api = cloud.api.as_user('bfv:proj-bfv-%s' % cloud.db.kind)
    server = _active(api, _create(api, [{
        'source_type': 'image', 'destination_type': 'volume',
        'uuid': _image(api), 'boot_index': 0, 'volume_size': 1,
        'delete_on_termination': True}]))
    attached = server['os-extended-volumes:volumes_attached']
    assert len(attached) == 1
    volume = vh.wait_volume(api, attached[0]['id'], 'in-use')
    assert volume['attachments'][0]['device'] == '/dev/vda'
    devices = vh.wait_devices(cloud, server['id'], ['/dev/vda'])
    assert devices['/dev/vda']['driver_volume_type'] == 'file'
    actions.delete(api, server['id'])
    vh.wait_volume(api, volume['id'], 'deleted')


def test_boot_from_existing_volume_and_os_volumes_boot(aio):
    vh.wait_volume_service(aio.api)
    api = aio.api.as_user('bfv:proj-bfv-existing')
    for path in ('/servers', '/os-volumes_boot'):
        volume = vh.create_volume(api, 'root')
        server = _active(api, _create(api, [{
            'source_type': 'volume', 'destination_type': 'volume',
            'uuid': volume['id'], 'boot_index': '0'}], path=path))
        assert server['image'] == ''
        vh.wait_volume(api, volume['id'], 'in-use')
        vh.wait_devices(aio, server['id'], ['/dev/vda'])
        # The root volume cannot be detached.
        resp = api.delete('/servers/%s/os-volume_attachments/%s' % (
            server['id'], volume['id']))
        assert vh.fault(resp, 400) == 'Cannot detach a root device volume'
        # Nor given to another server while this one has it.
        resp = _create(api, [{'source_type': 'volume', 'uuid':
                              volume['id'], 'boot_index': 0}])
        assert vh.fault(resp, 400) == (
            'Invalid volume: volume \'%s\' status must be \'available\'. '
            'Currently in \'in-use\'' % volume['id'])
        actions.delete(api, server['id'])
        vh.wait_volume(api, volume['id'], 'available')


def test_image_boot_with_blank_and_snapshot_volumes(aio):
    vh.wait_volume_service(aio.api)
    api = aio.api.as_user('bfv:proj-bfv-extra')
    source = vh.create_volume(api, 'src')
    resp = api.post('/os-snapshots', json={'snapshot': {
        'volume_id': source['id']}})
    snapshot_id = resp.json()['snapshot']['id']
    vh.wait_volume(api, source['id'], 'available')
    import time
    deadline = time.time() + 30
    while api.get('/os-snapshots/%s' % snapshot_id).json()[
            'snapshot']['status'] != 'available':
        assert time.time() < deadline
        time.sleep(0.05)
    server = _active(api, _create(api, [
        {'source_type': 'blank', 'destination_type': 'volume',
         'volume_size': 2, 'delete_on_termination': True},
        {'source_type': 'snapshot', 'destination_type': 'volume',
         'uuid': snapshot_id, 'delete_on_termination': True}],
        image=_image(api)))
    volumes = server['os-extended-volumes:volumes_attached']
    assert len(volumes) == 2
    vh.wait_devices(aio, server['id'], ['/dev/vdb', '/dev/vdc'])
    sizes = sorted(vh.wait_volume(api, v['id'], 'in-use')['size']
                   for v in volumes)
    assert sizes == [1, 2]
    actions.delete(api, server['id'])
    for v in volumes:
        vh.wait_volume(api, v['id'], 'deleted')


INVALID = [
    ('boot sequence',
     [{'source_type': 'blank', 'destination_type': 'volume',
       'volume_size': 1, 'boot_index': 1}], False,
     'Block Device Mapping is Invalid: Boot sequence for the instance and '
     'image/block device mapping combination is not valid.'),
    ('volume', [{'source_type': 'volume', 'uuid': MISSING,
                 'boot_index': 0}], False,
     'Block Device Mapping is Invalid: failed to get volume %s.' % MISSING),
    ('snapshot', [{'source_type': 'snapshot', 'destination_type': 'volume',
                   'uuid': MISSING, 'boot_index': 0}], False,
     'Block Device Mapping is Invalid: failed to get snapshot %s.'
     % MISSING),
    ('image', [{'source_type': 'image', 'destination_type': 'volume',
                'uuid': MISSING, 'volume_size': 1, 'boot_index': 0}], False,
     'Block Device Mapping is Invalid: failed to get image %s.' % MISSING),
    ('image size', [{'source_type': 'image', 'destination_type': 'volume',
                     'uuid': 'IMAGE', 'boot_index': 0}], False,
     'Block Device Mapping is Invalid.'),
    ('blank size', [{'source_type': 'blank',
                     'destination_type': 'volume'}], True,
     'Blank volumes (source: \'blank\', dest: \'volume\') need to have '
     'non-zero size'),
    ('ephemeral', [{'source_type': 'blank', 'destination_type': 'local',
                    'volume_size': 1}], True,
     'Ephemeral disks requested are larger than the instance type allows. '
     'If no size is given in one block device mapping, flavor ephemeral '
     'size will be used.'),
    ('two swaps', [{'source_type': 'blank', 'destination_type': 'local',
                    'guest_format': 'swap'}] * 2, True,
     'Block Device Mapping is Invalid: More than one swap drive '
     'requested.'),
    ('swap size', [{'source_type': 'blank', 'destination_type': 'local',
                    'guest_format': 'swap', 'volume_size': 1}], True,
     'Swap drive requested is larger than instance type allows.'),
    ('locals', [{'source_type': 'image', 'destination_type': 'local',
                 'uuid': 'IMAGE'}] * 3, True,
     'Block Device Mapping is Invalid: You specified more local devices '
     'than the limit allows'),
    ('disk bus', [{'source_type': 'blank', 'destination_type': 'volume',
                   'volume_size': 1, 'disk_bus': 'floppy-tape'}], True,
     'Block Device Mapping is invalid: Device bus floppy-tape is not '
     'supported'),
]


@pytest.mark.parametrize('case,bdms,with_image,message', INVALID,
                         ids=[c[0] for c in INVALID])
def test_invalid_block_device_mappings(aio, case, bdms, with_image,
                                       message):
    api = aio.api.as_user('bfv:proj-bfv-invalid')
    image = _image(api)
    bdms = [dict(b, uuid=image) if b.get('uuid') == 'IMAGE' else b
            for b in bdms]
    resp = _create(api, bdms, image=image if with_image else None)
    if case == 'image size':
        message = ('Images with destination_type \'volume\' need to have a '
                   'non-zero size specified')
    assert vh.fault(resp, 400) == message
    # Nothing was left behind.
    servers = api.get('/servers').json()['servers']
    assert servers == []
