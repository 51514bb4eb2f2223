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


def test_2_18_project_id_optional_in_urls(aio):
    """2.18 only signals it: both URL shapes work at every version, and a
    project in the URL must be the caller's."""
    for version in ('2.17', '2.18'):
        owner = aio.api.as_user(OWNER, version)
        for path in ('/flavors', '/proj-mv-servers/flavors'):
            resp = owner.get(path)
            assert resp.status_code == 200, (version, path, resp.text)
            assert resp.json()['flavors']
        resp = owner.get('/another-project/flavors')
        assert resp.status_code == 400, resp.text
        assert 'project_id' in resp.json()['badRequest']['message']


def test_2_27_both_version_headers(aio):
    """2.27 only signals it: the OpenStack-API-Version header and the
    legacy X-OpenStack-Nova-API-Version are read and echoed at every
    version."""
    session = aio.api.as_user(OWNER).session
    for version in ('2.26', '2.27'):
        for header, value in (
                ('OpenStack-API-Version', 'compute %s' % version),
                ('X-OpenStack-Nova-API-Version', version)):
            resp = session.get(aio.endpoint + '/flavors',
                               headers={header: value})
            assert resp.status_code == 200, resp.text
            assert resp.headers['OpenStack-API-Version'] == \
                'compute %s' % version
            assert resp.headers['X-OpenStack-Nova-API-Version'] == version
            assert 'OpenStack-API-Version' in resp.headers['Vary']


def test_2_21_actions_of_deleted_servers(aio):
    owner = aio.api.as_user(OWNER)
    server_id = boot(owner, 'short-lived')
    request_id = owner.get('/servers/%s/os-instance-actions' % server_id
                           ).json()['instanceActions'][0]['request_id']
    delete(owner, server_id)
    for path in ('/servers/%s/os-instance-actions' % server_id,
                 '/servers/%s/os-instance-actions/%s' % (server_id,
                                                         request_id)):
        resp = aio.api.as_user(OWNER, '2.20').get(path)
        assert resp.status_code == 404, resp.text
    v221 = aio.api.as_user(OWNER, '2.21')
    listed = v221.get('/servers/%s/os-instance-actions' % server_id)
    assert listed.status_code == 200, listed.text
    assert [a['action'] for a in listed.json()['instanceActions']] == [
        'delete', 'create']
    shown = v221.get('/servers/%s/os-instance-actions/%s' % (
        server_id, request_id))
    assert shown.status_code == 200, shown.text
    assert shown.json()['instanceAction']['action'] == 'create'
    # Another project still sees nothing of it.
    resp = aio.api.as_user('bob:proj-other', '2.21').get(
        '/servers/%s/os-instance-actions' % server_id)
    assert resp.status_code == 404, resp.text
