"""Security groups and rules of the Neutron API over HTTP: the rows
os-security-groups shows, the per-project default group, project
scoping, rule checks, and the openstack CLI."""

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project
from tests.functional.test_networking import _wait_for_step


def _legacy(compute, name):
    [group] = [g for g in compute.get('/os-security-groups').json()[
        'security_groups'] if g['name'] == name]
    return group


def test_groups_and_rules_are_the_os_security_groups_rows(cloud):
    owner = project('sg')
    api = neutron(cloud, 'u:%s' % owner)
    compute = cloud.api.as_user('u:%s' % owner)
    # The default group is made on first use, with egress open.
    [default] = api.get('/security-groups').json()['security_groups']
    assert (default['name'], default['project_id']) == ('default', owner)
    assert sorted((r['direction'], r['ethertype']) for r in default[
        'security_group_rules']) == [('egress', 'IPv4'), ('egress', 'IPv6')]
    assert _legacy(compute, 'default')['tenant_id'] == owner
    web = created(api.post('/security-groups', json={'security_group': {
        'name': 'web', 'description': 'http'}}), 'security_group')
    ssh = created(api.post('/security-group-rules', json={
        'security_group_rule': {
            'security_group_id': web['id'], 'direction': 'ingress',
            'protocol': 'tcp', 'port_range_min': 22,
            'port_range_max': 22, 'remote_ip_prefix': '192.0.2.0/24'}}),
        'security_group_rule')
    assert (ssh['ethertype'], ssh['protocol'], ssh['port_range_min'],
            ssh['port_range_max'], ssh['remote_ip_prefix']) == (
        'IPv4', 'tcp', 22, 22, '192.0.2.0/24')
    from_default = created(api.post('/security-group-rules', json={
        'security_group_rule': {
            'security_group_id': web['id'], 'direction': 'ingress',
            'protocol': 'icmp', 'remote_group_id': default['id']}}),
        'security_group_rule')
    assert from_default['remote_group_id'] == default['id']
    v6 = created(api.post('/security-group-rules', json={
        'security_group_rule': {
            'security_group_id': web['id'], 'direction': 'ingress',
            'ethertype': 'IPv6', 'protocol': 'udp',
            'port_range_min': 53, 'port_range_max': 53}}),
        'security_group_rule')
    # Stored as given: no prefix is none (any IPv6 source).
    assert v6['remote_ip_prefix'] is None
    # os-security-groups shows the same group and rules.
    legacy = _legacy(compute, 'web')
    assert legacy['description'] == 'http'
    assert sorted((r['ip_protocol'], r['from_port'], r['to_port'],
                   r['ip_range'].get('cidr'), r['group'].get('name'))
                  for r in legacy['rules']) == [
        ('icmp', -1, -1, None, 'default'),
        ('tcp', 22, 22, '192.0.2.0/24', None),
        ('udp', 53, 53, '::/0', None)]
    # ... and what os-security-groups makes shows here.
    resp = compute.post('/os-security-groups', json={'security_group': {
        'name': 'legacy', 'description': 'made by nova'}})
    assert resp.status_code == 200, resp.text
    legacy_id = resp.json()['security_group']['id']
    resp = compute.post('/os-security-group-rules', json={
        'security_group_rule': {'parent_group_id': legacy_id,
                                'ip_protocol': 'tcp', 'from_port': 80,
                                'to_port': 81, 'cidr': '0.0.0.0/0'}})
    assert resp.status_code == 200, resp.text
    [made] = api.get('/security-groups', params={
        'name': 'legacy'}).json()['security_groups']
    [ingress] = [r for r in made['security_group_rules']
                 if r['direction'] == 'ingress']
    assert (ingress['port_range_min'], ingress['port_range_max']) == (80, 81)
    rules = api.get('/security-group-rules', params={
        'security_group_id': web['id'], 'direction': 'ingress'}).json()
    assert len(rules['security_group_rules']) == 3
    # Bad rules.
    base = {'security_group_id': web['id'], 'direction': 'ingress'}
    again = dict(base, protocol='tcp', port_range_min=22,
                 port_range_max=22, remote_ip_prefix='192.0.2.0/24')
    resp = api.post('/security-group-rules',
                    json={'security_group_rule': again})
    assert fault_type(resp, 409) == 'SecurityGroupRuleExists'
    for bad in (dict(base, protocol='tcp', port_range_min=30,
                     port_range_max=20),
                dict(base, protocol='gre'),
                dict(base, ethertype='IPv6',
                     remote_ip_prefix='10.0.0.0/8')):
        resp = api.post('/security-group-rules',
                        json={'security_group_rule': bad})
        assert fault_type(resp, 400) == 'InvalidInput', bad
    assert fault_type(api.post('/security-groups', json={'security_group': {
        'name': 'default'}}), 409) == 'SecurityGroupDefaultAlreadyExists'
    # Another project sees none of it.
    stranger = neutron(cloud, 'u:%s' % project('stranger'))
    assert fault_type(stranger.get('/security-groups/%s' % web['id']),
                      404) == 'SecurityGroupNotFound'
    assert fault_type(stranger.get('/security-group-rules/%s'
                                   % ssh['id']), 404) == \
        'SecurityGroupRuleNotFound'
    assert fault_type(stranger.post('/security-group-rules', json={
        'security_group_rule': dict(base, protocol='tcp')}), 404) == \
        'SecurityGroupNotFound'
    assert web['id'] not in [g['id'] for g in stranger.get(
        '/security-groups').json()['security_groups']]
    # A group a server is in cannot go.
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'guarded', 'imageRef': image, 'flavorRef': '1',
        'security_groups': [{'name': 'web'}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    compute.wait_for_status(server_id, 'ACTIVE')
    assert fault_type(api.delete('/security-groups/%s' % web['id']),
                      409) == 'SecurityGroupInUse'
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)
    assert api.delete('/security-group-rules/%s' % ssh['id']
                      ).status_code == 204
    updated = api.put('/security-groups/%s' % web['id'], json={
        'security_group': {'name': 'www'}})
    assert updated.status_code == 200, updated.text
    assert len([r for r in updated.json()['security_group'][
        'security_group_rules'] if r['direction'] == 'ingress']) == 2
    assert api.delete('/security-groups/%s' % web['id']).status_code == 204
    assert [g['name'] for g in compute.get('/os-security-groups').json()[
        'security_groups']] == ['default', 'legacy']


