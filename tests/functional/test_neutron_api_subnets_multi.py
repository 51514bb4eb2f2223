"""A network with two IPv4 subnets over HTTP: ports on either or both,
the fixed_ips list filter, a port with no fixed_ips taking one address
of the first subnet with a free one (as Neutron), subnet delete refused
while an address of it is in use and leaving the other intact, the
overlap check, a server booted on the network showing its address and
its plumbing serving both subnets, router interfaces on the second
subnet, and os-networks still showing the first subnet."""

import ipaddress
import random

from tests.functional.actions_helpers import seeded_image
from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project
from tests.functional.test_networking import _plumbing
from tests.functional.test_networking import _wait_for_step


def _subnet(api, net, prefix=28, **attrs):
    """A subnet of a free 10.1xx.x range on net."""
    for _ in range(50):
        cidr = '10.%d.%d.%d/%d' % (random.randint(100, 199),
                                   random.randint(0, 255),
                                   16 * random.randint(0, 15), prefix)
        resp = api.post('/subnets', json={'subnet': dict(
            attrs, network_id=net['id'], ip_version=4, cidr=cidr)})
        if resp.status_code == 201:
            return resp.json()['subnet']
        assert fault_type(resp, 400) == 'InvalidNetwork'
    raise AssertionError('no free range for a subnet')


def _two_subnets(api, name):
    net = created(api.post('/networks', json={'network': {'name': name}}),
                  'network')
    first = _subnet(api, net, name='first')
    second = _subnet(api, net, name='second')
    return net, first, second


def _in(subnet, address):
    return ipaddress.ip_address(address) in ipaddress.ip_network(
        subnet['cidr'])


def test_ports_on_either_and_both_subnets(aio):
    api = neutron(aio, 'u:%s' % project('multi'))
    net, first, second = _two_subnets(api, 'multi')
    assert first['id'] != second['id']
    shown = api.get('/networks/%s' % net['id']).json()['network']
    assert shown['subnets'] == [first['id'], second['id']]
    listed = api.get('/subnets?network_id=%s' % net['id']).json()['subnets']
    assert [s['id'] for s in listed] == [first['id'], second['id']]
    assert second['name'] == 'second' and second['gateway_ip'] == str(
        ipaddress.ip_network(second['cidr']).network_address + 1)

    # One address of the first subnet when fixed_ips is not given.
    plain = created(api.post('/ports', json={'port': {
        'network_id': net['id']}}), 'port')
    [fixed] = plain['fixed_ips']
    assert fixed['subnet_id'] == first['id'] and _in(first,
                                                     fixed['ip_address'])
    on_second = created(api.post('/ports', json={'port': {
        'network_id': net['id'],
        'fixed_ips': [{'subnet_id': second['id']}]}}), 'port')
    [fixed] = on_second['fixed_ips']
    assert fixed['subnet_id'] == second['id'] and _in(second,
                                                      fixed['ip_address'])
    # An address of the second subnet the port above did not get.
    chosen = next(str(a) for a in reversed(list(
        ipaddress.ip_network(second['cidr']).hosts()))
                  if str(a) not in (fixed['ip_address'],
                                    second['gateway_ip']))
    both = created(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [
            {'subnet_id': first['id']}, {'ip_address': chosen}]}}), 'port')
    assert [f['subnet_id'] for f in both['fixed_ips']] == [
        first['id'], second['id']]
    assert both['fixed_ips'][1]['ip_address'] == chosen
    # An address of the other subnet, and an address taken, are refused.
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [
            {'subnet_id': first['id'], 'ip_address': chosen}]}}),
        400) == 'InvalidIpForSubnet'
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [{'ip_address': chosen}]}}),
        409) == 'IpAddressAlreadyAllocated'

    # The list filter by subnet.
    found = api.get('/ports?fixed_ips=subnet_id=%s' % second['id']).json()[
        'ports']
    assert {p['id'] for p in found} == {on_second['id'], both['id']}
    found = api.get('/ports?fixed_ips=ip_address=%s' % chosen).json()[
        'ports']
    assert [p['id'] for p in found] == [both['id']]

    # A port moves to the second subnet only: its first address goes.
    moved = api.put('/ports/%s' % plain['id'], json={'port': {
        'fixed_ips': [{'subnet_id': second['id']}]}})
    assert moved.status_code == 200, moved.text
    [fixed] = moved.json()['port']['fixed_ips']
    assert fixed['subnet_id'] == second['id']

    # Subnet delete: refused while an address of it is in use.
    assert fault_type(api.delete('/subnets/%s' % second['id']),
                      409) == 'SubnetInUse'
    for port in (plain, on_second, both):
        assert api.delete('/ports/%s' % port['id']).status_code == 204
    keep = created(api.post('/ports', json={'port': {
        'network_id': net['id'],
        'fixed_ips': [{'subnet_id': first['id']}]}}), 'port')
    # The second goes while the first is in use; the first is intact.
    assert api.delete('/subnets/%s' % second['id']).status_code == 204
    assert api.get('/subnets/%s' % second['id']).status_code == 404
    shown = api.get('/networks/%s' % net['id']).json()['network']
    assert shown['subnets'] == [first['id']]
    assert api.get('/subnets/%s' % first['id']).json()['subnet'] == dict(
        first, updated_at=first['updated_at'])
    assert api.get('/ports/%s' % keep['id']).json()['port'][
        'fixed_ips'] == keep['fixed_ips']
    # Its range is free again: a subnet of the same cidr can come back.
    again = created(api.post('/subnets', json={'subnet': {
        'network_id': net['id'], 'ip_version': 4,
        'cidr': second['cidr']}}), 'subnet')
    assert again['id'] != second['id']
    assert api.delete('/ports/%s' % keep['id']).status_code == 204
    assert api.delete('/networks/%s' % net['id']).status_code == 204


