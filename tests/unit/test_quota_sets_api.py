"""The os-quota-sets API: show, detail, defaults, update and delete."""

from oslo_utils import uuidutils
import pytest

from nova.db import instances as instances_db

ALICE = 'alice:proj-a'
DEFAULTS = {
    'instances': 10, 'cores': 20, 'ram': 51200, 'metadata_items': 128,
    'injected_files': 5, 'injected_file_content_bytes': 10240,
    'injected_file_path_bytes': 255, 'key_pairs': 100, 'server_groups': 10,
    'server_group_members': 10, 'fixed_ips': -1, 'floating_ips': 10,
    'security_groups': 10, 'security_group_rules': 20}


def _ok(resp, status=200):
    assert resp.status_int == status, resp.body
    return resp.json


def _fault(resp, status):
    assert resp.status_int == status, resp.body
    (kind, fault), = resp.json.items()
    assert fault['code'] == status
    return kind, fault['message']


def _add_instance(admin_context, user_id='alice', vcpus=2, memory_mb=512):
    instances_db.instance_create(admin_context, {
        'uuid': uuidutils.generate_uuid(), 'project_id': 'proj-a',
        'user_id': user_id, 'vcpus': vcpus, 'memory_mb': memory_mb,
        'vm_state': 'active'})


def _put(api, body, query=''):
    return api.put('/v2.1/os-quota-sets/proj-a' + query,
                   body={'quota_set': body})


def test_show_defaults_of_a_project_without_limits(api):
    body = _ok(api.as_user(ALICE).get('/v2.1/os-quota-sets/proj-a'))
    assert body == {'quota_set': dict(DEFAULTS, id='proj-a')}


def test_users_see_only_their_own_project(api):
    alice = api.as_user(ALICE)
    assert _fault(alice.get('/v2.1/os-quota-sets/proj-b'), 403) == (
        'forbidden', 'Policy doesn\'t allow os_compute_api:os-quota-sets:'
                     'show to be performed.')
    assert _fault(alice.get('/v2.1/os-quota-sets/proj-b/detail'), 403)[
        0] == 'forbidden'
    # Administrators see any project.
    assert _ok(api.get('/v2.1/os-quota-sets/proj-b'))['quota_set'][
        'id'] == 'proj-b'


def test_defaults_follow_the_default_class(api, conf):
    conf.set_override('cores', 40, group='quota')
    _ok(api.put('/v2.1/os-quota-class-sets/default',
                body={'quota_class_set': {'instances': 15}}))
    body = _ok(api.as_user(ALICE).get(
        '/v2.1/os-quota-sets/proj-b/defaults'))
    assert body == {'quota_set': dict(DEFAULTS, id='proj-b', instances=15,
                                      cores=40)}
    # A project's own limit wins over the default, but is no default.
    _ok(_put(api, {'instances': 3}))
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a/defaults'))[
        'quota_set']['instances'] == 15
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a'))[
        'quota_set']['instances'] == 3


def test_update_answers_the_new_limits_without_id(api):
    body = _ok(_put(api, {'instances': 50, 'cores': '30', 'ram': -1,
                          'key_pairs': 0}))
    assert body == {'quota_set': dict(DEFAULTS, instances=50, cores=30,
                                      ram=-1, key_pairs=0)}
    assert _ok(api.as_user(ALICE).get('/v2.1/os-quota-sets/proj-a')) == {
        'quota_set': dict(DEFAULTS, id='proj-a', instances=50, cores=30,
                          ram=-1, key_pairs=0)}
    # Updating again changes only what is given.
    assert _ok(_put(api, {'cores': 31}))['quota_set']['instances'] == 50


def test_limits_below_usage_need_force(api, admin_context):
    _add_instance(admin_context)
    _add_instance(admin_context)
    assert _fault(_put(api, {'instances': 1}), 400) == (
        'badRequest', 'Quota limit 1 for instances must be greater than or '
                      'equal to already used and reserved 2.')
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a'))['quota_set'][
        'instances'] == 10
    body = _ok(_put(api, {'instances': 1, 'force': True}))
    assert body['quota_set']['instances'] == 1
    # Unlimited is always above usage; the usage itself is fine.
    assert _ok(_put(api, {'instances': -1, 'cores': 4}))['quota_set'][
        'cores'] == 4


_INVALID = 'Invalid input for field/attribute quota_set'


@pytest.mark.parametrize('body,message', [
    ({'instances': -2}, _INVALID + '/instances.'),
    ({'instances': 'many'}, _INVALID + '/instances.'),
    ({'instances': 2 ** 31}, _INVALID + '/instances.'),
    ({'bananas': 1}, _INVALID + '.'),
    ({'force': 'maybe'}, _INVALID + '/force.'),
])
def test_update_validates_the_body(api, body, message):
    assert _fault(_put(api, body), 400)[1].startswith(message)


