"""Regression tests of Tempest compute failures (issues 19 and 14), over
HTTP on the whole stack of a two-host cloud.

Each test's docstring names the root cause of the failure it guards.
"""

import time

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional import neutron_helpers
from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import seeded_image
from tests.functional.actions_helpers import settled
from tests.functional.microversion_helpers import booted

OWNER = 'dcf:proj-dcf'


@pytest.fixture(scope='module')
def two_hosts(tmp_path_factory):
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('compconf'), simulated_hosts=2,
        options={'fake_driver.slow_snapshot_for_names': 'slow-snap',
                 'fake_driver.slow_snapshot_seconds': '3'})
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _disk_config(api, server_id):
    return api.get('/servers/%s' % server_id).json()['server'][
        'OS-DCF:diskConfig']


def _image_with(running, **properties):
    """A new public image of the built-in store with these properties."""
    headers = {'X-Auth-Token': 'admin:admin'}
    url = running.image_endpoint + '/v2/images'
    resp = requests.post(url, headers=headers, json=dict(
        name='dcf-image', disk_format='raw', container_format='bare',
        visibility='public', **properties))
    assert resp.status_code == 201, resp.text
    image_id = resp.json()['id']
    resp = requests.put('%s/%s/file' % (url, image_id), data=b'\0' * 4096,
                        headers=dict(headers, **{
                            'Content-Type': 'application/octet-stream'}))
    assert resp.status_code == 204, resp.text
    return image_id


