"""The os-quota-class-sets API: the default class sets the defaults."""

ALICE = 'alice:proj-a'
# At 2.1 a class shows no server group limits (they came with 2.50).
CLASS_DEFAULTS = {
    'instances': 10, 'cores': 20, 'ram': 51200, 'metadata_items': 128,
    'injected_files': 5, 'injected_file_content_bytes': 10240,
    'injected_file_path_bytes': 255, 'key_pairs': 100, 'fixed_ips': -1,
    'floating_ips': 10, 'security_groups': 10, 'security_group_rules': 20}


def _fault(resp, status):
    assert resp.status_int == status, resp.body
    (kind, fault), = resp.json.items()
    return kind, fault['message']


def _put(api, name, body):
    return api.put('/v2.1/os-quota-class-sets/' + name,
                   body={'quota_class_set': body})


def test_show_the_default_class(api, conf):
    conf.set_override('ram', 1024, group='quota')
    resp = api.get('/v2.1/os-quota-class-sets/default')
    assert resp.status_int == 200
    assert resp.json == {'quota_class_set': dict(
        CLASS_DEFAULTS, id='default', ram=1024)}


def test_update_answers_without_id_and_changes_every_projects_defaults(
        api):
    resp = _put(api, 'default', {'instances': 20, 'key_pairs': '5',
                                 'fixed_ips': 3})
    assert resp.status_int == 200
    assert resp.json == {'quota_class_set': dict(
        CLASS_DEFAULTS, instances=20, key_pairs=5, fixed_ips=3)}
    assert api.get('/v2.1/os-quota-class-sets/default').json[
        'quota_class_set']['instances'] == 20
    shown = api.as_user(ALICE).get('/v2.1/os-quota-sets/proj-a').json[
        'quota_set']
    assert (shown['instances'], shown['key_pairs']) == (20, 5)
    limits = api.as_user(ALICE).get('/v2.1/limits').json['limits'][
        'absolute']
    assert limits['maxTotalInstances'] == 20
    # Another class is stored but is nobody's default.
    assert _put(api, 'gold', {'instances': 99}).status_int == 200
    assert api.get('/v2.1/os-quota-class-sets/gold').json[
        'quota_class_set'] == dict(CLASS_DEFAULTS, id='gold', instances=99)
    assert api.get('/v2.1/os-quota-sets/proj-a').json['quota_set'][
        'instances'] == 20


def test_only_admins(api):
    alice = api.as_user(ALICE)
    assert _fault(alice.get('/v2.1/os-quota-class-sets/default'), 403) == (
        'forbidden', 'Policy doesn\'t allow os_compute_api:os-quota-class-'
                     'sets:show to be performed.')
    assert _fault(_put(alice, 'default', {'instances': 1}), 403)[
        0] == 'forbidden'


def test_invalid_updates(api):
    assert _fault(_put(api, 'default', {'server_groups': 1}), 400)[
        1].startswith('Invalid input for field/attribute quota_class_set.')
    assert _fault(_put(api, 'default', {'cores': -2}), 400)[1].startswith(
        'Invalid input for field/attribute quota_class_set/cores.')
    assert _fault(_put(api, 'default', {'cores': '-3'}), 400) == (
        'badRequest', 'Quota limit -3 for cores must be -1 or greater.')
    assert _fault(_put(api, 'x' * 256, {'cores': 1}), 400) == (
        'badRequest', 'quota_class_name has more than 255 characters.')
    assert api.get('/v2.1/os-quota-class-sets/default').json[
        'quota_class_set']['cores'] == 20
