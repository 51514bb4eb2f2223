"""Security group checks of the Neutron API over HTTP, with upstream's
faults: port ranges of TCP/UDP and ICMP rules, a remote group that does
not exist (whatever its id looks like), and renaming a group to
'default'."""

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project


def _rule(api, group_id, **values):
    values.update(security_group_id=group_id, direction='ingress')
    return api.post('/security-group-rules',
                    json={'security_group_rule': values})


def _message(resp):
    assert resp.status_code == 400, resp.text
    return resp.json()['NeutronError']['message']


def test_rule_port_ranges_and_remote_groups(cloud):
    api = neutron(cloud, 'u:%s' % project('sgchk'))
    group = created(api.post('/security-groups', json={'security_group': {
        'name': 'checks'}}), 'security_group')
    for low, high, text in ((-16, 80, 'Invalid value for port -16'),
                            (80, 79, 'port_range_min must be <= '
                                     'port_range_max'),
                            (80, 65536, 'Invalid value for port 65536'),
                            (None, 6, 'port_range_min must be <= '
                                      'port_range_max')):
        assert text in _message(_rule(api, group['id'], protocol='tcp',
                                      port_range_min=low,
                                      port_range_max=high))
    for low, high, text in ((1, 256, 'Invalid value for ICMP code'),
                            (-1, 25, 'Invalid value for ICMP type'),
                            (None, 6, 'ICMP type (port-range-min) is '
                                      'missing'),
                            (300, 1, 'Invalid value for ICMP type')):
        assert text in _message(_rule(api, group['id'], protocol='icmp',
                                      port_range_min=low,
                                      port_range_max=high))
    # What is in range is taken.
    rule = created(_rule(api, group['id'], protocol='icmp',
                         port_range_min=8, port_range_max=0),
                   'security_group_rule')
    assert (rule['port_range_min'], rule['port_range_max']) == (8, 0)
    rule = created(_rule(api, group['id'], protocol='tcp',
                         port_range_min=22), 'security_group_rule')
    assert (rule['port_range_min'], rule['port_range_max']) == (22, 22)
    # A remote group that does not exist is not found, UUID or not.
    for remote in ('bad_group_id', '8a1d1d64-9b7b-4c55-a2a5-1f0b7d4b6e10'):
        assert fault_type(_rule(api, group['id'], protocol='tcp',
                                remote_group_id=remote),
                          404) == 'SecurityGroupNotFound'


def test_no_second_default_group_by_rename(cloud):
    api = neutron(cloud, 'u:%s' % project('sgdef'))
    group = created(api.post('/security-groups', json={'security_group': {
        'name': 'plain'}}), 'security_group')
    assert fault_type(api.put('/security-groups/%s' % group['id'], json={
        'security_group': {'name': 'default'}}), 409) == \
        'SecurityGroupDefaultAlreadyExists'
    resp = api.put('/security-groups/%s' % group['id'], json={
        'security_group': {'name': 'renamed'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['security_group']['name'] == 'renamed'
