"""Microversions 2.88 to 2.104 over HTTP, each at its version and the one
before, on one all-in-one of two simulated hosts for the module."""


import pytest
import requests

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import console_token
from tests.functional.actions_helpers import seeded_image
from tests.functional.actions_helpers import settled
from tests.functional import cloud as cloud_lib
from tests.functional import volume_helpers as vh
from tests.functional.microversion_helpers import clients as _clients
from tests.functional.microversion_helpers import message as _message

OWNER = 'alice:proj-mv-288'
ADMIN = 'admin:admin'
# An OpenSSH public key (import only from 2.92).
PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk9tq8Bz6rZx0BTk3kfS1'
              'YI3EwTpFXc1GNjV5oD0Yqb mv288@example')


@pytest.fixture(scope='module')
def mv(tmp_path_factory):
    # The built-in volume service fails to write a volume of that name
    # (2.93: a reimage that fails).
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('mv288'),
                              simulated_hosts=2, options={
                                  'volume.fail_create_for_names':
                                      'mv293-broken'})
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _create(api, name, image=None, **server):
    return api.post('/servers', json={'server': dict(
        {'name': name, 'imageRef': image or seeded_image(api),
         'flavorRef': '1', 'networks': 'none'}, **server)})


def _booted(api, name, **server):
    resp = _create(api, name, **server)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(api, server_id, 'ACTIVE')
    return server_id


def _gone(api, server_id):
    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_deletion(server_id)