def _create_rule(api, values):
    return created(api.post('/security-group-rules', json={
        'security_group_rule': values}), 'security_group_rule')


def test_rules_are_stored_as_given_and_filter_any_source(cloud):
    """A rule without remote_ip_prefix shows none and a protocol given as
    a number shows that number, as Neutron keeps them; os-security-groups
    shows the whole family, and the guest's nftables chain admits any
    source on the port."""
    owner = project('given')
    api = neutron(cloud, 'u:%s' % owner)
    compute = cloud.api.as_user('u:%s' % owner)
    [default] = api.get('/security-groups').json()['security_groups']
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'given', 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    compute.wait_for_status(server_id, 'ACTIVE')
    base = {'security_group_id': default['id'], 'direction': 'ingress'}
    dns = _create_rule(api, dict(base, protocol='17', port_range_min=5353,
                                 port_range_max=5353))
    assert (dns['protocol'], dns['ethertype'], dns['remote_ip_prefix'],
            dns['normalized_cidr'], dns['port_range_min']) == (
        '17', 'IPv4', None, None, 5353)
    shown = api.get('/security-group-rules/%s' % dns['id']).json()[
        'security_group_rule']
    assert (shown['protocol'], shown['remote_ip_prefix']) == ('17', None)
    # An integer is a number given too; a name stays a name.
    icmp = _create_rule(api, dict(base, protocol=1))
    assert (icmp['protocol'], icmp['remote_ip_prefix']) == ('1', None)
    web = _create_rule(api, dict(base, protocol='TCP', port_range_min=80,
                                 port_range_max=80,
                                 remote_ip_prefix='0.0.0.0/0'))
    assert (web['protocol'], web['remote_ip_prefix']) == ('tcp',
                                                          '0.0.0.0/0')
    # Filters match what is stored.
    listed = api.get('/security-group-rules', params={
        'security_group_id': default['id'], 'protocol': '17'}).json()[
        'security_group_rules']
    assert [r['id'] for r in listed] == [dns['id']]
    # The same rule with the whole family (or the protocol's name) is the
    # same rule.
    for again in (dict(base, protocol='udp', port_range_min=5353,
                       port_range_max=5353, remote_ip_prefix='0.0.0.0/0'),
                  dict(base, protocol='17', port_range_min=5353,
                       port_range_max=5353)):
        resp = api.post('/security-group-rules',
                        json={'security_group_rule': again})
        assert fault_type(resp, 409) == 'SecurityGroupRuleExists', again
    # os-security-groups shows the rule as the data plane applies it.
    [legacy] = [g for g in compute.get('/os-security-groups').json()[
        'security_groups'] if g['name'] == 'default']
    assert sorted((r['ip_protocol'], r['from_port'], r['ip_range'])
                  for r in legacy['rules']) == sorted([
                      ('udp', 5353, {'cidr': '0.0.0.0/0'}),
                      ('icmp', -1, {'cidr': '0.0.0.0/0'}),
                      ('tcp', 80, {'cidr': '0.0.0.0/0'})])
    # The guest's chain admits any IPv4 source on the port.
    _wait_for_step(cloud, server_id, lambda s: s['step'] == 'nft' and (
        'ip saddr { 0.0.0.0/0 } udp dport 5353 accept'
        in s['args']['script']) and (
        'ip saddr { 0.0.0.0/0 } ip protocol icmp accept'
        in s['args']['script']))
    assert api.delete('/security-group-rules/%s' % dns['id']
                      ).status_code == 204
    _wait_for_step(cloud, server_id, lambda s: s['step'] == 'nft' and (
        'udp dport 5353' not in s['args']['script']) and (
        'tcp dport 80 accept' in s['args']['script']))
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)


