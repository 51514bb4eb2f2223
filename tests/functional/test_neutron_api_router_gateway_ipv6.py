"""Router gateways on IPv6 and dual-stack external networks, over HTTP:
a gateway holds one address per family (external_fixed_ips and the
gateway port list both), a chosen IPv6 address is honoured, an address
a port or another gateway holds is refused (409) and one outside the
network's subnets too (400), and clearing the gateway or deleting the
router gives both addresses back so that ports can take them."""

import ipaddress
import random

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project


def _external(admin, v4=True):
    """An external network with a stateful IPv6 subnet (and an IPv4 one
    when v4): (network, IPv4 subnet or None, IPv6 subnet)."""
    network = created(admin.post('/networks', json={'network': {
        'name': project('ext6'), 'router:external': True}}), 'network')
    subnet_v4 = None
    if v4:
        subnet_v4 = created(admin.post('/subnets', json={'subnet': {
            'network_id': network['id'], 'ip_version': 4,
            'enable_dhcp': False, 'cidr': '10.%d.%d.0/28' % (
                random.randint(100, 250), random.randint(0, 255))}}),
            'subnet')
    subnet_v6 = created(admin.post('/subnets', json={'subnet': {
        'network_id': network['id'], 'ip_version': 6, 'enable_dhcp': False,
        'cidr': 'fd%02x:%x:%x::/64' % (
            random.randint(0, 255), random.randint(0, 0xffff),
            random.randint(0, 0xffff))}}), 'subnet')
    return network, subnet_v4, subnet_v6


def _by_subnet(fixed_ips):
    return {f['subnet_id']: f['ip_address'] for f in fixed_ips}


def _port_at(admin, network, subnet, address):
    return admin.post('/ports', json={'port': {
        'network_id': network['id'], 'fixed_ips': [
            {'subnet_id': subnet['id'], 'ip_address': address}]}})


def _take_and_free(admin, network, subnet, address):
    """A port can hold the address (then gives it back)."""
    port = created(_port_at(admin, network, subnet, address), 'port')
    assert port['fixed_ips'][0]['ip_address'] == address
    assert admin.delete('/ports/%s' % port['id']).status_code == 204


def test_dual_stack_gateway_holds_one_address_per_family(cloud):
    admin = neutron(cloud)
    network, subnet_v4, subnet_v6 = _external(admin)
    router = created(admin.post('/routers', json={'router': {
        'name': 'dual', 'external_gateway_info': {
            'network_id': network['id']}}}), 'router')
    fixed = router['external_gateway_info']['external_fixed_ips']
    got = _by_subnet(fixed)
    assert sorted(got) == sorted([subnet_v4['id'], subnet_v6['id']])
    # IPv4 first, as the data plane's (and upstream's) order.
    assert fixed[0]['subnet_id'] == subnet_v4['id']
    v4, v6 = got[subnet_v4['id']], got[subnet_v6['id']]
    assert ipaddress.ip_address(v6) in ipaddress.ip_network(
        subnet_v6['cidr'])
    shown = admin.get('/routers/%s' % router['id']).json()['router']
    assert shown['external_gateway_info']['external_fixed_ips'] == fixed
    [gateway_port] = admin.get('/ports', params={
        'device_id': router['id'],
        'device_owner': 'network:router_gateway'}).json()['ports']
    assert gateway_port['fixed_ips'] == fixed
    # Held by the gateway: no port and no other gateway gets them.
    for subnet, address in ((subnet_v4, v4), (subnet_v6, v6)):
        assert fault_type(_port_at(admin, network, subnet, address),
                          409) == 'IpAddressAlreadyAllocated'
    assert fault_type(admin.post('/routers', json={'router': {
        'external_gateway_info': {
            'network_id': network['id'], 'external_fixed_ips': [
                {'subnet_id': subnet_v6['id'], 'ip_address': v6}]}}}),
        409) == 'IpAddressAlreadyAllocated'
    # Changing only enable_snat keeps both addresses.
    kept = admin.put('/routers/%s' % router['id'], json={'router': {
        'external_gateway_info': {'network_id': network['id'],
                                  'enable_snat': False}}})
    assert kept.status_code == 200, kept.text
    assert kept.json()['router']['external_gateway_info'][
        'external_fixed_ips'] == fixed
    # Cleared, the gateway gives both back.
    cleared = admin.put('/routers/%s' % router['id'], json={'router': {
        'external_gateway_info': {}}})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()['router']['external_gateway_info'] is None
    _take_and_free(admin, network, subnet_v4, v4)
    _take_and_free(admin, network, subnet_v6, v6)
    # Set again with a chosen IPv6 address (and only it): honoured.
    chosen = str(ipaddress.ip_network(subnet_v6['cidr'])[0x1234])
    again = admin.put('/routers/%s' % router['id'], json={'router': {
        'external_gateway_info': {
            'network_id': network['id'], 'external_fixed_ips': [
                {'subnet_id': subnet_v6['id'], 'ip_address': chosen}]}}})
    assert again.status_code == 200, again.text
    assert again.json()['router']['external_gateway_info'][
        'external_fixed_ips'] == [{'subnet_id': subnet_v6['id'],
                                   'ip_address': chosen}]
    assert fault_type(_port_at(admin, network, subnet_v6, chosen),
                      409) == 'IpAddressAlreadyAllocated'
    # Deleted, the router gives it back.
    assert admin.delete('/routers/%s' % router['id']).status_code == 204
    _take_and_free(admin, network, subnet_v6, chosen)
    assert admin.delete('/networks/%s' % network['id']).status_code == 204


