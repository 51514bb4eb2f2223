"""Quotas of the Neutron API over HTTP: the compute quota rows of the
networking resources, shown, updated, reset, with defaults and usage."""

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project


def test_quotas_show_update_reset_details(aio):
    owner = project('quota')
    admin = neutron(aio)
    api = neutron(aio, 'u:%s' % owner)
    defaults = api.get('/quotas/%s/default' % owner).json()['quota']
    assert defaults['floatingip'] == 10
    assert (defaults['network'], defaults['port']) == (-1, 500)
    assert api.get('/quotas/%s' % owner).json()['quota'] == defaults
    assert fault_type(api.put('/quotas/%s' % owner, json={'quota': {
        'floatingip': 3}}), 403) == 'PolicyNotAuthorized'
    assert fault_type(api.get('/quotas/%s' % project('other')), 403) == \
        'PolicyNotAuthorized'
    resp = admin.put('/quotas/%s' % owner, json={'quota': {
        'floatingip': 3, 'security_group': 4}})
    assert resp.status_code == 200, resp.text
    assert (resp.json()['quota']['floatingip'],
            resp.json()['quota']['security_group']) == (3, 4)
    # The compute API's quota set is the same row.
    compute = aio.api.get('/os-quota-sets/%s' % owner).json()['quota_set']
    assert (compute['floating_ips'], compute['security_groups']) == (3, 4)
    assert owner in [q['project_id'] for q in admin.get('/quotas').json()[
        'quotas']]
    assert fault_type(admin.put('/quotas/%s' % owner, json={'quota': {
        'network': 5}}), 400) == 'HTTPBadRequest'
    [public] = api.get('/networks', params={'name': 'public'}).json()[
        'networks']
    fip = created(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id']}}), 'floatingip')
    details = api.get('/quotas/%s/details' % owner).json()['quota']
    assert details['floatingip'] == {'limit': 3, 'used': 1, 'reserved': 0}
    assert details['security_group']['used'] == 0
    assert admin.delete('/quotas/%s' % owner).status_code == 204
    assert api.get('/quotas/%s' % owner).json()['quota'] == defaults
    api.delete('/floatingips/%s' % fip['id'])
