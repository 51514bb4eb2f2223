"""Server view and URL microversions over HTTP on the all-in-one: 2.16
host_status, 2.18 project id optional in URLs, 2.27 the new version
header."""

import contextlib

from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete

OWNER = 'alice:proj-mv-servers'


@contextlib.contextmanager
def _service_state(admin, host, path, body_extra, undo_path, undo_extra,
                   version='2.1'):
    client = admin.as_user('admin:admin', version)
    body = dict({'host': host, 'binary': 'nova-compute'}, **body_extra)
    resp = client.put('/os-services/' + path, json=body)
    assert resp.status_code == 200, resp.text
    try:
        yield
    finally:
        body = dict({'host': host, 'binary': 'nova-compute'}, **undo_extra)
        resp = client.put('/os-services/' + undo_path, json=body)
        assert resp.status_code == 200, resp.text


def _show(client, server_id):
    resp = client.get('/servers/%s' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']


def _detail_status(client, server_id):
    servers = client.get('/servers/detail?all_tenants=1').json()['servers']
    (server,) = [s for s in servers if s['id'] == server_id]
    return server.get('host_status', 'absent')


def test_2_16_host_status(aio):
    owner = aio.api.as_user(OWNER, '2.16')
    server_id = boot(owner, 'host-status')
    v215 = aio.api.as_user('admin:admin', '2.15')
    v216 = aio.api.as_user('admin:admin', '2.16')
    host = _show(v216, server_id)['OS-EXT-SRV-ATTR:host']
    assert 'host_status' not in _show(v215, server_id)
    assert _detail_status(v215, server_id) == 'absent'
    assert _show(v216, server_id)['host_status'] == 'UP'
    assert _detail_status(v216, server_id) == 'UP'
    # Only administrators see it by default (policy
    # os_compute_api:servers:show:host_status).
    assert 'host_status' not in _show(owner, server_id)
    with _service_state(aio.api, host, 'disable', {}, 'enable', {}):
        assert _show(v216, server_id)['host_status'] == 'MAINTENANCE'
        assert _detail_status(v216, server_id) == 'MAINTENANCE'
    with _service_state(aio.api, host, 'force-down', {'forced_down': True},
                        'force-down', {'forced_down': False},
                        version='2.11'):
        assert _show(v216, server_id)['host_status'] == 'DOWN'
    assert _show(v216, server_id)['host_status'] == 'UP'
    delete(owner, server_id)


def test_2_16_host_status_empty_without_host(aio):
    owner = aio.api.as_user(OWNER)
    image = owner.get('/images').json()['images'][0]['id']
    resp = owner.post('/servers', json={'server': {
        'name': 'fail-always', 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    owner.wait_for_status(server_id, 'ERROR')
    shown = _show(aio.api.as_user('admin:admin', '2.16'), server_id)
    assert shown['OS-EXT-SRV-ATTR:host'] is None
    assert shown['host_status'] == ''
    delete(owner, server_id)
