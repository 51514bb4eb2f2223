"""2.32 device tags over HTTP: block_device_mapping_v2 items and networks
take a tag at boot, and the metadata service lists the tagged devices
(meta_data.json "devices", from version 2016-06-30)."""

import pytest
import requests

from nova.api.metadata import lookup
from tests.functional.actions_helpers import delete
from tests.functional import ec2_cloud
from tests.functional import volume_helpers

OWNER = 'alice:proj-mv-tags'


@pytest.fixture(scope='module')
def tag_cloud(tmp_path_factory):
    running = ec2_cloud.start(tmp_path_factory.mktemp('device-tags'))
    yield running
    running.stop()


def _meta_data(cloud, server_id, version):
    resp = requests.get(
        cloud.metadata_endpoint + '/openstack/%s/meta_data.json' % version,
        headers={'X-Instance-ID': server_id,
                 'X-Instance-ID-Signature': lookup.sign(
                     server_id, ec2_cloud.SECRET)}, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _body(api, network_id, volume_id, tagged=True):
    image = api.get('/images').json()['images'][0]['id']
    volume = {'source_type': 'volume', 'destination_type': 'volume',
              'uuid': volume_id, 'boot_index': None}
    network = {'uuid': network_id}
    if tagged:
        volume['tag'] = 'data-disk'
        network['tag'] = 'nic1'
    return {'server': {
        'name': 'tagged-devices', 'imageRef': image, 'flavorRef': '1',
        'networks': [network],
        'block_device_mapping_v2': [
            {'source_type': 'image', 'destination_type': 'local',
             'uuid': image, 'boot_index': 0}, volume]}}


def test_2_32_device_tags_at_boot(tag_cloud):
    api = tag_cloud.api.as_user(OWNER)
    volume_helpers.wait_volume_service(tag_cloud.api)
    network_id = tag_cloud.api.get('/os-networks').json()[
        'networks'][0]['id']
    volume = volume_helpers.create_volume(api, 'tagged')
    for untagged in ('networks', 'block_device_mapping_v2'):
        # A tag on the other one is enough for 2.31 to refuse the body.
        body = _body(api, network_id, volume['id'])
        for item in body['server'][untagged]:
            item.pop('tag', None)
        resp = tag_cloud.api.as_user(OWNER, '2.31').post('/servers',
                                                         json=body)
        assert resp.status_code == 400, resp.text
        assert 'tag' in resp.json()['badRequest']['message']
    bad = _body(api, network_id, volume['id'])
    bad['server']['networks'][0]['tag'] = 'a/b'
    resp = tag_cloud.api.as_user(OWNER, '2.32').post('/servers', json=bad)
    assert resp.status_code == 400, resp.text

    resp = tag_cloud.api.as_user(OWNER, '2.32').post(
        '/servers', json=_body(api, network_id, volume['id']))
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    (attachment,) = api.get('/servers/%s/os-volume_attachments' %
                            server_id).json()['volumeAttachments']
    (vif,) = api.get('/servers/%s/os-virtual-interfaces' % server_id
                     ).json()['virtual_interfaces']

    devices = _meta_data(tag_cloud, server_id, 'latest')['devices']
    assert sorted(devices, key=lambda d: d['type']) == [
        {'type': 'disk', 'bus': 'none', 'address': 'none',
         'serial': volume['id'], 'path': attachment['device'],
         'tags': ['data-disk']},
        {'type': 'nic', 'bus': 'none', 'address': 'none',
         'mac': vif['mac_address'], 'tags': ['nic1']}]
    assert _meta_data(tag_cloud, server_id, '2016-06-30')['devices'] == \
        devices
    assert 'devices' not in _meta_data(tag_cloud, server_id, '2015-10-15')
    delete(api, server_id)
