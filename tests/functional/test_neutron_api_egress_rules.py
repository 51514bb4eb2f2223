"""Egress security group rules of the Neutron API over HTTP: groups start
with two allow-all egress rows, egress rules are created, listed,
filtered and deleted like ingress ones, os-security-groups shows none of
them, and the guest's nftables out chain follows them."""

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project
from tests.functional.test_networking import _wait_for_step


def _rule(api, values):
    return created(api.post('/security-group-rules', json={
        'security_group_rule': values}), 'security_group_rule')


def _egress_of(group):
    return sorted((r['ethertype'], r['protocol'], r['remote_ip_prefix'],
                   r['remote_group_id'], r['port_range_min'])
                  for r in group['security_group_rules']
                  if r['direction'] == 'egress')


ALL_OUT = [('IPv4', None, None, None, None), ('IPv6', None, None, None, None)]


def _out_chain(step):
    return step['args']['script'].split('chain out_')[1].split('\n  }')[0]


def _nft_with(cloud, server_id, predicate):
    """The server's latest instance ruleset once one satisfies
    predicate(out chain text)."""
    def matches(step):
        return (step['step'] == 'nft' and 'chain out_' in step['args'][
            'script'] and predicate(_out_chain(step)))
    steps = _wait_for_step(cloud, server_id, matches)
    return _out_chain([s for s in steps if matches(s)][-1])


