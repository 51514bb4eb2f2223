"""Flavors, their extra specs and access lists through the Compute API."""

import pytest

from nova.compute import flavors as compute_flavors
from nova import exception
from nova import objects

USER = 'alice:proj-a'
OTHER = 'bob:proj-b'


def _create(api, **values):
    flavor = {'name': 'f1', 'ram': 512, 'vcpus': 1, 'disk': 1}
    flavor.update(values)
    return api.post('/v2.1/flavors', {'flavor': flavor})


def _fault(resp, code):
    """The message of a Compute API fault body, after checking its code."""
    assert resp.status_int == code, resp.body
    (name, fault), = resp.json.items()
    assert fault['code'] == code
    return name, fault['message']


@pytest.fixture
def defaults(admin_context):
    compute_flavors.create_default_flavors(admin_context)


# Default flavors

def test_create_default_flavors_is_idempotent(admin_context):
    compute_flavors.create_default_flavors(admin_context)
    compute_flavors.create_default_flavors(admin_context)
    flavors = objects.FlavorList.get_all(admin_context, is_public=None)
    assert [(f.flavorid, f.name, f.memory_mb, f.vcpus, f.root_gb)
            for f in flavors] == [
        ('1', 'm1.tiny', 512, 1, 1), ('2', 'm1.small', 2048, 1, 20),
        ('3', 'm1.medium', 4096, 2, 40), ('4', 'm1.large', 8192, 4, 80),
        ('5', 'm1.xlarge', 16384, 8, 160)]


def test_create_default_flavors_keeps_an_operators_flavor(admin_context):
    compute_flavors.create(admin_context, 'm1.tiny', 1024, 2, 5,
                           flavorid='custom')
    compute_flavors.create_default_flavors(admin_context)
    assert objects.Flavor.get_by_name(admin_context,
                                      'm1.tiny').flavorid == 'custom'
    with pytest.raises(exception.FlavorNotFound):
        objects.Flavor.get_by_flavor_id(admin_context, '1')
    assert objects.Flavor.get_by_flavor_id(admin_context, '2').name == \
        'm1.small'


# List and show

def test_index_lists_id_name_links(api, defaults):
    resp = api.as_user(USER).get('/v2.1/flavors')
    assert resp.status_int == 200
    flavors = resp.json['flavors']
    assert [f['id'] for f in flavors] == ['1', '2', '3', '4', '5']
    assert set(flavors[0]) == {'id', 'name', 'links'}
    assert flavors[0]['links'] == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/flavors/1'},
        {'rel': 'bookmark', 'href': 'http://localhost/flavors/1'}]
    assert 'flavors_links' not in resp.json


def test_detail_shape_at_2_1(api, defaults):
    resp = api.as_user(USER).get('/v2.1/flavors/detail')
    assert resp.status_int == 200
    tiny = resp.json['flavors'][0]
    del tiny['links']
    assert tiny == {
        'id': '1', 'name': 'm1.tiny', 'ram': 512, 'vcpus': 1, 'disk': 1,
        'swap': '', 'OS-FLV-EXT-DATA:ephemeral': 0,
        'OS-FLV-DISABLED:disabled': False,
        'os-flavor-access:is_public': True, 'rxtx_factor': 1.0}


def test_show(api, defaults):
    resp = api.as_user(USER).get('/v2.1/flavors/3')
    assert resp.status_int == 200
    flavor = resp.json['flavor']
    assert (flavor['name'], flavor['ram'], flavor['vcpus'],
            flavor['disk']) == ('m1.medium', 4096, 2, 40)
    assert flavor['links'][0]['href'] == 'http://localhost/v2.1/flavors/3'


def test_show_missing(api):
    resp = api.as_user(USER).get('/v2.1/flavors/nope')
    assert _fault(resp, 404) == ('itemNotFound',
                                 'Flavor nope could not be found.')


def test_min_ram_and_min_disk_filters(api, defaults):
    resp = api.get('/v2.1/flavors?minRam=4096&minDisk=80')
    assert [f['id'] for f in resp.json['flavors']] == ['4', '5']


