"""A booted server's metadata and password over HTTP on the whole stack."""

from tests.functional import actions_helpers as actions

OWNER = 'alice:proj-metadata'


def test_metadata_of_a_running_and_a_locked_server(aio):
    api = aio.api.as_user(OWNER)
    server_id = actions.boot(api, 'meta')
    path = '/servers/%s/metadata' % server_id

    resp = api.post(path, json={'metadata': {'role': 'web', 'tier': '1'}})
    assert resp.status_code == 200, resp.text
    resp = api.put(path + '/tier', json={'meta': {'tier': '2'}})
    assert resp.json() == {'meta': {'tier': '2'}}
    assert api.delete(path + '/role').status_code == 204
    shown = api.get('/servers/%s' % server_id).json()['server']
    assert shown['metadata'] == {'tier': '2'}

    actions.accepted(api, server_id, {'lock': None})
    colleague = aio.api.as_user('carol:proj-metadata')
    resp = colleague.put(path, json={'metadata': {}})
    assert actions.conflict(resp) == 'Instance %s is locked' % server_id
    actions.accepted(api, server_id, {'unlock': None})

    resp = api.get('/servers/%s/os-server-password' % server_id)
    assert resp.json() == {'password': ''}
    actions.delete(api, server_id)
