"""Flavor views show extra specs from 2.61, as the extra specs policy
lets the caller read them."""

from nova import policy

ALICE = 'alice:proj-a'


def _flavor(api):
    resp = api.as_user('admin:admin', '2.61').post('/v2.1/flavors', body={
        'flavor': {'name': 'specs', 'ram': 64, 'vcpus': 1, 'disk': 1}})
    assert resp.status_int == 200, resp.body
    flavor_id = resp.json_body_or_none['flavor']['id']
    resp = api.post('/v2.1/flavors/%s/os-extra_specs' % flavor_id,
                    body={'extra_specs': {'hw:numa_nodes': '1'}})
    assert resp.status_int == 200, resp.body
    return flavor_id


def _shown(api, token, version, flavor_id):
    resp = api.as_user(token, version).get('/v2.1/flavors/%s' % flavor_id)
    assert resp.status_int == 200, resp.body
    return resp.json_body_or_none['flavor']


def test_extra_specs_from_2_61(api):
    flavor_id = _flavor(api)
    assert 'extra_specs' not in _shown(api, ALICE, '2.60', flavor_id)
    assert _shown(api, ALICE, '2.61', flavor_id)['extra_specs'] == {
        'hw:numa_nodes': '1'}


def test_policy_hides_extra_specs(api, conf, tmp_path):
    flavor_id = _flavor(api)
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"os_compute_api:os-flavor-extra-specs:index": '
                           '"rule:context_is_admin"\n')
    conf.set_override('policy_file', str(policy_file), group='oslo_policy')
    policy._ENFORCER = None
    try:
        assert 'extra_specs' not in _shown(api, ALICE, '2.61', flavor_id)
        detail = api.as_user(ALICE, '2.61').get('/v2.1/flavors/detail')
        for flavor in detail.json_body_or_none['flavors']:
            assert 'extra_specs' not in flavor
        assert _shown(api, 'admin:admin', '2.61', flavor_id)[
            'extra_specs'] == {'hw:numa_nodes': '1'}
    finally:
        policy._ENFORCER = None