@pytest.mark.parametrize('param', ['minRam', 'minDisk'])
def test_bad_min_filters(api, param):
    resp = api.get('/v2.1/flavors/detail?%s=big' % param)
    assert _fault(resp, 400)[1] == 'Invalid %s filter [big]' % param


def test_sort_key_and_dir(api, defaults):
    resp = api.get('/v2.1/flavors?sort_key=memory_mb&sort_dir=desc')
    assert [f['id'] for f in resp.json['flavors']] == ['5', '4', '3', '2',
                                                       '1']


def test_bad_sort_key_and_dir(api):
    assert _fault(api.get('/v2.1/flavors?sort_key=secret'), 400)[1] == \
        'Sort key secret is not supported.'
    assert _fault(api.get('/v2.1/flavors?sort_dir=up'), 400)[0] == \
        'badRequest'


def test_limit_and_marker_paging(api, defaults):
    resp = api.get('/v2.1/flavors?limit=2')
    assert [f['id'] for f in resp.json['flavors']] == ['1', '2']
    link, = resp.json['flavors_links']
    assert link['rel'] == 'next'
    assert link['href'].startswith('http://localhost/v2.1/flavors?')
    assert 'marker=2' in link['href'] and 'limit=2' in link['href']
    resp = api.get('/v2.1/flavors/detail?limit=2&marker=4')
    assert [f['id'] for f in resp.json['flavors']] == ['5']
    assert 'flavors_links' not in resp.json


def test_bad_marker_and_limit(api, defaults):
    assert _fault(api.get('/v2.1/flavors?marker=zzz'), 400)[1] == \
        'marker [zzz] not found'
    assert _fault(api.get('/v2.1/flavors?limit=x'), 400)[0] == 'badRequest'
    assert _fault(api.get('/v2.1/flavors?limit=-1'), 400)[0] == \
        'badRequest'


# Private flavors

@pytest.fixture
def private(api, defaults):
    resp = _create(api, name='secret', id='priv',
                   **{'os-flavor-access:is_public': False})
    assert resp.status_int == 200
    resp = api.post('/v2.1/flavors/priv/action',
                    {'addTenantAccess': {'tenant': 'proj-a'}})
    assert resp.status_int == 200
    return 'priv'


def _ids(resp):
    assert resp.status_int == 200, resp.body
    return [f['id'] for f in resp.json['flavors']]


def test_private_flavor_visible_to_its_projects_only(api, private):
    assert 'priv' in _ids(api.as_user(USER).get('/v2.1/flavors'))
    assert api.as_user(USER).get('/v2.1/flavors/priv').status_int == 200
    assert 'priv' not in _ids(api.as_user(OTHER).get('/v2.1/flavors'))
    resp = api.as_user(OTHER).get('/v2.1/flavors/priv')
    assert _fault(resp, 404) == ('itemNotFound',
                                 'Flavor priv could not be found.')


def test_is_public_filter_is_for_admins_only(api, private):
    # Users always get public flavors plus their own private ones.
    assert _ids(api.as_user(OTHER).get('/v2.1/flavors?is_public=false')) \
        == ['1', '2', '3', '4', '5']
    assert _ids(api.get('/v2.1/flavors?is_public=false')) == ['priv']
    assert 'priv' in _ids(api.get('/v2.1/flavors?is_public=none'))
    assert 'priv' not in _ids(api.get('/v2.1/flavors?is_public=true'))
    # By default admins see public ones and those shared with them.
    assert 'priv' not in _ids(api.get('/v2.1/flavors'))
    resp = api.get('/v2.1/flavors?is_public=maybe')
    assert _fault(resp, 400)[1] == 'Invalid is_public filter [maybe]'


def test_disabled_flavors_hidden_from_users(api, admin_context, defaults):
    flavor = objects.Flavor.get_by_flavor_id(admin_context, '2')
    flavor.disabled = True
    flavor.save()
    assert '2' not in _ids(api.as_user(USER).get('/v2.1/flavors'))
    assert '2' in _ids(api.get('/v2.1/flavors'))
    resp = api.get('/v2.1/flavors/2')
    assert resp.json['flavor']['OS-FLV-DISABLED:disabled'] is True


