"""A network with two IPv6 subnets over HTTP (one stateful, one SLAAC)
beside an IPv4 one: ports on either or both, a port with no fixed_ips
taking one address of the IPv4 subnet, one of the stateful IPv6 subnet
and its EUI-64 address on the SLAAC one (as Neutron), a server showing
addresses of all three, subnet delete refused while a stateful address
is in use and taking SLAAC addresses off the ports, os-networks showing
the first IPv6 subnet, and the overlap check of IPv6 ranges."""

import ipaddress
import random

from nova.network import model as network_model
from tests.functional.actions_helpers import seeded_image
from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project
from tests.functional.test_neutron_api_subnets_multi import _subnet
from tests.functional.test_networking import _wait_for_step


def _v6_subnet(api, net, **attrs):
    """A subnet of a free fdxx:xxxx::/64 on net."""
    for _ in range(20):
        cidr = str(ipaddress.ip_network('fd%02x:%x:%x::/64' % (
            random.randint(0, 255), random.randint(0, 0xffff),
            random.randint(0, 0xffff))))
        resp = api.post('/subnets', json={'subnet': dict(
            attrs, network_id=net['id'], ip_version=6, cidr=cidr)})
        if resp.status_code == 201:
            return resp.json()['subnet']
        assert fault_type(resp, 400) == 'InvalidNetwork'
    raise AssertionError('no free range for a subnet')


def _in(subnet, address):
    return ipaddress.ip_address(address) in ipaddress.ip_network(
        subnet['cidr'])


def _by_subnet(port):
    return {f['subnet_id']: f['ip_address'] for f in port['fixed_ips']}