def test_openstack_cli_security_group_and_ssh_rule(aio):
    from tests.functional.test_clients import openstack
    group = openstack(aio, 'security', 'group', 'create', 'cli-ssh')
    rule = openstack(aio, 'security', 'group', 'rule', 'create',
                     '--dst-port', '22', 'cli-ssh')
    assert (rule['protocol'], rule['port_range_min'],
            rule['port_range_max'], rule['direction']) == (
        'tcp', 22, 22, 'ingress')
    listed = openstack(aio, 'security', 'group', 'rule', 'list', 'cli-ssh')
    assert {r['ID'] for r in listed} >= {rule['id']}
    assert group['id'] in [g['ID'] for g in openstack(
        aio, 'security', 'group', 'list')]
    openstack(aio, 'security', 'group', 'delete', 'cli-ssh', output=False)


def test_ipv6_icmp_and_ipv6_group_rules(aio):
    """ipv6-icmp rules (by name, icmpv6 or 58) keep their type and code
    and need ethertype IPv6; a group-to-group rule of either family is
    taken, and the guest's chain admits the members only through the
    rule of their addresses' family (they have no IPv6 address); the
    ICMPv6 rules match IPv6 sources only."""
    owner = project('six')
    api = neutron(aio, 'u:%s' % owner)
    compute = aio.api.as_user('u:%s' % owner)
    [default] = api.get('/security-groups').json()['security_groups']
    base = {'security_group_id': default['id'], 'direction': 'ingress'}
    echo = _create_rule(api, dict(base, ethertype='IPv6',
                                  protocol='ipv6-icmp', port_range_min=128,
                                  port_range_max=0))
    assert (echo['protocol'], echo['port_range_min'],
            echo['port_range_max']) == ('ipv6-icmp', 128, 0)
    number = _create_rule(api, dict(base, ethertype='IPv6', protocol='58',
                                    port_range_min=135))
    assert (number['protocol'], number['port_range_min'],
            number['port_range_max']) == ('58', 135, None)
    for bad in (dict(base, protocol='ipv6-icmp'),
                dict(base, ethertype='IPv4', protocol='icmpv6'),
                dict(base, ethertype='IPv6', protocol='ipv6-icmp',
                     port_range_min=256)):
        resp = api.post('/security-group-rules',
                        json={'security_group_rule': bad})
        assert fault_type(resp, 400) == 'InvalidInput', bad
    six = _create_rule(api, dict(base, ethertype='IPv6', protocol='tcp',
                                 port_range_min=9996, port_range_max=9996,
                                 remote_group_id=default['id']))
    assert (six['ethertype'], six['remote_group_id']) == ('IPv6',
                                                          default['id'])
    _create_rule(api, dict(base, protocol='tcp', port_range_min=9997,
                           port_range_max=9997,
                           remote_group_id=default['id']))
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'six', 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = compute.wait_for_status(server_id, 'ACTIVE')
    [address] = [a['addr'] for addrs in server['addresses'].values()
                 for a in addrs if a['version'] == 4]
    steps = _wait_for_step(aio, server_id, lambda s: s['step'] == 'nft' and (
        'tcp dport 9997 accept' in s['args']['script']))
    [script] = [s['args']['script'] for s in steps if s['step'] == 'nft' and
                'tcp dport 9997 accept' in s['args']['script']][-1:]
    assert 'ip saddr { %s/32 } tcp dport 9997 accept' % address in script
    assert 'dport 9996' not in script
    assert ('ip6 saddr { ::/0 } meta l4proto ipv6-icmp icmpv6 type 128 '
            'icmpv6 code 0 accept') in script
    assert 'ip6 saddr { ::/0 } meta l4proto ipv6-icmp icmpv6 type 135 ' \
        'accept' in script
    assert not [line for line in script.splitlines()
                if 'icmpv6' in line and 'ip saddr' in line]
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)