def _show(api, server_id):
    resp = api.get('/servers/%s' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']


def _hosts(cloud):
    services = cloud.api.get('/os-services?binary=nova-compute').json()
    return sorted(s['host'] for s in services['services'])


# 2.88 hypervisors ----------------------------------------------------------

def test_2_88_hypervisor_figures_and_routes_gone(mv):
    old, new = _clients(mv, '2.88')
    detail = old.get('/os-hypervisors/detail').json()['hypervisors'][0]
    assert {'vcpus', 'memory_mb', 'running_vms', 'cpu_info',
            'disk_available_least'} <= set(detail)
    hypervisor_id = detail['id']
    assert old.get('/os-hypervisors/statistics').status_code == 200
    resp = old.get('/os-hypervisors/%s/uptime' % hypervisor_id)
    assert resp.status_code == 200, resp.text
    assert 'uptime' not in old.get(
        '/os-hypervisors/%s' % hypervisor_id).json()['hypervisor']

    detail = new.get('/os-hypervisors/detail').json()['hypervisors'][0]
    for gone in ('vcpus', 'vcpus_used', 'memory_mb', 'memory_mb_used',
                 'local_gb', 'local_gb_used', 'free_ram_mb', 'free_disk_gb',
                 'current_workload', 'running_vms', 'disk_available_least',
                 'cpu_info'):
        assert gone not in detail
    assert {'hypervisor_type', 'hypervisor_version', 'host_ip',
            'service', 'state', 'status'} <= set(detail)
    shown = new.get('/os-hypervisors/%s' % hypervisor_id).json()[
        'hypervisor']
    assert ' up ' in shown['uptime']
    assert new.get('/os-hypervisors/statistics').status_code == 404
    assert new.get('/os-hypervisors/%s/uptime' %
                   hypervisor_id).status_code == 404


# 2.89 attachment ids, 2.101 asynchronous attach ---------------------------

def _attach(api, server_id, volume_id):
    return api.post('/servers/%s/os-volume_attachments' % server_id,
                    json={'volumeAttachment': {'volumeId': volume_id}})


def test_2_89_attachment_ids_and_2_101_attach_202(mv):
    vh.wait_volume_service(mv.api)
    owner = mv.api.as_user(OWNER, '2.88')
    server_id = _booted(owner, 'mv289')
    # The volumes proxy answers up to 2.35.
    volumes = mv.api.as_user(OWNER, '2.1')
    first = vh.create_volume(volumes, 'mv289-a')
    second = vh.create_volume(volumes, 'mv289-b')

    old, new = _clients(mv, '2.101', OWNER)
    resp = _attach(old, server_id, first['id'])
    assert resp.status_code == 200, resp.text
    assert resp.json()['volumeAttachment']['volumeId'] == first['id']
    vh.wait_volume(volumes, first['id'], 'in-use')
    resp = _attach(new, server_id, second['id'])
    assert resp.status_code == 202, resp.text
    attached = resp.json()['volumeAttachment']
    assert attached['volumeId'] == second['id']
    assert attached['serverId'] == server_id
    vh.wait_volume(volumes, second['id'], 'in-use')

    old, new = _clients(mv, '2.89', OWNER)
    path = '/servers/%s/os-volume_attachments' % server_id
    for item in old.get(path).json()['volumeAttachments']:
        assert item['id'] == item['volumeId']
        assert 'attachment_id' not in item and 'bdm_uuid' not in item
    listed = new.get(path).json()['volumeAttachments']
    assert sorted(a['volumeId'] for a in listed) == sorted(
        [first['id'], second['id']])
    for item in listed:
        assert 'id' not in item
        assert item['attachment_id'] and item['bdm_uuid']
        assert item['attachment_id'] != item['bdm_uuid']
    shown = new.get('%s/%s' % (path, first['id'])).json()[
        'volumeAttachment']
    assert shown == next(a for a in listed if a['volumeId'] == first['id'])
    volume = vh.wait_volume(volumes, first['id'], 'in-use')
    assert volume['attachments'][0]['serverId'] == server_id
    assert 'id' in old.get('%s/%s' % (path, first['id'])).json()[
        'volumeAttachment']
    _gone(owner, server_id)


# 2.90 hostname, 2.94 fully qualified ---------------------------------------

def test_2_90_hostname_at_create_update_rebuild(mv):
    old, new = _clients(mv, '2.90', OWNER)
    assert _message(_create(old, 'mv290-old', hostname='web-1'), 400)
    resp = _create(new, 'mv290', hostname='web.example.org')
    assert _message(resp, 400)  # one label only until 2.94
    resp = _create(new, 'mv290-many', hostname='web-1', min_count=2)
    assert 'max_count to 1' in _message(resp, 400)

    server_id = _booted(new, 'mv290 server', hostname='web-1')
    assert 'OS-EXT-SRV-ATTR:hostname' not in _show(old, server_id)
    assert _show(new, server_id)['OS-EXT-SRV-ATTR:hostname'] == 'web-1'
    listed = new.get('/servers/detail').json()['servers']
    assert next(s for s in listed if s['id'] == server_id)[
        'OS-EXT-SRV-ATTR:hostname'] == 'web-1'

    path = '/servers/%s' % server_id
    assert _message(old.put(path, json={'server': {'hostname': 'x'}}),
                    400)
    assert _message(new.put(path, json={'server': {'hostname': '-x'}}),
                    400)
    resp = new.put(path, json={'server': {'hostname': 'web-2'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['OS-EXT-SRV-ATTR:hostname'] == 'web-2'

    rebuild = {'rebuild': {'imageRef': seeded_image(new),
                           'hostname': 'web-3'}}
    assert _message(act(old, server_id, rebuild), 400)
    resp = act(new, server_id, rebuild)
    assert resp.status_code == 202, resp.text
    assert resp.json()['server']['OS-EXT-SRV-ATTR:hostname'] == 'web-3'
    settled(new, server_id, 'ACTIVE')
    assert _show(new, server_id)['OS-EXT-SRV-ATTR:hostname'] == 'web-3'
    # Without one, the hostname still comes from the name.
    plain = _booted(new, 'Plain_Name')
    assert _show(new, plain)['OS-EXT-SRV-ATTR:hostname'] == 'plain-name'
    for made in (server_id, plain):
        _gone(new, made)


def test_2_94_fully_qualified_hostname(mv):
    old, new = _clients(mv, '2.94', OWNER)
    assert _message(_create(old, 'mv294-old', hostname='a.example.org'),
                    400)
    too_long = '.'.join(['a' * 60] * 5)
    assert _message(_create(new, 'mv294-long', hostname=too_long), 400)
    server_id = _booted(new, 'mv294', hostname='db-1.example.org')
    assert _show(new, server_id)['OS-EXT-SRV-ATTR:hostname'] == \
        'db-1.example.org'
    path = '/servers/%s' % server_id
    assert _message(old.put(path, json={'server': {
        'hostname': 'db-2.example.org'}}), 400)
    resp = new.put(path, json={'server': {'hostname': 'db-2.example.org'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['OS-EXT-SRV-ATTR:hostname'] == \
        'db-2.example.org'
    resp = act(new, server_id, {'rebuild': {
        'imageRef': seeded_image(new), 'hostname': 'db-3.example.org'}})
    assert resp.status_code == 202, resp.text
    settled(new, server_id, 'ACTIVE')
    assert _show(new, server_id)['OS-EXT-SRV-ATTR:hostname'] == \
        'db-3.example.org'
    _gone(new, server_id)


# 2.91 unshelve to a host, 2.96 pinned availability zone -------------------

def _shelved(api, server_id):
    assert act(api, server_id, {'shelve': None}).status_code == 202
    return settled(api, server_id, 'SHELVED_OFFLOADED')


def test_2_91_unshelve_to_a_host_and_2_96_pinned_zone(mv):
    admin_old, admin = _clients(mv, '2.91')
    owner = mv.api.as_user(OWNER, '2.91')
    server_id = _booted(owner, 'mv291', availability_zone='nova')

    # Only a shelved offloaded server is given a host or zone.
    resp = act(admin, server_id, {'unshelve': {'availability_zone': None}})
    assert resp.status_code == 409, resp.text
    _shelved(owner, server_id)

    hosts = _hosts(mv)
    body = {'unshelve': {'host': hosts[1]}}
    assert _message(act(admin_old, server_id, body), 400)
    assert act(owner, server_id, body).status_code == 403
    resp = act(admin, server_id, {'unshelve': {'host': 'no-such-host'}})
    assert 'no-such-host' in _message(resp, 400)
    resp = act(admin, server_id, {'unshelve': {
        'host': hosts[1], 'availability_zone': 'no-such-zone'}})
    assert _message(resp, 400)
    assert _message(act(admin, server_id, {'unshelve': {'bad': 1}}), 400)

    old96, new96 = _clients(mv, '2.96', ADMIN)
    assert 'pinned_availability_zone' not in _show(old96, server_id)
    assert _show(new96, server_id)['pinned_availability_zone'] == 'nova'

    for host in reversed(hosts):
        resp = act(admin, server_id, {'unshelve': {'host': host}})
        assert resp.status_code == 202, resp.text
        server = settled(admin, server_id, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] == host
        _shelved(owner, server_id)

    # null unpins the server: it may now land in any zone.
    resp = act(owner, server_id, {'unshelve': {'availability_zone': None}})
    assert resp.status_code == 202, resp.text
    settled(admin, server_id, 'ACTIVE')
    assert _show(new96, server_id)['pinned_availability_zone'] is None
    listed = mv.api.as_user(OWNER, '2.96').get(
        '/servers/detail').json()['servers']
    assert next(s for s in listed if s['id'] == server_id)[
        'pinned_availability_zone'] is None
    # The plain unshelve of every version stays.
    _shelved(owner, server_id)
    assert act(owner, server_id, {'unshelve': None}).status_code == 202
    settled(admin, server_id, 'ACTIVE')
    _gone(owner, server_id)


# 2.92 key pairs ------------------------------------------------------------

def test_2_92_key_pairs_are_imported(mv):
    old, new = _clients(mv, '2.92', OWNER)
    resp = old.post('/os-keypairs', json={'keypair': {'name': 'mv292-gen'}})
    assert resp.status_code == 201, resp.text
    assert 'private_key' in resp.json()['keypair']
    assert _message(old.post('/os-keypairs', json={'keypair': {
        'name': 'me@host.example', 'public_key': PUBLIC_KEY}}), 400)

    assert _message(new.post('/os-keypairs', json={'keypair': {
        'name': 'mv292-gen2'}}), 400)
    resp = new.post('/os-keypairs', json={'keypair': {
        'name': 'me@host.example', 'public_key': PUBLIC_KEY}})
    assert resp.status_code == 201, resp.text
    made = resp.json()['keypair']
    assert 'private_key' not in made
    assert made['public_key'] == PUBLIC_KEY
    assert _message(new.post('/os-keypairs', json={'keypair': {
        'name': 'me/host', 'public_key': PUBLIC_KEY}}), 400)
    assert new.get('/os-keypairs/me@host.example').status_code == 200
    for name in ('me@host.example', 'mv292-gen'):
        assert new.delete('/os-keypairs/%s' % name).status_code == 204


# 2.93 rebuild of volume-backed servers -------------------------------------

def _uploaded_image(cloud, name, data=b'\0' * 65536, **properties):
    """A new public raw image holding data (the built-in Glance v2 API)."""
    headers = {'X-Auth-Token': ADMIN}
    resp = requests.post(cloud.image_endpoint + '/v2/images', json=dict(
        {'name': name, 'disk_format': 'raw', 'container_format': 'bare',
         'visibility': 'public'}, **properties), headers=headers,
        timeout=30)
    assert resp.status_code == 201, resp.text
    image_id = resp.json()['id']
    resp = requests.put(
        cloud.image_endpoint + '/v2/images/%s/file' % image_id,
        data=data, timeout=30, headers=dict(
            headers, **{'Content-Type': 'application/octet-stream'}))
    assert resp.status_code == 204, resp.text
    return image_id


def _boot_volume(api, server_id):
    attachments = api.get('/servers/%s/os-volume_attachments'
                          % server_id).json()['volumeAttachments']
    assert len(attachments) == 1, attachments
    return attachments[0]['volumeId']


def _volume_of_block_storage(cloud, volume_id):
    """The volume as the Block Storage API (Cinder v3 shape) shows it."""
    project = OWNER.split(':')[1]
    resp = requests.get('%s/v3/%s/volumes/%s' % (
        cloud.volume_endpoint, project, volume_id),
        headers={'X-Auth-Token': OWNER}, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()['volume']


def _root_disk_bytes(cloud, server_id, count):
    """The first bytes of the file the fake hypervisor has as the
    server's root device (/dev/vda)."""
    device = vh.wait_devices(cloud, server_id, ['/dev/vda'])['/dev/vda']
    with open(device['data']['device_path'], 'rb') as f:
        return f.read(count)


def _volume_backed_server(api, name, image):
    resp = api.post('/servers', json={'server': {
        'name': name, 'flavorRef': '1', 'networks': 'none',
        'block_device_mapping_v2': [{
            'source_type': 'image', 'destination_type': 'volume',
            'uuid': image, 'boot_index': 0, 'volume_size': 1,
            'delete_on_termination': True}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(api, server_id, 'ACTIVE')
    return server_id


def test_2_93_volume_backed_rebuild(mv):
    vh.wait_volume_service(mv.api)
    old, new = _clients(mv, '2.93', OWNER)
    first = _uploaded_image(mv, 'mv293-first', data=b'FIRST---' * 8192)
    server_id = _volume_backed_server(old, 'mv293', first)
    volume_id = _boot_volume(old, server_id)
    assert _root_disk_bytes(mv, server_id, 8) == b'FIRST---'
    other = _uploaded_image(mv, 'mv293-other', data=b'REIMAGED' * 8192)

    resp = act(old, server_id, {'rebuild': {'imageRef': other}})
    assert 'different image for a volume-backed' in _message(resp, 400)
    assert _show(old, server_id)['OS-EXT-STS:task_state'] is None

    # 2.93: the boot volume is rewritten from the image, keeping its id.
    resp = act(new, server_id, {'rebuild': {'imageRef': other,
                                            'name': 'mv293-rebuilt'}})
    assert resp.status_code == 202, resp.text
    assert resp.json()['server']['image']['id'] == other
    settled(new, server_id, 'ACTIVE')
    server = _show(new, server_id)
    assert server['image']['id'] == other
    assert server['name'] == 'mv293-rebuilt'
    assert _boot_volume(new, server_id) == volume_id
    volume = _volume_of_block_storage(mv, volume_id)
    assert volume['status'] == 'in-use'
    assert volume['volume_image_metadata']['image_id'] == other
    assert [a['server_id'] for a in volume['attachments']] == [server_id]
    assert _root_disk_bytes(mv, server_id, 16) == b'REIMAGED' * 2
    volume_path = vh.hypervisor_devices(mv, server_id)['/dev/vda'][
        'data']['device_path']
    events = new.get('/servers/%s/os-instance-actions' % server_id).json()
    rebuilds = [a for a in events['instanceActions']
                if a['action'] == 'rebuild']
    assert len(rebuilds) == 1
    detail = new.get('/servers/%s/os-instance-actions/%s' % (
        server_id, rebuilds[0]['request_id'])).json()['instanceAction']
    assert [(e['event'], e['result']) for e in detail['events']] == [
        ('compute_rebuild_instance', 'Success')]

    # 2.93 adds the event a block storage service sends once it reimaged
    # a server's volume (the tag: the volume).
    admin_old, admin_new = _clients(mv, '2.93')
    event = {'name': 'volume-reimaged', 'server_uuid': server_id,
             'tag': volume_id}
    body = {'events': [event]}
    resp = admin_old.post('/os-server-external-events', json=body)
    assert resp.status_code == 400, resp.text
    resp = admin_new.post('/os-server-external-events', json=body)
    assert resp.status_code == 200, resp.text
    assert resp.json()['events'] == [dict(event, status='completed',
                                          code=200)]
    resp = admin_new.post('/os-server-external-events', json={'events': [
        {'name': 'volume-reimaged', 'server_uuid': server_id}]})
    assert resp.status_code == 404, resp.text

    # An image bigger than the volume is refused before anything changes.
    big = _uploaded_image(mv, 'mv293-big', min_disk=2)
    resp = act(new, server_id, {'rebuild': {'imageRef': big}})
    assert 'more than the 1 GiB' in _message(resp, 400)
    assert _show(new, server_id)['status'] == 'ACTIVE'

    # The volume service fails: the server is in ERROR with a fault, the
    # volume in error (not left downloading), its data the old image's.
    project = OWNER.split(':')[1]
    resp = requests.put('%s/v3/%s/volumes/%s' % (
        mv.volume_endpoint, project, volume_id),
        json={'volume': {'name': 'mv293-broken'}},
        headers={'X-Auth-Token': OWNER}, timeout=30)
    assert resp.status_code == 200, resp.text
    resp = act(new, server_id, {'rebuild': {'imageRef': first}})
    assert resp.status_code == 202, resp.text
    server = new.wait_for_status(server_id, 'ERROR')
    assert 'reimaging volume %s failed' % volume_id in \
        server['fault']['message']
    volume = _volume_of_block_storage(mv, volume_id)
    assert volume['status'] == 'error'
    assert volume['volume_image_metadata']['image_id'] == other
    with open(volume_path, 'rb') as f:
        assert f.read(8) == b'REIMAGED'

    # An image-backed server still rebuilds at 2.93.
    plain = _booted(new, 'mv293-image')
    resp = act(new, plain, {'rebuild': {'imageRef': other}})
    assert resp.status_code == 202, resp.text
    settled(new, plain, 'ACTIVE')
    assert _show(new, plain)['image']['id'] == other
    for made in (server_id, plain):
        _gone(new, made)
    vh.wait_volume(new, volume_id, 'deleted')


def _force_down(cloud, host, down):
    resp = cloud.api.as_user(ADMIN, '2.11').put(
        '/os-services/force-down', json={
            'host': host, 'binary': 'nova-compute', 'forced_down': down})
    assert resp.status_code == 200, resp.text


def _evacuated(cloud, api, server_id, status):
    source = _show(api, server_id)['OS-EXT-SRV-ATTR:host']
    _force_down(cloud, source, True)
    try:
        resp = act(api, server_id, {'evacuate': {}})
        assert resp.status_code == 200, resp.text
        server = settled(api, server_id, status)
        assert server['OS-EXT-SRV-ATTR:host'] != source
        return server
    finally:
        _force_down(cloud, source, False)


def test_2_95_evacuate_leaves_the_server_stopped(mv):
    # Two servers: the host an evacuation left keeps its stale guest
    # until its compute service restarts, so none goes back there.
    old, new = _clients(mv, '2.95')
    before = _booted(old, 'mv295-old')
    server = _evacuated(mv, old, before, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1

    server_id = _booted(new, 'mv295')
    assert _message(act(new, server_id, {'evacuate': {'force': True}}),
                    400)
    server = _evacuated(mv, new, server_id, 'SHUTOFF')
    assert server['OS-EXT-STS:vm_state'] == 'stopped'
    assert server['OS-EXT-STS:power_state'] == 4
    assert 'fault' not in server
    assert act(new, server_id, {'os-start': None}).status_code == 202
    settled(new, server_id, 'ACTIVE')
    for made in (before, server_id):
        _gone(new, made)


# 2.97 shares ---------------------------------------------------------------

def test_2_97_shares_are_refused_without_a_share_service(mv):
    old, new = _clients(mv, '2.97', OWNER)
    server_id = _booted(new, 'mv297')
    path = '/servers/%s/shares' % server_id
    share = '4b0c3c4e-1b38-4a5b-9f0e-2f9d4c6a7e11'
    body = {'share': {'share_id': share, 'tag': 'data'}}
    assert old.get(path).status_code == 404
    assert old.post(path, json=body).status_code == 404

    assert new.get(path).json() == {'shares': []}
    assert 'stop it first' in _message(new.post(path, json=body), 409)
    assert act(new, server_id, {'os-stop': None}).status_code == 202
    settled(new, server_id, 'SHUTOFF')
    assert 'Manila' in _message(new.post(path, json=body), 409)
    assert _message(new.post(path, json={'share': {'share_id': 'x'}}), 400)
    assert _message(new.get('%s/%s' % (path, share)), 404)
    assert _message(new.delete('%s/%s' % (path, share)), 404)
    other = mv.api.as_user('bob:proj-mv-288-other', '2.97')
    assert other.get(path).status_code == 404
    _gone(new, server_id)


# 2.98 image properties, 2.100 scheduler hints ------------------------------

def test_2_98_image_properties_and_2_100_scheduler_hints(mv):
    owner = mv.api.as_user(OWNER, '2.100')
    image = _uploaded_image(mv, 'mv298', hw_mv_test='yes')
    other = _booted(owner, 'mv2100-other')
    resp = mv.api.as_user(OWNER, '2.100').post('/servers', json={
        'server': {'name': 'mv298', 'imageRef': image, 'flavorRef': '1',
                   'networks': 'none'},
        'os:scheduler_hints': {'different_host': [other],
                               'mv_custom': 'x'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(owner, server_id, 'ACTIVE')

    old, new = _clients(mv, '2.98', OWNER)
    assert 'properties' not in _show(old, server_id)['image']
    shown = _show(new, server_id)['image']
    assert shown['id'] == image
    assert shown['properties']['hw_mv_test'] == 'yes'
    assert shown['properties']['disk_format'] == 'raw'
    listed = new.get('/servers/detail').json()['servers']
    assert next(s for s in listed if s['id'] == server_id)['image'][
        'properties']['hw_mv_test'] == 'yes'

    old, new = _clients(mv, '2.100', OWNER)
    assert 'scheduler_hints' not in _show(old, server_id)
    hints = {'different_host': [other], 'mv_custom': ['x']}
    assert _show(new, server_id)['scheduler_hints'] == hints
    assert _show(new, other)['scheduler_hints'] == {}
    listed = {s['id']: s for s in new.get('/servers/detail').json()[
        'servers']}
    assert listed[server_id]['scheduler_hints'] == hints
    assert listed[other]['scheduler_hints'] == {}
    resp = new.put('/servers/%s' % server_id,
                   json={'server': {'name': 'mv298-renamed'}})
    assert resp.json()['server']['scheduler_hints'] == hints
    for made in (server_id, other):
        _gone(new, made)


# 2.99 spice-direct consoles ------------------------------------------------

def test_2_99_spice_direct_refused_and_token_tls_port(mv):
    old, new = _clients(mv, '2.99', OWNER)
    server_id = _booted(new, 'mv299')
    path = '/servers/%s/remote-consoles' % server_id
    body = {'remote_console': {'protocol': 'spice', 'type': 'spice-direct'}}
    assert 'spice-direct' in _message(old.post(path, json=body), 400)
    assert _message(new.post(path, json=body), 400) == \
        'Unavailable console type spice-direct.'
    body = {'remote_console': {'protocol': 'vnc', 'type': 'spice-direct'}}
    assert _message(new.post(path, json=body), 400)

    resp = new.post(path, json={'remote_console': {'protocol': 'vnc',
                                                   'type': 'novnc'}})
    assert resp.status_code == 200, resp.text
    token = console_token(resp.json()['remote_console']['url'])
    old, new = _clients(mv, '2.99')
    tokens = '/os-console-auth-tokens/%s' % token
    assert 'tls_port' not in old.get(tokens).json()['console']
    console = new.get(tokens).json()['console']
    assert console['tls_port'] is None
    assert console['instance_uuid'] == server_id
    _gone(new, server_id)


# openstacksdk at its highest versions ----------------------------------------

# 2.102 flavors without rxtx_factor ------------------------------------------

def test_2_102_flavors_leave_rxtx_factor_out(mv):
    old, new = _clients(mv, '2.102')
    body = {'flavor': {'name': 'mv2102', 'ram': 64, 'vcpus': 1, 'disk': 0,
                       'rxtx_factor': 2.0}}
    assert 'rxtx_factor' in _message(new.post('/flavors', json=body), 400)
    resp = old.post('/flavors', json=body)
    assert resp.status_code == 200, resp.text
    flavor_id = resp.json()['flavor']['id']
    try:
        assert old.get('/flavors/%s' % flavor_id).json()['flavor'][
            'rxtx_factor'] == 2.0
        assert 'rxtx_factor' not in new.get(
            '/flavors/%s' % flavor_id).json()['flavor']
        listed = new.get('/flavors/detail').json()['flavors']
        assert listed and not any('rxtx_factor' in f for f in listed)
        del body['flavor']['rxtx_factor']
        body['flavor']['name'] = 'mv2102-new'
        resp = new.post('/flavors', json=body)
        assert resp.status_code == 200, resp.text
        assert 'rxtx_factor' not in resp.json()['flavor']
        assert new.delete('/flavors/%s' % resp.json()['flavor'][
            'id']).status_code == 202
    finally:
        old.delete('/flavors/%s' % flavor_id)


# 2.103 os-volumes_boot gone -------------------------------------------------

def test_2_103_os_volumes_boot_is_gone(mv):
    old, new = _clients(mv, '2.103', OWNER)
    body = {'server': {'name': 'mv2103', 'imageRef': seeded_image(old),
                       'flavorRef': '1', 'networks': 'none'}}
    assert new.post('/os-volumes_boot', json=body).status_code == 404
    resp = old.post('/os-volumes_boot', json=body)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(old, server_id, 'ACTIVE')
    _gone(old, server_id)


# 2.104 pinned availability zone in update -----------------------------------

def test_2_104_update_unpins_and_repins_the_zone(mv):
    old, new = _clients(mv, '2.104', OWNER)
    server_id = _booted(new, 'mv2104', availability_zone='nova')
    assert _show(new, server_id)['pinned_availability_zone'] == 'nova'
    path = '/servers/%s' % server_id

    unpin = {'server': {'pinned_availability_zone': None}}
    assert _message(old.put(path, json=unpin), 400)
    for _ in range(2):  # unpinning an unpinned server changes nothing
        resp = new.put(path, json=unpin)
        assert resp.status_code == 200, resp.text
        assert resp.json()['server']['pinned_availability_zone'] is None
    server = _show(new, server_id)
    assert server['pinned_availability_zone'] is None
    assert server['OS-EXT-AZ:availability_zone'] == 'nova'

    assert 'elsewhere' in _message(new.put(path, json={'server': {
        'pinned_availability_zone': 'elsewhere'}}), 400)
    assert _message(new.put(path, json={'server': {
        'pinned_availability_zone': ''}}), 400)
    for _ in range(2):  # pinning to its own zone again is a no-op
        resp = new.put(path, json={'server': {
            'pinned_availability_zone': 'nova'}})
        assert resp.status_code == 200, resp.text
        assert resp.json()['server']['pinned_availability_zone'] == 'nova'
    assert _show(new, server_id)['pinned_availability_zone'] == 'nova'
    _gone(new, server_id)


def test_openstacksdk_compute_proxy_at_its_highest_versions(mv):
    """The SDK asks for up to 2.100 (servers), 2.99 (consoles and their
    tokens), 2.97 (shares) and 2.88 (hypervisors); the cloud serves
    them all."""
    import openstack as sdk

    conn = sdk.connection.Connection(
        auth_type='none', compute_endpoint_override=mv.endpoint,
        image_endpoint_override=mv.endpoint.rsplit('/', 1)[0])
    server = conn.compute.create_server(
        name='mv-sdk', image_id=seeded_image(mv.api), flavor_id='1',
        networks='none', hostname='sdk-host',
        scheduler_hints={'mv_sdk': 'yes'})
    server = conn.compute.wait_for_server(server, wait=60)
    assert server.hostname == 'sdk-host'
    assert server.scheduler_hints == {'mv_sdk': ['yes']}
    assert server.pinned_availability_zone is None
    assert server.image.properties['disk_format']
    assert [s.id for s in conn.compute.servers(name='mv-sdk')] == \
        [server.id]

    hypervisors = list(conn.compute.hypervisors(details=True))
    assert hypervisors and hypervisors[0].vcpus is None
    assert hypervisors[0].name

    console = conn.compute.create_server_remote_console(
        server, protocol='vnc', type='novnc')
    token = console_token(console.url)
    found = conn.compute.validate_console_auth_token(token)
    assert found.instance_uuid == server.id
    with pytest.raises(sdk.exceptions.BadRequestException):
        conn.compute.create_server_remote_console(
            server, protocol='spice', type='spice-direct')

    assert list(conn.compute.share_attachments(server)) == []
    # The SDK's key pairs stop at 2.10: no '@' in names there.
    keypair = conn.compute.create_keypair(name='mv-sdk-key',
                                          public_key=PUBLIC_KEY)
    assert keypair.public_key == PUBLIC_KEY
    conn.compute.delete_keypair(keypair)
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=60)