def test_egress_rules_are_rows_and_reach_the_data_plane(cloud):
    owner = project('egress')
    api = neutron(cloud, 'u:%s' % owner)
    compute = cloud.api.as_user('u:%s' % owner)
    # The auto-made default group and a new one start with egress open,
    # as two real rules each.
    [default] = api.get('/security-groups').json()['security_groups']
    assert _egress_of(default) == ALL_OUT
    group = created(api.post('/security-groups', json={'security_group': {
        'name': 'out', 'description': ''}}), 'security_group')
    assert _egress_of(group) == ALL_OUT
    # The nova-network-style API shows ingress rules only (as upstream
    # does with Neutron); groups it makes get the egress rows too.
    resp = compute.post('/os-security-groups', json={'security_group': {
        'name': 'legacy', 'description': 'nova'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['security_group']['rules'] == []
    [legacy] = api.get('/security-groups', params={
        'name': 'legacy'}).json()['security_groups']
    assert _egress_of(legacy) == ALL_OUT
    base = {'security_group_id': group['id'], 'direction': 'egress'}
    https = _rule(api, dict(base, protocol='tcp', port_range_min=443,
                            port_range_max=443,
                            remote_ip_prefix='192.0.2.0/24'))
    assert (https['direction'], https['ethertype'], https['protocol'],
            https['port_range_min'], https['remote_ip_prefix']) == (
        'egress', 'IPv4', 'tcp', 443, '192.0.2.0/24')
    # The same rule again is a conflict; the same values inward are not.
    resp = api.post('/security-group-rules', json={
        'security_group_rule': dict(base, protocol='tcp',
                                    port_range_min=443,
                                    port_range_max=443,
                                    remote_ip_prefix='192.0.2.0/24')})
    assert fault_type(resp, 409) == 'SecurityGroupRuleExists'
    assert https['id'] in resp.json()['NeutronError']['message']
    inward = _rule(api, dict(base, direction='ingress', protocol='tcp',
                             port_range_min=443, port_range_max=443,
                             remote_ip_prefix='192.0.2.0/24'))
    # To the group's own members.
    dns = _rule(api, dict(base, protocol='udp', port_range_min=53,
                          port_range_max=53, remote_group_id=group['id']))
    assert dns['remote_group_id'] == group['id']
    # Bad egress rules are refused as ingress ones are.
    for bad in (dict(base, protocol='tcp', port_range_min=9,
                     port_range_max=8),
                dict(base, ethertype='IPv6', remote_ip_prefix='10.0.0.0/8')):
        resp = api.post('/security-group-rules',
                        json={'security_group_rule': bad})
        assert fault_type(resp, 400) == 'InvalidInput', bad
    listed = api.get('/security-group-rules', params={
        'security_group_id': group['id'], 'direction': 'egress'}).json()[
        'security_group_rules']
    assert len(listed) == 4 and https['id'] in [r['id'] for r in listed]
    assert [r['id'] for r in api.get('/security-group-rules', params={
        'security_group_id': group['id'], 'direction': 'ingress'}).json()[
        'security_group_rules']] == [inward['id']]
    shown = api.get('/security-group-rules/%s' % https['id']).json()[
        'security_group_rule']
    assert shown['direction'] == 'egress'
    [out] = [g for g in compute.get('/os-security-groups').json()[
        'security_groups'] if g['name'] == 'out']
    assert [(r['ip_protocol'], r['from_port']) for r in out['rules']] == [
        ('tcp', 443)]
    # A guest of the group: both families open, one accept.
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'egress', 'imageRef': image, 'flavorRef': '1',
        'security_groups': [{'name': 'out'}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = compute.wait_for_status(server_id, 'ACTIVE')
    [address] = [a['addr'] for addrs in server['addresses'].values()
                 for a in addrs if a['version'] == 4]
    chain = _nft_with(cloud, server_id, lambda c: c.strip().endswith(
        'accept'))
    assert 'dport 443' not in chain
    # Without the IPv4 allow-all rule the IPv4 rules apply (the guest is
    # re-plugged); IPv6 stays open.
    [v4_all] = [r for r in group['security_group_rules']
                if r['direction'] == 'egress' and r['ethertype'] == 'IPv4']
    assert api.delete('/security-group-rules/%s' % v4_all['id']
                      ).status_code == 204
    assert fault_type(api.get('/security-group-rules/%s' % v4_all['id']),
                      404) == 'SecurityGroupRuleNotFound'
    chain = _nft_with(cloud, server_id, lambda c: 'dport 443' in c)
    lines = [line.strip() for line in chain.splitlines()]
    assert 'ip daddr { 192.0.2.0/24 } tcp dport 443 accept' in lines
    assert 'ip daddr { %s/32 } udp dport 53 accept' % address in lines
    assert 'ether type ip6 accept' in lines
    assert 'ip daddr 169.254.169.254 accept' in lines
    assert lines[-1] == 'drop'
    # Removing an egress rule re-plugs the guest too.
    assert api.delete('/security-group-rules/%s' % https['id']
                      ).status_code == 204
    chain = _nft_with(cloud, server_id, lambda c: 'dport 443' not in c and
                      c.strip().endswith('drop'))
    assert 'udp dport 53 accept' in chain
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)
    assert api.delete('/security-groups/%s' % group['id']).status_code == 204


def test_openstack_cli_egress_rule(aio):
    from tests.functional.test_clients import openstack
    openstack(aio, 'security', 'group', 'create', 'cli-egress')
    rule = openstack(aio, 'security', 'group', 'rule', 'create', '--egress',
                     '--protocol', 'tcp', '--dst-port', '443',
                     '--remote-ip', '192.0.2.0/24', 'cli-egress')
    assert (rule['direction'], rule['port_range_min'],
            rule['remote_ip_prefix']) == ('egress', 443, '192.0.2.0/24')
    listed = openstack(aio, 'security', 'group', 'rule', 'list', '--egress',
                       'cli-egress')
    # The two default rules and the new one.
    assert len(listed) == 3 and rule['id'] in [r['ID'] for r in listed]
    openstack(aio, 'security', 'group', 'rule', 'delete', rule['id'],
              output=False)
    openstack(aio, 'security', 'group', 'delete', 'cli-egress', output=False)


def test_port_without_port_security_stays_unfiltered(aio):
    """A server on a port with port_security_enabled false gets no
    chain for its tap device: neither ingress nor egress is filtered."""
    owner = project('nosec')
    api = neutron(aio, 'u:%s' % owner)
    compute = aio.api.as_user('u:%s' % owner)
    net = created(api.post('/networks', json={'network': {
        'name': 'open'}}), 'network')
    created(api.post('/subnets', json={'subnet': {
        'network_id': net['id'], 'ip_version': 4,
        'cidr': '172.31.%d.0/24' % (int(owner[-2:], 16) % 250)}}),
        'subnet')
    port = created(api.post('/ports', json={'port': {
        'network_id': net['id'], 'port_security_enabled': False}}), 'port')
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'nosec', 'imageRef': image, 'flavorRef': '1',
        'networks': [{'port': port['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    compute.wait_for_status(server_id, 'ACTIVE')
    tap = ('tap' + port['id'])[:14]
    steps = _wait_for_step(aio, server_id, lambda s: s['step'] == 'nft' and
                           'chain forward' in s['args']['script'])
    scripts = [s['args']['script'] for s in steps if s['step'] == 'nft' and
               'chain forward' in s['args']['script']]
    assert scripts and not [s for s in scripts if tap in s]
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)