# Create and delete (os-flavor-manage)

def test_create_returns_the_flavor(api):
    resp = _create(api, name='big', id=42, ram='2048', vcpus=2, disk=10,
                   swap=512, rxtx_factor=2.5,
                   **{'OS-FLV-EXT-DATA:ephemeral': 5})
    assert resp.status_int == 200
    flavor = resp.json['flavor']
    del flavor['links']
    assert flavor == {
        'id': '42', 'name': 'big', 'ram': 2048, 'vcpus': 2, 'disk': 10,
        'swap': 512, 'OS-FLV-EXT-DATA:ephemeral': 5,
        'OS-FLV-DISABLED:disabled': False,
        'os-flavor-access:is_public': True, 'rxtx_factor': 2.5}
    assert api.get('/v2.1/flavors/42').json['flavor']['name'] == 'big'


def test_create_without_id_generates_a_uuid(api):
    resp = _create(api)
    flavor_id = resp.json['flavor']['id']
    assert len(flavor_id) == 36 and flavor_id.count('-') == 4
    resp = _create(api, name='f2', id=None)
    assert len(resp.json['flavor']['id']) == 36


def test_create_duplicates_conflict(api):
    """Regression: oslo.db raises DBDuplicateEntry, not SQLAlchemy's
    IntegrityError, so a duplicate flavor used to answer 500."""
    assert _create(api, id='x').status_int == 200
    assert _fault(_create(api, id='y'), 409) == (
        'conflict', 'Flavor with name f1 already exists.')
    assert _fault(_create(api, name='f2', id='x'), 409) == (
        'conflict', 'Flavor with ID x already exists.')


@pytest.mark.parametrize('values,field', [
    ({'ram': 0}, 'flavor/ram'),
    ({'vcpus': -1}, 'flavor/vcpus'),
    ({'disk': 'ten'}, 'flavor/disk'),
    ({'name': ' padded'}, 'flavor/name'),
    ({'name': ''}, 'flavor/name'),
    ({'id': 'bad/id'}, 'flavor/id'),
    ({'rxtx_factor': 0}, 'flavor/rxtx_factor'),
    ({'os-flavor-access:is_public': 'perhaps'},
     'flavor/os-flavor-access:is_public'),
])
def test_create_rejects_bad_fields(api, values, field):
    name, message = _fault(_create(api, **values), 400)
    assert name == 'badRequest'
    assert message.startswith('Invalid input for field/attribute %s.'
                              % field)


def test_create_rejects_missing_and_unknown_fields(api):
    resp = api.post('/v2.1/flavors', {'flavor': {'name': 'x', 'ram': 1,
                                                 'vcpus': 1}})
    assert "'disk' is a required property" in _fault(resp, 400)[1]
    resp = _create(api, color='blue')
    assert "'color' was unexpected" in _fault(resp, 400)[1]
    resp = api.post('/v2.1/flavors', {'flavour': {}})
    assert _fault(resp, 400)[0] == 'badRequest'


def test_create_checks_digit_strings(api):
    resp = _create(api, ram='0')
    assert _fault(resp, 400)[1] == 'Invalid input received: ram must be >= 1'


def test_create_private_flavor(api):
    resp = _create(api, **{'os-flavor-access:is_public': 'false'})
    assert resp.json['flavor']['os-flavor-access:is_public'] is False


def test_create_and_delete_need_admin(api, defaults):
    resp = _create(api.as_user(USER))
    assert _fault(resp, 403) == (
        'forbidden', 'Policy doesn\'t allow '
        'os_compute_api:os-flavor-manage:create to be performed.')
    resp = api.as_user(USER).delete('/v2.1/flavors/1')
    assert _fault(resp, 403)[0] == 'forbidden'
    assert api.get('/v2.1/flavors/1').status_int == 200


def test_delete(api, defaults):
    resp = api.delete('/v2.1/flavors/1')
    assert resp.status_int == 202
    assert resp.body == b''
    assert api.get('/v2.1/flavors/1').status_int == 404
    assert _fault(api.delete('/v2.1/flavors/1'), 404)[1] == \
        'Flavor 1 could not be found.'


