"""Routers of the Neutron API over HTTP: the default router1, create,
gateway, interfaces, project scoping, the faults upstream answers, the
floating IP path a router makes (and the data plane's SNAT following
it), the router quota, and the openstack CLI."""

import ipaddress
import random

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project
from tests.functional.test_networking import _wait_for_step


def _public(api):
    [public] = api.get('/networks', params={'name': 'public'}).json()[
        'networks']
    return public


def _network_with_subnet(api, name):
    network = created(api.post('/networks', json={'network': {
        'name': name}}), 'network')
    # A /24 no other test's network is likely to hold.
    cidr = '10.%d.%d.0/24' % (random.randint(100, 250),
                              random.randint(0, 255))
    subnet = created(api.post('/subnets', json={'subnet': {
        'network_id': network['id'], 'ip_version': 4, 'cidr': cidr,
        'name': name + '-subnet'}}), 'subnet')
    return network, subnet


def _interface(api, router_id, action, **values):
    return api.put('/routers/%s/%s_router_interface' % (router_id, action),
                   json=values)


def _boot(cloud, owner, network_id):
    compute = cloud.api.as_user('u:%s' % owner)
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'routed', 'imageRef': image, 'flavorRef': '1',
        'networks': [{'uuid': network_id}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    compute.wait_for_status(server_id, 'ACTIVE')
    return compute, server_id


def test_default_router_joins_private_to_public(cloud):
    admin = neutron(cloud)
    public = _public(admin)
    [router] = admin.get('/routers', params={'name': 'router1'}).json()[
        'routers']
    gateway = router['external_gateway_info']
    assert (gateway['network_id'], gateway['enable_snat']) == (
        public['id'], True)
    [fixed] = gateway['external_fixed_ips']
    assert fixed['subnet_id'] == public['subnets'][0]
    assert fixed['ip_address'].startswith('172.24.4.')
    [private] = admin.get('/networks', params={'name': 'private'}).json()[
        'networks']
    # The private subnet is router1's: another router cannot have it.
    other = created(admin.post('/routers', json={'router': {
        'name': 'second'}}), 'router')
    assert fault_type(_interface(admin, other['id'], 'add',
                                 subnet_id=private['subnets'][0]),
                      409) == 'IpAddressAlreadyAllocated'
    assert admin.delete('/routers/%s' % other['id']).status_code == 204
    names = {e['alias'] for e in admin.get('/extensions').json()[
        'extensions']}
    assert {'router', 'ext-gw-mode'} <= names


def test_router_lifecycle_and_floating_ip_path(cloud):
    owner = project('rtr')
    api = neutron(cloud, 'u:%s' % owner)
    stranger = neutron(cloud, 'u:%s' % project('rtr-other'))
    admin = neutron(cloud)
    public = _public(api)
    network, subnet = _network_with_subnet(api, 'rtr-net')

    router = created(api.post('/routers', json={'router': {
        'name': 'edge', 'description': 'mine'}}), 'router')
    assert (router['status'], router['admin_state_up'],
            router['external_gateway_info'], router['project_id'],
            router['tenant_id'], router['routes']) == (
        'ACTIVE', True, None, owner, owner, [])
    rid = router['id']
    # Project scoping: others see nothing, administrators everything.
    assert fault_type(stranger.get('/routers/%s' % rid), 404) == \
        'RouterNotFound'
    assert rid not in [r['id'] for r in stranger.get('/routers').json()[
        'routers']]
    assert fault_type(stranger.put('/routers/%s' % rid, json={'router': {
        'name': 'x'}}), 404) == 'RouterNotFound'
    assert rid in [r['id'] for r in admin.get('/routers').json()[
        'routers']]
    assert [r['id'] for r in api.get('/routers', params={
        'name': 'edge', 'fields': 'id'}).json()['routers']] == [rid]
    # Faults of bad requests.
    assert fault_type(api.post('/routers', json={'router': {
        'distributed': True}}), 400) == 'HTTPBadRequest'
    assert fault_type(api.put('/routers/%s' % rid, json={'router': {
        'external_gateway_info': {'network_id': network['id']}}}), 400) == \
        'BadRequest'
    assert fault_type(api.put('/routers/%s' % rid, json={'router': {
        'external_gateway_info': {'network_id': public['id'],
                                  'enable_snat': False}}}), 403) == \
        'PolicyNotAuthorized'

    # The gateway takes an address of the external network.
    resp = api.put('/routers/%s' % rid, json={'router': {
        'external_gateway_info': {'network_id': public['id']}}})
    assert resp.status_code == 200, resp.text
    gateway = resp.json()['router']['external_gateway_info']
    [gateway_ip] = [f['ip_address'] for f in gateway['external_fixed_ips']]
    assert gateway_ip.startswith('172.24.4.') and gateway['enable_snat']

    compute, server_id = _boot(cloud, owner, network['id'])
    [port] = api.get('/ports', params={'device_id': server_id}).json()[
        'ports']
    fip = created(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id']}}), 'floatingip')
    assert fip['floating_ip_address'] != gateway_ip
    # No router joins the subnet to public yet.
    resp = api.put('/floatingips/%s' % fip['id'], json={'floatingip': {
        'port_id': port['id']}})
    assert fault_type(resp, 404) == 'ExternalGatewayForFloatingIPNotFound'
    assert resp.json()['NeutronError']['message'] == (
        'External network %s is not reachable from subnet %s.  Therefore, '
        'cannot associate Port %s with a Floating IP.' % (
            public['id'], subnet['id'], port['id']))

    # Interfaces.
    assert fault_type(_interface(api, rid, 'add'), 400) == 'BadRequest'
    assert fault_type(_interface(api, rid, 'add', subnet_id=subnet['id'],
                                 port_id=port['id']), 400) == 'BadRequest'
    assert fault_type(_interface(api, rid, 'add', port_id=port['id']),
                      409) == 'PortInUse'
    resp = _interface(api, rid, 'add', subnet_id=subnet['id'])
    assert resp.status_code == 200, resp.text
    added = resp.json()
    assert (added['id'], added['subnet_id'], added['subnet_ids'],
            added['network_id'], added['project_id']) == (
        rid, subnet['id'], [subnet['id']], network['id'], owner)
    # The interface is a port of the router's.
    [router_port] = api.get('/ports', params={'device_id': rid}).json()[
        'ports']
    assert (router_port['id'], router_port['device_owner'],
            router_port['network_id'], router_port['fixed_ips']) == (
        added['port_id'], 'network:router_interface', network['id'],
        [{'subnet_id': subnet['id'], 'ip_address': subnet['gateway_ip']}])
    assert api.get('/ports/%s' % added['port_id']).json()['port'][
        'device_id'] == rid
    assert fault_type(stranger.get('/ports/%s' % added['port_id']),
                      404) == 'PortNotFound'
    assert fault_type(_interface(api, rid, 'add', port_id=added['port_id']),
                      409) == 'PortInUse'
    assert fault_type(api.put('/floatingips/%s' % fip['id'], json={
        'floatingip': {'port_id': added['port_id']}}), 400) == \
        'BadRequest'
    resp = _interface(api, rid, 'add', subnet_id=subnet['id'])
    assert fault_type(resp, 400) == 'BadRequest'
    assert 'Router already has a port on subnet' in resp.json()[
        'NeutronError']['message']
    # The data plane source-NATs the subnet to the gateway address.
    _wait_for_step(cloud, server_id, lambda s: s['step'] == 'nft' and (
        'snat to %s' % gateway_ip) in s['args']['script'])

    resp = api.put('/floatingips/%s' % fip['id'], json={'floatingip': {
        'port_id': port['id']}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['floatingip']['router_id'] == rid
    assert api.get('/floatingips/%s' % fip['id']).json()['floatingip'][
        'router_id'] == rid
    # What the floating IP needs stays.
    assert fault_type(_interface(api, rid, 'remove', subnet_id=subnet['id']),
                      409) == 'RouterInterfaceInUseByFloatingIP'
    assert fault_type(api.put('/routers/%s' % rid, json={'router': {
        'external_gateway_info': {}}}), 409) == \
        'RouterExternalGatewayInUseByFloatingIp'
    assert fault_type(api.delete('/subnets/%s' % subnet['id']), 409) == \
        'SubnetInUse'
    assert fault_type(api.delete('/routers/%s' % rid), 409) == \
        'RouterInUse'
    assert api.delete('/floatingips/%s' % fip['id']).status_code == 204
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)

    # A router interface alone keeps its subnet and network.
    assert fault_type(api.delete('/subnets/%s' % subnet['id']), 409) == \
        'SubnetInUse'
    assert fault_type(api.delete('/networks/%s' % network['id']), 409) == \
        'NetworkInUse'
    resp = _interface(api, rid, 'remove', subnet_id=subnet['id'])
    assert resp.status_code == 200, resp.text
    assert resp.json()['port_id'] == added['port_id']
    assert fault_type(_interface(api, rid, 'remove', subnet_id=subnet['id']),
                      404) == 'RouterInterfaceNotFoundForSubnet'
    assert fault_type(_interface(api, rid, 'remove',
                                 port_id=added['port_id']), 404) == \
        'RouterInterfaceNotFound'
    resp = api.put('/routers/%s' % rid, json={'router': {
        'external_gateway_info': None, 'name': 'edge2'}})
    assert resp.status_code == 200, resp.text
    assert (resp.json()['router']['external_gateway_info'],
            resp.json()['router']['name']) == (None, 'edge2')
    assert api.delete('/routers/%s' % rid).status_code == 204
    assert fault_type(api.get('/routers/%s' % rid), 404) == 'RouterNotFound'
    assert api.delete('/subnets/%s' % subnet['id']).status_code == 204
    assert api.delete('/networks/%s' % network['id']).status_code == 204


def test_external_ports_and_gateway_with_a_fixed_ip(cloud):
    """A port on an external network takes its address out of the pool
    floating IPs and router gateways share; a router's gateway can ask
    for an address (external_fixed_ips), which a port holding it
    refuses, and which comes back to the pool with the router."""
    admin = neutron(cloud)
    external = created(admin.post('/networks', json={'network': {
        'name': project('ext'), 'router:external': True}}), 'network')
    cidr = '10.%d.%d.0/28' % (random.randint(100, 250),
                              random.randint(0, 255))
    subnet = created(admin.post('/subnets', json={'subnet': {
        'network_id': external['id'], 'ip_version': 4, 'cidr': cidr,
        'enable_dhcp': False}}), 'subnet')
    port = created(admin.post('/ports', json={'port': {
        'network_id': external['id']}}), 'port')
    [fixed] = port['fixed_ips']
    assert fixed['subnet_id'] == subnet['id']
    address = fixed['ip_address']
    # Held by the port: a gateway does not get it.
    gateway = {'network_id': external['id'], 'external_fixed_ips': [
        {'subnet_id': subnet['id'], 'ip_address': address}]}
    assert fault_type(admin.post('/routers', json={'router': {
        'external_gateway_info': gateway}}), 409) == \
        'IpAddressAlreadyAllocated'
    # A second port asking for it is refused too.
    assert fault_type(admin.post('/ports', json={'port': {
        'network_id': external['id'], 'fixed_ips': [
            {'ip_address': address}]}}), 409) == 'IpAddressAlreadyAllocated'
    # Freed by the port's delete, the router gets it.
    assert admin.delete('/ports/%s' % port['id']).status_code == 204
    router = created(admin.post('/routers', json={'router': {
        'name': 'fixed-gw', 'external_gateway_info': gateway}}), 'router')
    assert router['external_gateway_info']['external_fixed_ips'] == [
        {'subnet_id': subnet['id'], 'ip_address': address}]
    [gateway_port] = admin.get('/ports', params={
        'device_id': router['id'],
        'device_owner': 'network:router_gateway'}).json()['ports']
    assert gateway_port['fixed_ips'][0]['ip_address'] == address
    # ... and a port now asks for it in vain.
    assert fault_type(admin.post('/ports', json={'port': {
        'network_id': external['id'], 'fixed_ips': [
            {'ip_address': address}]}}), 409) == 'IpAddressAlreadyAllocated'
    # Moved to another address of the network, the gateway gives it back.
    other = str(ipaddress.ip_network(cidr)[5])
    if other == address:
        other = str(ipaddress.ip_network(cidr)[6])
    moved = admin.put('/routers/%s' % router['id'], json={'router': {
        'external_gateway_info': {
            'network_id': external['id'], 'external_fixed_ips': [
                {'ip_address': other}]}}})
    assert moved.status_code == 200, moved.text
    assert moved.json()['router']['external_gateway_info'][
        'external_fixed_ips'][0]['ip_address'] == other
    again = created(admin.post('/ports', json={'port': {
        'network_id': external['id'], 'fixed_ips': [
            {'ip_address': address}]}}), 'port')
    # Ports and the router go; every address is back in the pool.
    assert admin.delete('/ports/%s' % again['id']).status_code == 204
    assert admin.delete('/routers/%s' % router['id']).status_code == 204
    assert admin.delete('/networks/%s' % external['id']).status_code == 204


def test_router_quota(cloud):
    owner = project('rtr-quota')
    api = neutron(cloud, 'u:%s' % owner)
    admin = neutron(cloud)
    assert api.get('/quotas/%s' % owner).json()['quota']['router'] == 10
    resp = admin.put('/quotas/%s' % owner, json={'quota': {'router': 1}})
    assert resp.status_code == 200, resp.text
    first = created(api.post('/routers', json={'router': {}}), 'router')
    assert fault_type(api.post('/routers', json={'router': {}}), 409) == \
        'OverQuota'
    details = api.get('/quotas/%s/details' % owner).json()['quota']
    assert details['router'] == {'limit': 1, 'used': 1, 'reserved': 0}
    api.delete('/routers/%s' % first['id'])
    assert admin.delete('/quotas/%s' % owner).status_code == 204


def test_openstack_cli_router_and_floating_ip(aio):
    """As a new user would: a network of one's own joined to public by a
    router, then a floating IP on a server of it (the CLI is slow to
    start: checks and clean-up go over HTTP)."""
    from tests.functional.test_clients import openstack
    admin = neutron(aio)
    openstack(aio, 'network', 'create', 'cli-net')
    openstack(aio, 'subnet', 'create', '--network', 'cli-net',
              '--subnet-range', '10.199.%d.0/24' % random.randint(0, 255),
              'cli-subnet')
    router = openstack(aio, 'router', 'create', 'cli-router')
    assert router['name'] == 'cli-router'
    openstack(aio, 'router', 'set', '--external-gateway', 'public',
              'cli-router', output=False)
    openstack(aio, 'router', 'add', 'subnet', 'cli-router', 'cli-subnet',
              output=False)
    shown = openstack(aio, 'router', 'show', 'cli-router')
    gateway = shown['external_gateway_info']
    assert gateway['external_fixed_ips'][0]['ip_address'].startswith(
        '172.24.4.')
    [subnet] = admin.get('/subnets', params={'name': 'cli-subnet'}).json()[
        'subnets']
    assert [i['subnet_id'] for i in shown['interfaces_info']] == [
        subnet['id']]
    server = openstack(aio, 'server', 'create', '--flavor', 'm1.tiny',
                       '--image', 'cirros', '--network', 'cli-net',
                       '--wait', 'cli-routed')
    fip = openstack(aio, 'floating', 'ip', 'create', 'public')
    openstack(aio, 'server', 'add', 'floating', 'ip', server['id'],
              fip['floating_ip_address'], output=False)
    shown = admin.get('/floatingips/%s' % fip['id']).json()['floatingip']
    assert (shown['router_id'], shown['status']) == (router['id'],
                                                     'ACTIVE')
    aio.api.delete('/servers/%s' % server['id'])
    aio.api.wait_for_deletion(server['id'])
    assert admin.delete('/floatingips/%s' % fip['id']).status_code == 204
    assert _interface(admin, router['id'], 'remove',
                      subnet_id=subnet['id']).status_code == 200
    assert admin.delete('/routers/%s' % router['id']).status_code == 204
    # The next tests' servers boot on the default network alone.
    assert admin.delete('/networks/%s' % subnet['network_id']
                        ).status_code == 204