def test_disk_config_is_kept_and_changed(two_hosts):
    """Root cause: OS-DCF:diskConfig was accepted at create, update,
    rebuild and resize but never stored: every view said MANUAL."""
    api = two_hosts.api.as_user(OWNER)
    resp = api.post('/servers', json={'server': {
        'name': 'dcf', 'imageRef': seeded_image(api), 'flavorRef': '1',
        'OS-DCF:diskConfig': 'AUTO'}})
    assert resp.status_code == 202, resp.text
    assert resp.json()['server']['OS-DCF:diskConfig'] == 'AUTO'
    server_id = resp.json()['server']['id']
    settled(api, server_id, 'ACTIVE')
    assert _disk_config(api, server_id) == 'AUTO'
    # Update.
    resp = api.put('/servers/%s' % server_id,
                   json={'server': {'OS-DCF:diskConfig': 'MANUAL'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['OS-DCF:diskConfig'] == 'MANUAL'
    assert _disk_config(api, server_id) == 'MANUAL'
    # Rebuild.
    resp = act(api, server_id, {'rebuild': {
        'imageRef': seeded_image(api), 'OS-DCF:diskConfig': 'AUTO'}})
    assert resp.status_code == 202, resp.text
    assert resp.json()['server']['OS-DCF:diskConfig'] == 'AUTO'
    settled(api, server_id, 'ACTIVE')
    assert _disk_config(api, server_id) == 'AUTO'
    # A rebuild that does not say keeps it.
    resp = act(api, server_id, {'rebuild': {'imageRef': seeded_image(api)}})
    assert resp.status_code == 202, resp.text
    settled(api, server_id, 'ACTIVE')
    assert _disk_config(api, server_id) == 'AUTO'
    # Resize (and its confirmation) to MANUAL.
    resp = act(api, server_id, {'resize': {
        'flavorRef': '2', 'OS-DCF:diskConfig': 'MANUAL'}})
    assert resp.status_code == 202, resp.text
    settled(api, server_id, 'VERIFY_RESIZE')
    assert _disk_config(api, server_id) == 'MANUAL'
    assert act(api, server_id, {'confirmResize': None}).status_code == 204
    settled(api, server_id, 'ACTIVE')
    assert _disk_config(api, server_id) == 'MANUAL'
    # The list's detail view says the same.
    servers = api.get('/servers/detail').json()['servers']
    assert [s['OS-DCF:diskConfig'] for s in servers
            if s['id'] == server_id] == ['MANUAL']
    assert api.delete('/servers/%s' % server_id).status_code == 204


def test_disk_config_follows_the_image(two_hosts):
    """The image's auto_disk_config property chooses when the request
    does not, and an image that disables it refuses AUTO with a 400."""
    api = two_hosts.api.as_user(OWNER)
    auto_image = _image_with(two_hosts, auto_disk_config='True')
    server_id = boot(api, 'dcf-image-auto', image=auto_image)
    assert _disk_config(api, server_id) == 'AUTO'
    disabled = _image_with(two_hosts, auto_disk_config='Disabled')
    resp = api.post('/servers', json={'server': {
        'name': 'dcf-refused', 'imageRef': disabled, 'flavorRef': '1',
        'OS-DCF:diskConfig': 'AUTO'}})
    assert resp.status_code == 400, resp.text
    assert 'AUTO' in resp.json()['badRequest']['message']
    # Rebuilding onto it with AUTO is refused too, and changes nothing.
    resp = act(api, server_id, {'rebuild': {
        'imageRef': disabled, 'OS-DCF:diskConfig': 'AUTO'}})
    assert resp.status_code == 400, resp.text
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['status'] == 'ACTIVE'
    assert server['image']['id'] == auto_image
    # Without a choice, that image's servers are MANUAL.
    other = boot(api, 'dcf-image-disabled', image=disabled)
    assert _disk_config(api, other) == 'MANUAL'
    for sid in (server_id, other):
        assert api.delete('/servers/%s' % sid).status_code == 204


def test_admin_rebuild_answer_has_user_data_once(two_hosts):
    """Root cause: from 2.75 rebuild answers with show's full view, which
    for administrators carries OS-EXT-SRV-ATTR:user_data; upstream's
    rebuild leaves that out (2.57 gives user_data its own key), and
    Tempest's ServersAdmin275Test schema refuses it."""
    owner = two_hosts.api.as_user(OWNER, '2.101')
    admin = two_hosts.api.as_user('admin:admin', '2.101')
    server_id = booted(owner, 'dcf-admin-rebuild', user_data='aGk=')
    resp = act(admin, server_id, {'rebuild': {
        'imageRef': seeded_image(admin)}})
    assert resp.status_code == 202, resp.text
    server = resp.json()['server']
    assert 'OS-EXT-SRV-ATTR:user_data' not in server
    assert server['user_data'] == 'aGk='
    # The other extended attributes stay, as in show.
    assert 'OS-EXT-SRV-ATTR:hostname' in server
    settled(owner, server_id, 'ACTIVE')
    # Show (and update) keep the administrators' attribute.
    shown = admin.get('/servers/%s' % server_id).json()['server']
    assert shown['OS-EXT-SRV-ATTR:user_data'] == 'aGk='
    # Before 2.75 the rebuild view has no extended attributes at all.
    resp = act(two_hosts.api.as_user('admin:admin', '2.74'), server_id,
               {'rebuild': {'imageRef': seeded_image(admin)}})
    assert resp.status_code == 202, resp.text
    assert not [k for k in resp.json()['server']
                if k.startswith('OS-EXT-SRV-ATTR:')]
    settled(owner, server_id, 'ACTIVE')
    assert owner.delete('/servers/%s' % server_id).status_code == 204


def test_same_network_twice_at_create(two_hosts):
    """Root cause: a create that names one network twice (Tempest's
    test_verify_duplicate_network_nics: [net1, net2, net1]) did not give
    the server one interface per entry, in order."""
    token = 'nics:proj-nics'
    net = neutron_helpers.neutron(two_hosts, token)
    cidrs = ('19.80.0.0/24', '19.86.0.0/24')
    networks = []
    for index, cidr in enumerate(cidrs):
        network = neutron_helpers.created(net.post('/networks', json={
            'network': {'name': 'nic-%d' % index}}), 'network')
        neutron_helpers.created(net.post('/subnets', json={'subnet': {
            'network_id': network['id'], 'ip_version': 4,
            'cidr': cidr}}), 'subnet')
        networks.append(network)
    api = two_hosts.api.as_user(token)
    order = [networks[0], networks[1], networks[0]]
    resp = api.post('/servers', json={'server': {
        'name': 'dup-nics', 'imageRef': seeded_image(api),
        'flavorRef': '1', 'networks': [{'uuid': n['id']} for n in order]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    addresses = api.get('/servers/%s/ips' % server_id).json()['addresses']
    first = [a['addr'] for a in addresses['nic-0']]
    second = [a['addr'] for a in addresses['nic-1']]
    assert len(first) == 2 and len(set(first)) == 2, addresses
    assert len(second) == 1, addresses
    assert all(a.startswith('19.80.0.') for a in first)
    assert second[0].startswith('19.86.0.')
    interfaces = api.get('/servers/%s/os-interface' % server_id).json()[
        'interfaceAttachments']
    assert [i['net_id'] for i in interfaces] == [n['id'] for n in order]
    assert api.delete('/servers/%s' % server_id).status_code == 204


def test_delete_while_a_snapshot_runs(two_hosts):
    """Root cause: a delete was refused (409) while a snapshot of the
    server was in progress (Tempest's ServersAaction247Test teardown);
    upstream deletes in any task state. The snapshot then fails and its
    image is deleted."""
    api = two_hosts.api.as_user(OWNER, '2.45')
    server_id = booted(api, 'slow-snap')
    resp = act(api, server_id, {'createImage': {'name': 'slow-snap-img'}})
    assert resp.status_code == 202, resp.text
    image_id = resp.json()['image_id']
    task_state = api.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-STS:task_state']
    assert task_state in ('image_snapshot', 'image_pending_upload'), \
        task_state
    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_deletion(server_id)
    # The snapshot wakes up to a deleted server: no image is left.
    images = two_hosts.image_endpoint + '/v2/images/%s' % image_id
    headers = {'X-Auth-Token': OWNER}
    deadline = time.time() + 30
    while requests.get(images, headers=headers).status_code != 404:
        assert time.time() < deadline, 'the snapshot image stayed'
        time.sleep(0.2)