# Extra specs

def test_extra_specs_lifecycle(api, defaults):
    base = '/v2.1/flavors/1/os-extra_specs'
    assert api.as_user(USER).get(base).json == {'extra_specs': {}}
    resp = api.post(base, {'extra_specs': {'hw:cpu_policy': 'dedicated',
                                           'quota:vif_burst': 10}})
    assert resp.status_int == 200
    # The request is echoed; stored numbers read back as strings.
    assert resp.json == {'extra_specs': {'hw:cpu_policy': 'dedicated',
                                         'quota:vif_burst': 10}}
    assert api.as_user(USER).get(base).json == {'extra_specs': {
        'hw:cpu_policy': 'dedicated', 'quota:vif_burst': '10'}}
    resp = api.as_user(USER).get(base + '/hw:cpu_policy')
    assert resp.status_int == 200
    assert resp.json == {'hw:cpu_policy': 'dedicated'}
    resp = api.put(base + '/hw:cpu_policy', {'hw:cpu_policy': 'shared'})
    assert resp.status_int == 200
    assert resp.json == {'hw:cpu_policy': 'shared'}
    assert api.get(base + '/hw:cpu_policy').json == {
        'hw:cpu_policy': 'shared'}
    resp = api.delete(base + '/hw:cpu_policy')
    assert resp.status_int == 200
    assert api.get(base).json == {'extra_specs': {'quota:vif_burst': '10'}}
    # Specs show in the flavor's extra specs only, not in the flavor.
    assert 'extra_specs' not in api.get('/v2.1/flavors/1').json['flavor']


def test_extra_spec_missing_key(api, defaults):
    base = '/v2.1/flavors/1/os-extra_specs/'
    expected = ('itemNotFound',
                'Flavor 1 has no extra specs with key nope.')
    assert _fault(api.get(base + 'nope'), 404) == expected
    assert _fault(api.delete(base + 'nope'), 404) == expected


def test_extra_specs_of_missing_flavor(api):
    resp = api.get('/v2.1/flavors/404/os-extra_specs')
    assert _fault(resp, 404)[1] == 'Flavor 404 could not be found.'
    resp = api.post('/v2.1/flavors/404/os-extra_specs',
                    {'extra_specs': {'a': 'b'}})
    assert _fault(resp, 404)[0] == 'itemNotFound'


def test_extra_specs_of_hidden_private_flavor(api, private):
    resp = api.as_user(OTHER).get('/v2.1/flavors/priv/os-extra_specs')
    assert _fault(resp, 404)[1] == 'Flavor priv could not be found.'
    assert api.as_user(USER).get(
        '/v2.1/flavors/priv/os-extra_specs').status_int == 200


def test_extra_specs_put_body_must_match_url(api, defaults):
    base = '/v2.1/flavors/1/os-extra_specs/'
    resp = api.put(base + 'a', {'b': 'x'})
    assert _fault(resp, 400)[1] == 'Request body and URI mismatch'
    resp = api.put(base + 'a', {'a': 'x', 'b': 'y'})
    assert _fault(resp, 400)[0] == 'badRequest'


@pytest.mark.parametrize('specs', [
    {'bad/key': 'x'}, {'k': 'v' * 256}, {'k': True}, {'k': None}, 'flat'])
def test_extra_specs_validation(api, defaults, specs):
    resp = api.post('/v2.1/flavors/1/os-extra_specs', {'extra_specs': specs})
    assert _fault(resp, 400)[1].startswith(
        'Invalid input for field/attribute extra_specs')


def test_extra_spec_long_number(api, defaults):
    resp = api.post('/v2.1/flavors/1/os-extra_specs',
                    {'extra_specs': {'k': 10 ** 300}})
    assert _fault(resp, 400)[1] == ('Invalid input received: extra_specs '
                                    'value has more than 255 characters.')


