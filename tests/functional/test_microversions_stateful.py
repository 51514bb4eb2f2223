"""Microversions that store something, on every deployment shape (SQLite
all-in-one, split daemons on MariaDB and PostgreSQL with RabbitMQ): 2.19
server descriptions."""

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled

OWNER = 'alice:proj-mv-stateful'


def _image(api):
    return api.get('/images').json()['images'][0]['id']


def _create(api, **server):
    body = dict({'name': 'described', 'imageRef': _image(api),
                 'flavorRef': '1'}, **server)
    return api.post('/servers', json={'server': body})


def _booted(api, **server):
    resp = _create(api, **server)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(api, server_id, 'ACTIVE')
    return server_id


def _shown(api, server_id):
    return api.get('/servers/%s' % server_id).json()['server']


def test_2_19_description(cloud):
    old = cloud.api.as_user(OWNER, '2.18')
    new = cloud.api.as_user(OWNER, '2.19')
    resp = _create(old, description='not yet')
    assert resp.status_code == 400, resp.text
    # Before 2.19 the name is stored as the description.
    old_id = _booted(old, name='old-style')
    assert 'description' not in _shown(old, old_id)
    assert _shown(new, old_id)['description'] == 'old-style'

    server_id = _booted(new, description='web frontend')
    assert _shown(new, server_id)['description'] == 'web frontend'
    assert 'description' not in _shown(old, server_id)
    detail = new.get('/servers/detail').json()['servers']
    assert {s['id']: s['description'] for s in detail} == {
        server_id: 'web frontend', old_id: 'old-style'}
    assert _create(new, description='x' * 256).status_code == 400
    assert _create(new, description='bad\x01char').status_code == 400

    # Update: refused before 2.19, then set and cleared.
    resp = old.put('/servers/%s' % server_id,
                   json={'server': {'description': 'no'}})
    assert resp.status_code == 400, resp.text
    resp = new.put('/servers/%s' % server_id,
                   json={'server': {'description': 'api tier'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['description'] == 'api tier'
    resp = new.put('/servers/%s' % server_id,
                   json={'server': {'description': None}})
    assert resp.json()['server']['description'] is None
    assert _shown(new, server_id)['description'] is None

    # Rebuild: the same.
    body = {'rebuild': {'imageRef': _image(new), 'description': 'rebuilt'}}
    assert act(old, server_id, body).status_code == 400
    resp = act(new, server_id, body)
    assert resp.status_code == 202, resp.text
    assert resp.json()['server']['description'] == 'rebuilt'
    settled(new, server_id, 'ACTIVE')
    assert _shown(new, server_id)['description'] == 'rebuilt'
    delete(new, server_id)
    delete(new, old_id)
