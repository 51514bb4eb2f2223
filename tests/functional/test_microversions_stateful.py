"""Microversions that store something, on every deployment shape (SQLite
all-in-one, split daemons on MariaDB and PostgreSQL with RabbitMQ): 2.19
server descriptions, 2.26 tags, 2.37 networks "auto" and "none" (the
auto-allocated topology), 2.41 aggregate uuids."""

import concurrent.futures

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled
from tests.functional import neutron_helpers

OWNER = 'alice:proj-mv-stateful'


def _image(api):
    # The images proxy ends at 2.35: ask at 2.1.
    images = api.as_user('admin:admin').get('/images').json()['images']
    return next(i['id'] for i in images if i['name'] == 'cirros')


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


def _ids(api, query):
    resp = api.get('/servers?' + query)
    assert resp.status_code == 200, resp.text
    return {s['id'] for s in resp.json()['servers']}


def test_2_26_server_tags(cloud):
    old = cloud.api.as_user(OWNER, '2.25')
    api = cloud.api.as_user(OWNER, '2.26')
    first = _booted(api, name='tagged-1')
    second = _booted(api, name='tagged-2')
    base = '/servers/%s/tags' % first
    assert old.get(base).status_code == 404
    assert 'tags' not in _shown(old, first)

    # Replace all, list, check one.
    resp = api.put(base, json={'tags': ['b', 'a']})
    assert resp.status_code == 200, resp.text
    assert sorted(resp.json()['tags']) == ['a', 'b']
    assert sorted(api.get(base).json()['tags']) == ['a', 'b']
    assert api.get(base + '/a').status_code == 204
    assert api.get(base + '/zz').status_code == 404
    # Add one: 201 with its location, 204 when it is there already.
    resp = api.put(base + '/with space')
    assert resp.status_code == 201, resp.text
    assert resp.headers['Location'].endswith(
        '/servers/%s/tags/with space' % first)
    assert api.put(base + '/with space').status_code == 204
    assert sorted(_shown(api, first)['tags']) == ['a', 'b', 'with space']
    # Bad tags and too many.
    for bad in ('x,y', 'x' * 61):
        assert api.put(base + '/' + bad).status_code == 400
    resp = api.put(base, json={'tags': ['t%d' % i for i in range(51)]})
    assert resp.status_code == 400, resp.text
    resp = api.put(base, json={'tags': ['t%d' % i for i in range(50)]})
    assert resp.status_code == 200, resp.text
    resp = api.put(base + '/one-more')
    assert resp.status_code == 400, resp.text
    assert 'limit 50' in resp.json()['badRequest']['message']

    # The list filters.
    assert api.put(base, json={'tags': ['a', 'b']}).status_code == 200
    assert api.put('/servers/%s/tags' % second,
                   json={'tags': ['b', 'c']}).status_code == 200
    both = {first, second}
    assert _ids(api, 'tags=a,b') == {first}
    assert _ids(api, 'tags=b') == both
    assert _ids(api, 'tags-any=a,c') == both
    assert _ids(api, 'not-tags=b,c') == {first}
    assert _ids(api, 'not-tags-any=a') == {second}
    assert _ids(api, 'tags=b&not-tags-any=c') == {first}
    assert _ids(old, 'tags=a') >= both  # unknown before 2.26: ignored
    detail = api.get('/servers/detail?tags-any=a,c').json()['servers']
    assert {s['id']: sorted(s['tags']) for s in detail} == {
        first: ['a', 'b'], second: ['b', 'c']}

    # Delete one, then all.
    assert api.delete(base + '/a').status_code == 204
    assert api.delete(base + '/a').status_code == 404
    assert api.get(base).json()['tags'] == ['b']
    assert api.delete(base).status_code == 204
    assert api.get(base).json()['tags'] == []
    # Another project sees none of it.
    other = cloud.api.as_user('bob:proj-other', '2.26')
    assert other.get('/servers/%s/tags' % second).status_code == 404
    delete(api, first)
    delete(api, second)


def test_2_26_tags_need_a_settled_server(cloud):
    api = cloud.api.as_user(OWNER, '2.26')
    resp = _create(api, name='fail-always')
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    api.wait_for_status(server_id, 'ERROR')
    resp = api.put('/servers/%s/tags' % server_id, json={'tags': ['x']})
    assert resp.status_code == 409, resp.text
    assert 'error' in resp.json()['conflict']['message']
    assert api.put('/servers/%s/tags/x' % server_id).status_code == 409
    assert api.get('/servers/%s/tags' % server_id).json()['tags'] == []
    delete(api, server_id)


def _own_networks(client, project):
    return [n['id'] for n in client.get('/networks').json()['networks']
            if n['project_id'] == project]


def test_2_37_networks_none_and_auto(cloud):
    """These clouds have a shared network, which "auto" joins; a project's
    own auto-allocated topology (made once, even by parallel requests)
    comes first."""
    project = neutron_helpers.project('mv-auto')
    token = 'alice:' + project
    old = cloud.api.as_user(token, '2.36')
    new = cloud.api.as_user(token, '2.37')
    assert _create(new).status_code == 400
    assert _create(old, networks='none').status_code == 400
    lonely = _booted(new, networks='none')
    assert _shown(new, lonely)['addresses'] == {}
    shared = _booted(new, networks='auto')
    assert len(_shown(new, shared)['addresses']) == 1

    client = neutron_helpers.neutron(cloud, token)
    path = '/auto-allocated-topology/%s' % project
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _: client.get(path), range(3)))
    for resp in answers:
        assert resp.status_code == 200, resp.text
    ids = {r.json()['auto_allocated_topology']['id'] for r in answers}
    assert [ids] == [set(_own_networks(client, project))]
    own = _booted(new, networks='auto')
    assert list(_shown(new, own)['addresses']) == [
        'auto_allocated_network']
    assert neutron_helpers.fault_type(client.delete(path), 409) == \
        'NetworkInUse'
    for server_id in (lonely, shared, own):
        delete(new, server_id)
    assert client.delete(path).status_code == 204
    assert _own_networks(client, project) == []


def test_2_41_aggregate_uuid(cloud):
    new = cloud.api.as_user('admin:admin', '2.41')
    resp = new.post('/os-aggregates',
                    json={'aggregate': {'name': 'stateful-241'}})
    assert resp.status_code == 200, resp.text
    created = resp.json()['aggregate']
    path = '/os-aggregates/%s' % created['id']
    assert new.get(path).json()['aggregate']['uuid'] == created['uuid']
    assert 'uuid' not in cloud.api.as_user('admin:admin', '2.40').get(
        path).json()['aggregate']
    assert new.delete(path).status_code == 200