def test_extra_specs_changes_need_admin(api, defaults):
    user = api.as_user(USER)
    base = '/v2.1/flavors/1/os-extra_specs'
    api.post(base, {'extra_specs': {'a': 'b'}})
    for resp in (user.post(base, {'extra_specs': {'a': 'c'}}),
                 user.put(base + '/a', {'a': 'c'}),
                 user.delete(base + '/a')):
        assert _fault(resp, 403)[0] == 'forbidden'
    assert api.get(base + '/a').json == {'a': 'b'}


# Access lists

def test_access_list(api, private):
    resp = api.get('/v2.1/flavors/priv/os-flavor-access')
    assert resp.status_int == 200
    assert resp.json == {'flavor_access': [
        {'flavor_id': 'priv', 'tenant_id': 'proj-a'}]}


def test_access_list_of_public_flavor(api, defaults):
    resp = api.get('/v2.1/flavors/1/os-flavor-access')
    assert _fault(resp, 404) == (
        'itemNotFound', 'Access list not available for public flavors.')


def test_access_list_of_missing_flavor(api):
    resp = api.get('/v2.1/flavors/zz/os-flavor-access')
    assert _fault(resp, 404)[1] == 'Flavor zz could not be found.'


def test_add_and_remove_tenant_access(api, private):
    resp = api.post('/v2.1/flavors/priv/action',
                    {'addTenantAccess': {'tenant': 'proj-b'}})
    assert resp.status_int == 200
    assert resp.json == {'flavor_access': [
        {'flavor_id': 'priv', 'tenant_id': 'proj-a'},
        {'flavor_id': 'priv', 'tenant_id': 'proj-b'}]}
    assert api.as_user(OTHER).get('/v2.1/flavors/priv').status_int == 200
    resp = api.post('/v2.1/flavors/priv/action',
                    {'removeTenantAccess': {'tenant': 'proj-a'}})
    assert resp.status_int == 200
    assert resp.json == {'flavor_access': [
        {'flavor_id': 'priv', 'tenant_id': 'proj-b'}]}
    assert api.as_user(USER).get('/v2.1/flavors/priv').status_int == 404


def test_tenant_access_conflicts_and_absences(api, private):
    resp = api.post('/v2.1/flavors/priv/action',
                    {'addTenantAccess': {'tenant': 'proj-a'}})
    assert _fault(resp, 409) == (
        'conflict', 'Flavor access already exists for flavor priv and '
                    'project proj-a combination.')
    resp = api.post('/v2.1/flavors/priv/action',
                    {'removeTenantAccess': {'tenant': 'proj-z'}})
    assert _fault(resp, 404) == (
        'itemNotFound', 'Flavor access not found for priv / proj-z '
                        'combination.')
    resp = api.post('/v2.1/flavors/none/action',
                    {'addTenantAccess': {'tenant': 'proj-a'}})
    assert _fault(resp, 404)[1] == 'Flavor none could not be found.'


def test_flavor_action_validation(api, private):
    url = '/v2.1/flavors/priv/action'
    resp = api.post(url, {'addTenantAccess': {}})
    assert _fault(resp, 400)[1] == (
        "Invalid input for field/attribute addTenantAccess/tenant. "
        "'tenant' is a required property")
    resp = api.post(url, {'removeTenantAccess': {'tenant': ''}})
    assert _fault(resp, 400)[1].startswith(
        'Invalid input for field/attribute removeTenantAccess/tenant.')
    resp = api.post(url, {'frobnicate': {'tenant': 'x'}})
    assert _fault(resp, 400)[1] == 'There is no such action: frobnicate'
    resp = api.post(url, {})
    assert _fault(resp, 400)[0] == 'badRequest'


def test_access_needs_admin(api, private):
    user = api.as_user(USER)
    assert _fault(user.get('/v2.1/flavors/priv/os-flavor-access'),
                  403)[0] == 'forbidden'
    resp = user.post('/v2.1/flavors/priv/action',
                     {'addTenantAccess': {'tenant': 'proj-a'}})
    assert _fault(resp, 403)[0] == 'forbidden'
    resp = user.post('/v2.1/flavors/priv/action',
                     {'removeTenantAccess': {'tenant': 'proj-a'}})
    assert _fault(resp, 403)[0] == 'forbidden'
