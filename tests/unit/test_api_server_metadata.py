"""A server's metadata through the API: /servers/{id}/metadata[/{key}]."""

import pytest

from nova import objects
from tests.unit import stored_instances

OWNER = 'alice:proj-a'


def _server(context, vm_state='active', task_state=None, locked=False,
            metadata=None):
    if metadata is None:
        metadata = {'color': 'blue', 'size': 'large'}
    return stored_instances.create_owned(
        context, vm_state=vm_state, task_state=task_state, locked=locked,
        locked_by='admin' if locked else None, metadata=metadata)


def _path(server, key=None):
    path = '/v2.1/servers/%s/metadata' % server.uuid
    return path + '/' + key if key else path


def _stored(context, server):
    return objects.Instance.get_by_uuid(
        context, server.uuid, expected_attrs=['metadata']).metadata


@pytest.fixture
def owner(api):
    return api.as_user(OWNER)


def test_index_and_show(owner, admin_context):
    server = _server(admin_context)
    resp = owner.get(_path(server))
    assert resp.status_int == 200
    assert resp.json == {'metadata': {'color': 'blue', 'size': 'large'}}
    resp = owner.get(_path(server, 'color'))
    assert resp.json == {'meta': {'color': 'blue'}}
    resp = owner.get(_path(server, 'nope'))
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == \
        'Metadata item was not found'


def test_post_merges(owner, admin_context):
    server = _server(admin_context)
    resp = owner.post(_path(server), {'metadata': {'color': 'red',
                                                   'new': 'x'}})
    assert resp.status_int == 200
    expected = {'color': 'red', 'size': 'large', 'new': 'x'}
    assert resp.json == {'metadata': expected}
    assert _stored(admin_context, server) == expected


def test_put_replaces_all(owner, admin_context):
    server = _server(admin_context)
    resp = owner.put(_path(server), {'metadata': {'only': 'this'}})
    assert resp.status_int == 200
    assert resp.json == {'metadata': {'only': 'this'}}
    assert _stored(admin_context, server) == {'only': 'this'}
    resp = owner.put(_path(server), {'metadata': {}})
    assert resp.json == {'metadata': {}}
    assert _stored(admin_context, server) == {}


def test_put_one_item(owner, admin_context):
    server = _server(admin_context)
    resp = owner.put(_path(server, 'color'), {'meta': {'color': 'green'}})
    assert resp.status_int == 200
    assert resp.json == {'meta': {'color': 'green'}}
    assert _stored(admin_context, server) == {'color': 'green',
                                              'size': 'large'}


@pytest.mark.parametrize('body', [
    {'meta': {'other': 'x'}},                  # not the URL's key
    {'meta': {'color': 'x', 'size': 'y'}},     # more than one item
    {'meta': {}},
    {'metadata': {'color': 'x'}},
])
def test_put_one_item_needs_exactly_the_url_key(owner, admin_context, body):
    server = _server(admin_context)
    resp = owner.put(_path(server, 'color'), body)
    assert resp.status_int == 400
    assert _stored(admin_context, server)['color'] == 'blue'


@pytest.mark.parametrize('metadata', [
    {'k' * 256: 'v'}, {'k': 'v' * 256}, {'': 'v'}, {'k': 1},
    {'bad/key': 'v'},
])
def test_bad_items_are_400(owner, admin_context, metadata):
    server = _server(admin_context)
    assert owner.post(_path(server), {'metadata': metadata}).status_int == 400


def test_255_characters_fit(owner, admin_context):
    server = _server(admin_context, metadata={})
    resp = owner.post(_path(server), {'metadata': {'k' * 255: 'v' * 255}})
    assert resp.status_int == 200


def test_delete(owner, admin_context):
    server = _server(admin_context)
    resp = owner.delete(_path(server, 'color'))
    assert resp.status_int == 204
    assert _stored(admin_context, server) == {'size': 'large'}
    assert owner.delete(_path(server, 'color')).status_int == 404


def test_quota_limits_the_number_of_items(owner, admin_context, conf):
    conf.set_override('metadata_items', 2, group='quota')
    server = _server(admin_context)
    resp = owner.post(_path(server), {'metadata': {'third': 'x'}})
    assert resp.status_int == 403
    assert 'exceeds 2' in resp.json['forbidden']['message']
    assert owner.put(_path(server), {'metadata': {'a': '1', 'b': '2'}}) \
        .status_int == 200


@pytest.mark.parametrize('vm_state,task_state,allowed', [
    ('active', None, True), ('stopped', None, True),
    ('paused', None, True), ('suspended', None, True),
    ('building', 'spawning', False), ('error', None, False),
    ('active', 'rebooting', False), ('shelved', None, False),
])
def test_changes_follow_the_state_table(owner, admin_context, vm_state,
                                        task_state, allowed):
    server = _server(admin_context, vm_state=vm_state,
                     task_state=task_state)
    calls = [
        lambda: owner.post(_path(server), {'metadata': {'a': 'b'}}),
        lambda: owner.put(_path(server), {'metadata': {'a': 'b'}}),
        lambda: owner.put(_path(server, 'a'), {'meta': {'a': 'c'}}),
    ]
    if allowed:
        calls.append(lambda: owner.delete(_path(server, 'a')))
    else:
        calls.append(lambda: owner.delete(_path(server, 'color')))
    for call in calls:
        resp = call()
        if allowed:
            assert resp.status_int in (200, 204), resp.body
            continue
        assert resp.status_int == 409, resp.body
        message = resp.json['conflict']['message']
        assert message.startswith("Cannot 'update metadata' instance %s"
                                  % server.uuid), message
        state = vm_state if vm_state in ('building', 'error', 'shelved') \
            else task_state
        assert message.endswith(' %s' % state), message
    if not allowed:
        assert _stored(admin_context, server) == {'color': 'blue',
                                                  'size': 'large'}


def test_locked_server_refuses_its_owner_not_admins(api, owner,
                                                    admin_context):
    server = _server(admin_context, locked=True)
    resp = owner.post(_path(server), {'metadata': {'a': 'b'}})
    assert resp.status_int == 409
    assert resp.json['conflict']['message'] == \
        'Instance %s is locked' % server.uuid
    assert owner.delete(_path(server, 'color')).status_int == 409
    assert owner.get(_path(server)).status_int == 200
    assert api.post(_path(server), {'metadata': {'a': 'b'}}) \
        .status_int == 200


def test_other_projects_get_404(api, admin_context):
    server = _server(admin_context)
    other = api.as_user('bob:proj-b')
    assert other.get(_path(server)).status_int == 404
    assert other.post(_path(server), {'metadata': {'a': 'b'}}) \
        .status_int == 404
    assert other.delete(_path(server, 'color')).status_int == 404