def test_overlaps_and_first_subnet_delete(aio):
    api = neutron(aio, 'u:%s' % project('overlap'))
    net, first, second = _two_subnets(api, 'overlap')
    other = created(api.post('/networks', json={'network': {
        'name': 'other'}}), 'network')
    for cidr in (first['cidr'], second['cidr']):
        inner = ipaddress.ip_network(cidr)
        wider = str(inner.supernet(new_prefix=24))
        for target in (net, other):
            assert fault_type(api.post('/subnets', json={'subnet': {
                'network_id': target['id'], 'ip_version': 4,
                'cidr': wider}}), 400) == 'InvalidNetwork'
    # A port with no address keeps no subnet (as in Neutron, and as
    # Tempest's PortsTestJSON cleans up): the first subnet goes; the
    # second becomes the network's first (os-networks shows it).
    bare = created(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': []}}), 'port')
    assert bare['fixed_ips'] == []
    assert api.delete('/subnets/%s' % first['id']).status_code == 204
    shown = api.get('/networks/%s' % net['id']).json()['network']
    assert shown['subnets'] == [second['id']]
    port = created(api.post('/ports', json={'port': {
        'network_id': net['id']}}), 'port')
    assert port['fixed_ips'][0]['subnet_id'] == second['id']
    legacy = aio.api.get('/os-networks/%s' % net['id']).json()['network']
    assert legacy['cidr'] == second['cidr']
    assert api.delete('/ports/%s' % port['id']).status_code == 204
    assert api.delete('/subnets/%s' % second['id']).status_code == 204
    assert api.delete('/ports/%s' % bare['id']).status_code == 204
    for network in (net, other):
        assert api.delete('/networks/%s' % network['id']).status_code == 204


def test_server_shows_its_address_and_plumbing_serves_both(aio):
    token = 'u:%s' % project('multi-boot')
    api = neutron(aio, token)
    net, first, second = _two_subnets(api, 'multi-boot')
    port = created(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [
            {'subnet_id': first['id']}, {'subnet_id': second['id']}]}}),
        'port')
    addresses = [f['ip_address'] for f in port['fixed_ips']]
    compute = aio.api.as_user(token, '2.37')
    resp = compute.post('/servers', json={'server': {
        'name': 'multi', 'imageRef': seeded_image(compute),
        'flavorRef': '1', 'networks': [{'port': port['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = compute.wait_for_status(server_id, 'ACTIVE')
    shown = [a['addr'] for a in server['addresses']['multi-boot']]
    assert shown == addresses
    listed = compute.get('/servers/%s/ips' % server_id).json()['addresses']
    assert [a['addr'] for a in listed['multi-boot']] == addresses
    # A server on the network with no port of its own: one address, of
    # the first subnet.
    resp = compute.post('/servers', json={'server': {
        'name': 'plain', 'imageRef': seeded_image(compute),
        'flavorRef': '1', 'networks': [{'uuid': net['id']}]}})
    assert resp.status_code == 202, resp.text
    plain_id = resp.json()['server']['id']
    plain = compute.wait_for_status(plain_id, 'ACTIVE')
    [address] = plain['addresses']['multi-boot']
    assert _in(first, address['addr'])

    steps = _plumbing(aio, server_id)
    bridges = [s['args']['address'] for s in steps
               if s['step'] == 'ensure_bridge']
    prefix = ipaddress.ip_network(first['cidr']).prefixlen
    assert bridges == ['%s/%d' % (first['gateway_ip'], prefix),
                       '%s/%d' % (second['gateway_ip'], prefix)]
    [dhcp] = [s['args'] for s in steps if s['step'] == 'ensure_dhcp']
    assert dhcp['cidr'] == first['cidr']
    assert [m['cidr'] for m in dhcp['more']] == [second['cidr']]
    hosts = [s['args']['address'] for s in steps if s['step'] == 'dhcp_host']
    assert hosts == addresses[:1]
    [nat] = [s['args']['script'] for s in steps if s['step'] == 'nft' and
             'masquerade' in s['args']['script']]
    assert first['cidr'] in nat and second['cidr'] in nat

    for uuid in (server_id, plain_id):
        compute.delete('/servers/%s' % uuid)
        compute.wait_for_deletion(uuid)
    assert api.delete('/ports/%s' % port['id']).status_code == 204
    assert api.delete('/networks/%s' % net['id']).status_code == 204


def test_a_subnet_added_later_reaches_running_servers(aio):
    """A server on the network is re-plugged when a subnet comes: its
    bridge gets the new subnet's gateway, its dnsmasq the new range."""
    token = 'u:%s' % project('multi-later')
    api = neutron(aio, token)
    net = created(api.post('/networks', json={'network': {
        'name': 'later'}}), 'network')
    first = _subnet(api, net)
    compute = aio.api.as_user(token, '2.37')
    resp = compute.post('/servers', json={'server': {
        'name': 'early', 'imageRef': seeded_image(compute),
        'flavorRef': '1', 'networks': [{'uuid': net['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    compute.wait_for_status(server_id, 'ACTIVE')
    second = _subnet(api, net)
    steps = _wait_for_step(aio, server_id, lambda s: (
        s['step'] == 'ensure_dhcp' and s['args'].get('more')))
    [dhcp] = [s['args'] for s in steps if s['step'] == 'ensure_dhcp' and
              s['args'].get('more')]
    assert (dhcp['cidr'], [m['cidr'] for m in dhcp['more']]) == (
        first['cidr'], [second['cidr']])
    prefix = ipaddress.ip_network(second['cidr']).prefixlen
    assert '%s/%d' % (second['gateway_ip'], prefix) in [
        s['args']['address'] for s in steps if s['step'] == 'ensure_bridge']
    # The server's address stays in the first subnet.
    [address] = compute.get('/servers/%s' % server_id).json()['server'][
        'addresses']['later']
    assert _in(first, address['addr'])
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)
    assert api.delete('/networks/%s' % net['id']).status_code == 204


def test_router_interface_on_the_second_subnet(aio):
    api = neutron(aio, 'u:%s' % project('multi-router'))
    net, first, second = _two_subnets(api, 'multi-router')
    router = created(api.post('/routers', json={'router': {
        'name': 'r'}}), 'router')
    for subnet in (second, first):
        resp = api.put('/routers/%s/add_router_interface' % router['id'],
                       json={'subnet_id': subnet['id']})
        assert resp.status_code == 200, resp.text
        assert resp.json()['subnet_id'] == subnet['id']
    ports = api.get('/ports?device_id=%s' % router['id']).json()['ports']
    assert sorted((p['fixed_ips'][0]['subnet_id'],
                   p['fixed_ips'][0]['ip_address']) for p in ports) == \
        sorted((s['id'], s['gateway_ip']) for s in (first, second))
    assert fault_type(api.delete('/subnets/%s' % second['id']),
                      409) == 'SubnetInUse'
    resp = api.put('/routers/%s/remove_router_interface' % router['id'],
                   json={'subnet_id': second['id']})
    assert resp.status_code == 200, resp.text
    assert api.delete('/subnets/%s' % second['id']).status_code == 204
    resp = api.put('/routers/%s/remove_router_interface' % router['id'],
                   json={'subnet_id': first['id']})
    assert resp.status_code == 200, resp.text
    assert api.delete('/routers/%s' % router['id']).status_code == 204
    assert api.delete('/networks/%s' % net['id']).status_code == 204
