"""os-server-groups through the Compute API: create, list, show, delete,
the 2.1 body shape, policies accepted up to 2.12 and the group quota."""

import pytest

ALICE = 'alice:proj-a'
BOB = 'bob:proj-b'
PATH = '/v2.1/os-server-groups'


def _fault(resp, code):
    assert resp.status_int == code, resp.body
    (name, fault), = resp.json.items()
    assert fault['code'] == code
    return fault['message']


def _create(client, name='web', policies=('anti-affinity',)):
    return client.post(PATH, {'server_group': {'name': name,
                                               'policies': list(policies)}})


def test_create_show_list_delete(api):
    alice = api.as_user(ALICE)
    resp = _create(alice)
    assert resp.status_int == 200
    group = resp.json['server_group']
    assert set(group) == {'id', 'name', 'policies', 'members', 'metadata'}
    assert group['name'] == 'web'
    assert group['policies'] == ['anti-affinity']
    assert group['members'] == [] and group['metadata'] == {}
    shown = alice.get('%s/%s' % (PATH, group['id']))
    assert shown.status_int == 200 and shown.json['server_group'] == group
    assert alice.get(PATH).json['server_groups'] == [group]
    resp = alice.delete('%s/%s' % (PATH, group['id']))
    assert resp.status_int == 204 and not resp.body
    _fault(alice.get('%s/%s' % (PATH, group['id'])), 404)
    _fault(alice.delete('%s/%s' % (PATH, group['id'])), 404)
    assert alice.get(PATH).json['server_groups'] == []


def test_list_is_per_project_unless_admin_asks_for_all(api):
    alice, bob = api.as_user(ALICE), api.as_user(BOB)
    mine = _create(alice, 'a').json['server_group']
    theirs = _create(bob, 'b', ['affinity']).json['server_group']
    assert [g['id'] for g in alice.get(PATH).json['server_groups']] == [
        mine['id']]
    assert api.get(PATH).json['server_groups'] == []
    for query in ('all_projects=True', 'all_tenants=1'):
        listed = api.get(PATH + '?' + query).json['server_groups']
        assert {g['id'] for g in listed} == {mine['id'], theirs['id']}
    _fault(alice.get(PATH + '?all_projects=True'), 403)
    paged = api.get(PATH + '?all_projects=True&limit=1&offset=1')
    assert [g['id'] for g in paged.json['server_groups']] == [theirs['id']]


def test_other_projects_group_is_forbidden(api):
    alice, bob = api.as_user(ALICE), api.as_user(BOB)
    group = _create(alice).json['server_group']
    _fault(bob.get('%s/%s' % (PATH, group['id'])), 403)
    _fault(bob.delete('%s/%s' % (PATH, group['id'])), 403)
    # An administrator may look at and delete any group.
    assert api.get('%s/%s' % (PATH, group['id'])).status_int == 200
    assert api.delete('%s/%s' % (PATH, group['id'])).status_int == 204


@pytest.mark.parametrize('policies', [
    [], ['affinity', 'anti-affinity'], ['soft-anti-affinity'],
    ['soft-affinity'], ['random']])
def test_exactly_one_known_policy_up_to_2_12(api, policies):
    for version in ('2.1', '2.12'):
        client = api.as_user(ALICE, version=version)
        _fault(_create(client, policies=policies), 400)


@pytest.mark.parametrize('body', [
    {'server_group': {'policies': ['affinity']}},
    {'server_group': {'name': '', 'policies': ['affinity']}},
    {'server_group': {'name': 'x', 'policies': ['affinity'], 'rules': {}}},
    {'name': 'x'}])
def test_malformed_bodies_are_400(api, body):
    _fault(api.as_user(ALICE).post(PATH, body), 400)


def test_group_quota(api, conf):
    conf.set_override('server_groups', 2, group='quota')
    alice, bob = api.as_user(ALICE), api.as_user(BOB)
    first = _create(alice, 'one').json['server_group']
    assert _create(alice, 'two').status_int == 200
    message = _fault(_create(alice, 'three'), 403)
    assert 'server groups' in message
    # Another project has its own count; a delete gives room back.
    assert _create(bob).status_int == 200
    alice.delete('%s/%s' % (PATH, first['id']))
    assert _create(alice, 'three').status_int == 200
    absolute = alice.get('/v2.1/limits').json['limits']['absolute']
    assert absolute['totalServerGroupsUsed'] == 2
    assert absolute['maxServerGroups'] == 2