def test_string_limit_below_minus_one_is_refused(api):
    # The schema checks only that a string is an integer.
    assert _fault(_put(api, {'cores': '-5', 'force': 'true'}), 400) == (
        'badRequest', 'Quota limit -5 for cores must be -1 or greater.')


def test_only_admins_update_and_delete(api):
    alice = api.as_user(ALICE)
    assert _fault(_put(alice, {'instances': 100}), 403) == (
        'forbidden', 'Policy doesn\'t allow os_compute_api:os-quota-sets:'
                     'update to be performed.')
    assert _fault(alice.delete('/v2.1/os-quota-sets/proj-a'), 403)[
        0] == 'forbidden'


def test_user_limits(api, admin_context):
    _ok(_put(api, {'instances': 6}))
    _add_instance(admin_context, user_id='bob')
    _add_instance(admin_context, user_id='bob')
    _add_instance(admin_context, user_id='alice')
    body = _ok(_put(api, {'instances': 2, 'cores': 3}, '?user_id=alice'))
    assert (body['quota_set']['instances'], body['quota_set']['cores']) == (
        2, 3)
    shown = _ok(api.get('/v2.1/os-quota-sets/proj-a?user_id=alice'))
    assert (shown['quota_set']['instances'], shown['quota_set']['ram']) == (
        2, 51200)
    # The project's limit stays; other users have the project's.
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a'))['quota_set'][
        'instances'] == 6
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a?user_id=bob'))[
        'quota_set']['instances'] == 6
    # A user gets at most what the other users leave of the project's.
    assert _fault(_put(api, {'instances': 5}, '?user_id=alice'), 400) == (
        'badRequest', 'Quota limit 5 for instances must be less than or '
                      'equal to 4.')
    assert _fault(_put(api, {'instances': -1}, '?user_id=alice'), 400)[
        1] == 'Quota limit -1 for instances must be less than or equal to 4.'
    # Deleting the user's limits leaves the project's.
    resp = api.delete('/v2.1/os-quota-sets/proj-a?user_id=alice')
    assert resp.status_int == 202 and resp.body == b''
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a?user_id=alice'))[
        'quota_set']['instances'] == 6


def test_detail_shows_usage(api, admin_context):
    _add_instance(admin_context, vcpus=2, memory_mb=512)
    _add_instance(admin_context, user_id='bob', vcpus=1, memory_mb=256)
    alice = api.as_user(ALICE)
    assert alice.post('/v2.1/os-keypairs', body={
        'keypair': {'name': 'k'}}).status_int == 200
    body = _ok(alice.get('/v2.1/os-quota-sets/proj-a/detail'))['quota_set']
    assert body['id'] == 'proj-a'
    assert set(body) == set(DEFAULTS) | {'id'}
    assert body['instances'] == {'limit': 10, 'in_use': 2, 'reserved': 0}
    assert body['cores'] == {'limit': 20, 'in_use': 3, 'reserved': 0}
    assert body['ram'] == {'limit': 51200, 'in_use': 768, 'reserved': 0}
    assert body['key_pairs'] == {'limit': 100, 'in_use': 0, 'reserved': 0}
    body = _ok(api.get('/v2.1/os-quota-sets/proj-a/detail?user_id=alice'))[
        'quota_set']
    assert body['instances']['in_use'] == 1
    assert body['key_pairs']['in_use'] == 1


def test_delete_reverts_the_project_and_its_users_to_defaults(api):
    _ok(_put(api, {'instances': 3, 'ram': 1}))
    _ok(_put(api, {'instances': 1}, '?user_id=alice'))
    resp = api.delete('/v2.1/os-quota-sets/proj-a')
    assert resp.status_int == 202 and resp.body == b''
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a'))['quota_set'] == dict(
        DEFAULTS, id='proj-a')
    assert _ok(api.get('/v2.1/os-quota-sets/proj-a?user_id=alice'))[
        'quota_set']['instances'] == 10


def test_user_id_given_twice_is_rejected(api):
    resp = api.get('/v2.1/os-quota-sets/proj-a?user_id=a&user_id=b')
    assert _fault(resp, 400)[1].startswith(
        'Invalid input for field/attribute user_id.')


def test_key_pair_quota_follows_the_projects_limit(api):
    _ok(_put(api, {'key_pairs': 1}))
    alice = api.as_user(ALICE)
    assert alice.post('/v2.1/os-keypairs', body={
        'keypair': {'name': 'a'}}).status_int == 200
    assert _fault(alice.post('/v2.1/os-keypairs', body={
        'keypair': {'name': 'b'}}), 403) == (
        'forbidden', 'Quota exceeded, too many key pairs.')
    # A user's own limit overrides the project's.
    _ok(_put(api, {'key_pairs': 2, 'force': True}, '?user_id=alice'))
    assert alice.post('/v2.1/os-keypairs', body={
        'keypair': {'name': 'b'}}).status_int == 200