def test_ipv6_only_external_network_gateway_with_a_fixed_ip(cloud):
    """As Tempest's RoutersIpV6AdminTest: a port's address, freed, is
    the one a new router's gateway asks for."""
    admin = neutron(cloud)
    network, _none, subnet_v6 = _external(admin, v4=False)
    port = created(admin.post('/ports', json={'port': {
        'network_id': network['id']}}), 'port')
    [fixed] = port['fixed_ips']
    assert fixed['subnet_id'] == subnet_v6['id']
    # A port's address: no gateway gets it while the port holds it.
    gateway = {'network_id': network['id'], 'external_fixed_ips': [fixed]}
    assert fault_type(admin.post('/routers', json={'router': {
        'external_gateway_info': gateway}}), 409) == \
        'IpAddressAlreadyAllocated'
    assert admin.delete('/ports/%s' % port['id']).status_code == 204
    router = created(admin.post('/routers', json={'router': {
        'external_gateway_info': gateway}}), 'router')
    assert router['external_gateway_info']['external_fixed_ips'] == [fixed]
    [gateway_port] = admin.get('/ports', params={
        'device_id': router['id'],
        'device_owner': 'network:router_gateway'}).json()['ports']
    assert gateway_port['fixed_ips'] == [fixed]
    # Bad requests: an address of no subnet of the network, a subnet of
    # another network, no subnet at all on an IPv6-only network.
    outside = {'network_id': network['id'], 'external_fixed_ips': [
        {'ip_address': '2001:db8:ffff::5'}]}
    assert fault_type(admin.post('/routers', json={'router': {
        'external_gateway_info': outside}}), 400) == 'InvalidIpForSubnet'
    other_network, _v4, other_v6 = _external(admin, v4=False)
    foreign = {'network_id': network['id'], 'external_fixed_ips': [
        {'subnet_id': other_v6['id']}]}
    assert fault_type(admin.post('/routers', json={'router': {
        'external_gateway_info': foreign}}), 400) == 'BadRequest'
    assert admin.delete('/routers/%s' % router['id']).status_code == 204
    _take_and_free(admin, network, subnet_v6, fixed['ip_address'])
    for gone in (network, other_network):
        assert admin.delete('/networks/%s' % gone['id']).status_code == 204