def test_two_ipv6_subnets_ports_server_and_delete(aio):
    token = 'u:%s' % project('six')
    api = neutron(aio, token)
    net = created(api.post('/networks', json={'network': {
        'name': 'six'}}), 'network')
    v4 = _subnet(api, net)
    stateful = _v6_subnet(api, net, name='stateful')
    slaac = _v6_subnet(api, net, name='slaac', ipv6_ra_mode='slaac',
                       ipv6_address_mode='slaac')
    shown = api.get('/networks/%s' % net['id']).json()['network']
    assert shown['subnets'] == [v4['id'], stateful['id'], slaac['id']]
    assert (slaac['ipv6_address_mode'], stateful['ipv6_address_mode']) == (
        'slaac', None)
    legacy = aio.api.get('/os-networks/%s' % net['id']).json()['network']
    assert (legacy['cidr'], legacy['cidr_v6']) == (v4['cidr'],
                                                   stateful['cidr'])

    # No fixed_ips: one address of each kind.
    plain = created(api.post('/ports', json={'port': {
        'network_id': net['id']}}), 'port')
    got = _by_subnet(plain)
    assert set(got) == {v4['id'], stateful['id'], slaac['id']}
    pool = stateful['allocation_pools'][0]
    assert ipaddress.ip_address(pool['start']) <= ipaddress.ip_address(
        got[stateful['id']]) <= ipaddress.ip_address(pool['end'])
    assert got[slaac['id']] == network_model.eui64_address(
        slaac['cidr'], plain['mac_address'])

    # The stateful subnet by id, and an address of it by value: the
    # SLAAC one comes along (Neutron's rule for a port of no router).
    on_stateful = created(api.post('/ports', json={'port': {
        'network_id': net['id'],
        'fixed_ips': [{'subnet_id': stateful['id']}]}}), 'port')
    assert set(_by_subnet(on_stateful)) == {stateful['id'], slaac['id']}
    chosen = str(ipaddress.ip_network(stateful['cidr']).network_address +
                 0xbeef)
    by_address = created(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [{'ip_address': chosen}]}}),
        'port')
    assert _by_subnet(by_address)[stateful['id']] == chosen
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [{'ip_address': chosen}]}}),
        409) == 'IpAddressAlreadyAllocated'
    # A SLAAC subnet's addresses come from MACs only.
    other = str(ipaddress.ip_network(slaac['cidr']).network_address + 7)
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [
            {'subnet_id': slaac['id'], 'ip_address': other}]}}),
        400) == 'InvalidIpForSubnet'
    # A port updated to the IPv4 subnet alone keeps its SLAAC address.
    resp = api.put('/ports/%s' % on_stateful['id'], json={'port': {
        'fixed_ips': [{'subnet_id': v4['id']}]}})
    assert resp.status_code == 200, resp.text
    assert set(_by_subnet(resp.json()['port'])) == {v4['id'], slaac['id']}
    found = api.get('/ports?fixed_ips=subnet_id=%s' % stateful['id']).json()[
        'ports']
    assert {p['id'] for p in found} == {plain['id'], by_address['id']}

    # A server on the plain port shows its three addresses.
    compute = aio.api.as_user(token, '2.37')
    resp = compute.post('/servers', json={'server': {
        'name': 'six', 'imageRef': seeded_image(compute),
        'flavorRef': '1', 'networks': [{'port': plain['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = compute.wait_for_status(server_id, 'ACTIVE')
    assert sorted((a['version'], a['addr'])
                  for a in server['addresses']['six']) == sorted(
        (6 if ':' in a else 4, a) for a in got.values())
    # A server on the network with no port of its own gets the same kinds.
    resp = compute.post('/servers', json={'server': {
        'name': 'six-net', 'imageRef': seeded_image(compute),
        'flavorRef': '1', 'networks': [{'uuid': net['id']}]}})
    assert resp.status_code == 202, resp.text
    net_server_id = resp.json()['server']['id']
    addresses = [a['addr'] for a in compute.wait_for_status(
        net_server_id, 'ACTIVE')['addresses']['six']]
    assert [sum(_in(s, a) for a in addresses)
            for s in (v4, stateful, slaac)] == [1, 1, 1]

    # Delete: the stateful subnet is in use; the SLAAC one goes and its
    # addresses leave the ports.
    assert fault_type(api.delete('/subnets/%s' % stateful['id']),
                      409) == 'SubnetInUse'
    assert api.delete('/subnets/%s' % slaac['id']).status_code == 204
    assert set(_by_subnet(api.get('/ports/%s' % plain['id']).json()[
        'port'])) == {v4['id'], stateful['id']}
    for uuid in (server_id, net_server_id):
        compute.delete('/servers/%s' % uuid)
        compute.wait_for_deletion(uuid)
    for port in (plain, on_stateful, by_address):
        assert api.delete('/ports/%s' % port['id']).status_code == 204
    assert api.delete('/subnets/%s' % stateful['id']).status_code == 204
    legacy = aio.api.get('/os-networks/%s' % net['id']).json()['network']
    assert legacy['cidr_v6'] is None
    assert api.delete('/networks/%s' % net['id']).status_code == 204


def test_ipv6_ranges_never_overlap_without_the_option(aio):
    api = neutron(aio, 'u:%s' % project('six-ovl'))
    net = created(api.post('/networks', json={'network': {
        'name': 'six-ovl'}}), 'network')
    other = created(api.post('/networks', json={'network': {
        'name': 'six-other'}}), 'network')
    subnet = _v6_subnet(api, net)
    wider = str(ipaddress.ip_network(subnet['cidr']).supernet(
        new_prefix=56))
    for target, cidr in ((net, wider), (other, subnet['cidr'])):
        resp = api.post('/subnets', json={'subnet': {
            'network_id': target['id'], 'ip_version': 6, 'cidr': cidr}})
        assert fault_type(resp, 400) == 'InvalidNetwork'
        assert 'overlaps with another subnet' in resp.json()[
            'NeutronError']['message']
    for network in (net, other):
        assert api.delete('/networks/%s' % network['id']).status_code == 204


def test_ipv6_subnets_reach_the_data_plane(aio):
    """Through the real path (API, RPC, nova-compute's plug): the host
    carries each IPv6 gateway, dnsmasq advertises the subnets in their
    modes and hands the stateful address by DHCPv6, and the guest's
    chain holds its IPv6 traffic to its own addresses."""
    token = 'u:%s' % project('six-dp')
    api = neutron(aio, token)
    net = created(api.post('/networks', json={'network': {
        'name': 'six-dp'}}), 'network')
    _subnet(api, net)
    slaac = _v6_subnet(api, net, name='slaac', ipv6_ra_mode='slaac',
                       ipv6_address_mode='slaac')
    stateful = _v6_subnet(api, net, name='stateful',
                          ipv6_ra_mode='dhcpv6-stateful',
                          ipv6_address_mode='dhcpv6-stateful',
                          dns_nameservers=['2001:db8::53'])
    port = created(api.post('/ports', json={'port': {
        'network_id': net['id']}}), 'port')
    got = _by_subnet(port)
    compute = aio.api.as_user(token, '2.37')
    resp = compute.post('/servers', json={'server': {
        'name': 'six-dp', 'imageRef': seeded_image(compute),
        'flavorRef': '1', 'networks': [{'port': port['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    compute.wait_for_status(server_id, 'ACTIVE')
    steps = _wait_for_step(aio, server_id,
                           lambda s: s['step'] == 'ensure_dhcp')
    addresses = [s['args']['address'] for s in steps
                 if s['step'] == 'ensure_bridge']
    for subnet in (slaac, stateful):
        assert '%s/64' % subnet['gateway_ip'] in addresses
    [dhcp] = [s['args'] for s in steps if s['step'] == 'ensure_dhcp']
    assert sorted((r['cidr'], r['mode'], r.get('dns')) for r in dhcp[
        'v6']) == sorted([(slaac['cidr'], 'ra-only', None),
                          (stateful['cidr'], 'static', ['2001:db8::53'])])
    [host] = [s['args'] for s in steps if s['step'] == 'dhcp_host']
    assert host['addresses6'] == [got[stateful['id']]]
    [rules] = [s['args']['script'] for s in steps if s['step'] == 'nft' and
               'table bridge nova-i-' in s['args']['script']]
    assert 'ip6 saddr != { %s } drop' % ', '.join(sorted([
        got[slaac['id']], got[stateful['id']], '::',
        network_model.eui64_address('fe80::/64', port['mac_address'])])) \
        in rules
    # A subnet's new DNS servers reach the running guest's host.
    resp = api.put('/subnets/%s' % slaac['id'], json={'subnet': {
        'dns_nameservers': ['2001:db8::54']}})
    assert resp.status_code == 200, resp.text
    _wait_for_step(aio, server_id, lambda s: s['step'] == 'ensure_dhcp' and
                   {'cidr': slaac['cidr'], 'mode': 'ra-only',
                    'dns': ['2001:db8::54']} in s['args']['v6'])
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)


def test_ipv6_modes_must_agree_and_network_delete_words(aio):
    """Neutron refuses two different IPv6 modes, modes on an IPv4 subnet
    and modes without DHCP (400 InvalidInput, nothing created); deleting
    a network that still has a port is 409 NetworkInUse in Neutron's
    words, which Tempest matches."""
    api = neutron(aio, 'u:%s' % project('modes'))
    net = created(api.post('/networks', json={'network': {
        'name': 'modes'}}), 'network')
    for attrs in ({'ip_version': 6, 'cidr': 'fd5e:1::/64',
                   'ipv6_ra_mode': 'dhcpv6-stateless',
                   'ipv6_address_mode': 'dhcpv6-stateful'},
                  {'ip_version': 6, 'cidr': 'fd5e:1::/64',
                   'ipv6_ra_mode': 'slaac', 'ipv6_address_mode': 'slaac',
                   'enable_dhcp': False},
                  {'ip_version': 4, 'cidr': '10.77.0.0/24',
                   'ipv6_address_mode': 'slaac'}):
        resp = api.post('/subnets', json={'subnet': dict(
            attrs, network_id=net['id'])})
        assert fault_type(resp, 400) == 'InvalidInput', resp.text
    assert api.get('/subnets', params={'network_id': net['id']}).json()[
        'subnets'] == []
    # One mode alone is taken (the other unset).
    slaac = _v6_subnet(api, net, ipv6_address_mode='slaac')
    port = created(api.post('/ports', json={'port': {
        'network_id': net['id']}}), 'port')
    [address] = _by_subnet(port).values()
    assert address == network_model.eui64_address(slaac['cidr'],
                                                  port['mac_address'])
    resp = api.delete('/networks/%s' % net['id'])
    assert fault_type(resp, 409) == 'NetworkInUse'
    assert 'There are one or more ports still in use on the network' in \
        resp.json()['NeutronError']['message']
    assert api.delete('/ports/%s' % port['id']).status_code == 204
    assert api.delete('/networks/%s' % net['id']).status_code == 204
