"""Router ports and floating IPs of ports on no server, over HTTP: the
gateway port a router's external gateway makes, a router interface added
by port_id (the port becomes the router's and goes with the interface),
floating IPs routed to a port on no server, an unnamed external network
handing out floating IPs and deleted with unassociated ones, a port
refused an allocated floating address, and the (empty) agents list."""

import random

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project


def _public(api):
    [public] = api.get('/networks', params={'name': 'public'}).json()[
        'networks']
    return public


def _cidr():
    # A /24 no other test's network is likely to hold.
    return '10.%d.%d.0/24' % (random.randint(100, 250),
                              random.randint(0, 255))


def _network_with_subnet(api, name):
    network = created(api.post('/networks', json={'network': {
        'name': name}}), 'network')
    subnet = created(api.post('/subnets', json={'subnet': {
        'network_id': network['id'], 'ip_version': 4, 'cidr': _cidr()}}),
        'subnet')
    return network, subnet


def _interface(api, router_id, action, **values):
    return api.put('/routers/%s/%s_router_interface' % (router_id, action),
                   json=values)


def test_router_gateway_is_a_port_of_the_external_network(cloud):
    owner = project('gwport')
    api = neutron(cloud, 'u:%s' % owner)
    admin = neutron(cloud)
    public = _public(admin)
    router = created(api.post('/routers', json={'router': {
        'name': 'gw', 'external_gateway_info': {
            'network_id': public['id']}}}), 'router')
    [fixed] = router['external_gateway_info']['external_fixed_ips']
    query = {'network_id': public['id'], 'device_id': router['id'],
             'device_owner': 'network:router_gateway'}
    [port] = admin.get('/ports', params=query).json()['ports']
    assert (port['fixed_ips'], port['project_id'], port['status']) == (
        [fixed], '', 'ACTIVE')
    assert admin.get('/ports/%s' % port['id']).json()['port'][
        'device_id'] == router['id']
    # Of no project: the router's owner does not see it.
    assert api.get('/ports', params=query).json()['ports'] == []
    # It goes with the gateway, not through the port API.
    assert fault_type(admin.delete('/ports/%s' % port['id']), 409) == \
        'ServicePortInUse'
    resp = api.put('/routers/%s' % router['id'], json={'router': {
        'external_gateway_info': {}}})
    assert resp.status_code == 200, resp.text
    assert admin.get('/ports', params=query).json()['ports'] == []
    assert fault_type(admin.get('/ports/%s' % port['id']), 404) == \
        'PortNotFound'
    assert api.delete('/routers/%s' % router['id']).status_code == 204


def test_router_interface_added_by_port(cloud):
    owner = project('ifport')
    api = neutron(cloud, 'u:%s' % owner)
    network, subnet = _network_with_subnet(api, 'ifport')
    router = created(api.post('/routers', json={'router': {
        'name': 'ifport'}}), 'router')
    port = created(api.post('/ports', json={'port': {
        'network_id': network['id']}}), 'port')
    [fixed] = port['fixed_ips']
    assert fixed['ip_address'] != subnet['gateway_ip']
    resp = _interface(api, router['id'], 'add', port_id=port['id'])
    assert resp.status_code == 200, resp.text
    added = resp.json()
    assert (added['port_id'], added['subnet_id'], added['network_id']) == (
        port['id'], subnet['id'], network['id'])
    # The port is the router's now, listed once.
    [shown] = api.get('/ports', params={'device_id': router['id']}).json()[
        'ports']
    assert (shown['id'], shown['device_owner'], shown['fixed_ips']) == (
        port['id'], 'network:router_interface', [fixed])
    assert [p['id'] for p in api.get('/ports', params={
        'network_id': network['id']}).json()['ports']] == [port['id']]
    # Taken: not by another router, nor the subnet twice.
    other = created(api.post('/routers', json={'router': {
        'name': 'other'}}), 'router')
    assert fault_type(_interface(api, other['id'], 'add',
                                 port_id=port['id']), 409) == 'PortInUse'
    resp = _interface(api, router['id'], 'add', subnet_id=subnet['id'])
    assert fault_type(resp, 400) == 'BadRequest'
    assert fault_type(api.delete('/ports/%s' % port['id']), 409) == \
        'ServicePortInUse'
    assert fault_type(api.delete('/networks/%s' % network['id']), 409) in (
        'NetworkInUse', 'NetworkPortsInUse')
    # A port with no address cannot be an interface.
    bare = created(api.post('/ports', json={'port': {
        'network_id': network['id'], 'fixed_ips': []}}), 'port')
    resp = _interface(api, other['id'], 'add', port_id=bare['id'])
    assert fault_type(resp, 400) == 'BadRequest'
    assert 'at least one fixed IP' in resp.json()['NeutronError'][
        'message']
    # Removing the interface takes its port with it.
    resp = _interface(api, router['id'], 'remove', port_id=port['id'])
    assert resp.status_code == 200, resp.text
    assert resp.json()['port_id'] == port['id']
    assert fault_type(api.get('/ports/%s' % port['id']), 404) == \
        'PortNotFound'
    assert fault_type(_interface(api, router['id'], 'remove',
                                 port_id=port['id']), 404) == \
        'RouterInterfaceNotFound'
    # The address is free again.
    again = created(api.post('/ports', json={'port': {
        'network_id': network['id'], 'fixed_ips': [
            {'ip_address': fixed['ip_address']}]}}), 'port')
    for each in (again, bare):
        assert api.delete('/ports/%s' % each['id']).status_code == 204
    for each in (router, other):
        assert api.delete('/routers/%s' % each['id']).status_code == 204
    assert api.delete('/networks/%s' % network['id']).status_code == 204


def test_floating_ip_of_a_port_on_no_server(cloud):
    owner = project('fipport')
    api = neutron(cloud, 'u:%s' % owner)
    public = _public(api)
    network, subnet = _network_with_subnet(api, 'fipport')
    port = created(api.post('/ports', json={'port': {
        'network_id': network['id']}}), 'port')
    [fixed] = port['fixed_ips']
    # No router joins the subnet to public yet: unreachable.
    assert fault_type(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id'], 'port_id': port['id']}}),
        404) == 'ExternalGatewayForFloatingIPNotFound'
    assert api.get('/floatingips').json()['floatingips'] == []
    fip = created(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id']}}), 'floatingip')
    assert fault_type(api.put('/floatingips/%s' % fip['id'], json={
        'floatingip': {'port_id': port['id']}}), 404) == \
        'ExternalGatewayForFloatingIPNotFound'
    router = created(api.post('/routers', json={'router': {
        'name': 'fipport', 'external_gateway_info': {
            'network_id': public['id']}}}), 'router')
    assert _interface(api, router['id'], 'add',
                      subnet_id=subnet['id']).status_code == 200
    resp = api.put('/floatingips/%s' % fip['id'], json={
        'floatingip': {'port_id': port['id']}})
    assert resp.status_code == 200, resp.text
    associated = resp.json()['floatingip']
    assert (associated['port_id'], associated['fixed_ip_address'],
            associated['router_id'], associated['status']) == (
        port['id'], fixed['ip_address'], router['id'], 'ACTIVE')
    listed = api.get('/floatingips', params={'port_id': port['id']}).json()
    assert [f['id'] for f in listed['floatingips']] == [fip['id']]
    # Created with its port at once too.
    second = created(api.post('/ports', json={'port': {
        'network_id': network['id']}}), 'port')
    direct = created(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id'], 'port_id': second['id']}}),
        'floatingip')
    assert (direct['port_id'], direct['status']) == (second['id'],
                                                     'ACTIVE')
    # A router's own port takes no floating IP.
    [router_port] = api.get('/ports', params={
        'device_id': router['id'],
        'device_owner': 'network:router_interface'}).json()['ports']
    assert fault_type(api.put('/floatingips/%s' % direct['id'], json={
        'floatingip': {'port_id': router_port['id']}}), 400) == \
        'BadRequest'
    resp = api.put('/floatingips/%s' % fip['id'], json={
        'floatingip': {'port_id': None}})
    assert resp.status_code == 200, resp.text
    assert (resp.json()['floatingip']['port_id'],
            resp.json()['floatingip']['status']) == (None, 'DOWN')
    for each in (fip, direct):
        assert api.delete('/floatingips/%s' % each['id']).status_code == \
            204
    for each in (port, second):
        assert api.delete('/ports/%s' % each['id']).status_code == 204
    assert _interface(api, router['id'], 'remove',
                      subnet_id=subnet['id']).status_code == 200
    assert api.delete('/routers/%s' % router['id']).status_code == 204
    assert api.delete('/networks/%s' % network['id']).status_code == 204


def test_unnamed_external_network_floating_ips(cloud):
    admin = neutron(cloud)
    network = created(admin.post('/networks', json={'network': {
        'router:external': True}}), 'network')
    assert network['name'] == ''
    cidr = '10.%d.%d.0/28' % (random.randint(100, 250),
                              random.randint(0, 255))
    created(admin.post('/subnets', json={'subnet': {
        'network_id': network['id'], 'ip_version': 4, 'cidr': cidr,
        'enable_dhcp': False}}), 'subnet')
    fip = created(admin.post('/floatingips', json={'floatingip': {
        'floating_network_id': network['id']}}), 'floatingip')
    assert fip['floating_network_id'] == network['id']
    listed = admin.get('/floatingips', params={
        'floating_network_id': network['id']}).json()['floatingips']
    assert [f['id'] for f in listed] == [fip['id']]
    # A port cannot take an address a floating IP holds.
    assert fault_type(admin.post('/ports', json={'port': {
        'network_id': network['id'], 'fixed_ips': [
            {'ip_address': fip['floating_ip_address']}]}}), 409) == \
        'IpAddressAlreadyAllocated'
    # Named later, its floating IPs stay its own.
    resp = admin.put('/networks/%s' % network['id'], json={'network': {
        'name': 'renamed-ext'}})
    assert resp.status_code == 200, resp.text
    again = created(admin.post('/floatingips', json={'floatingip': {
        'floating_network_id': network['id']}}), 'floatingip')
    assert admin.get('/floatingips/%s' % fip['id']).json()['floatingip'][
        'floating_network_id'] == network['id']
    # Unassociated floating IPs go with the network.
    assert admin.delete('/networks/%s' % network['id']).status_code == 204
    ids = {f['id'] for f in admin.get('/floatingips').json()[
        'floatingips']}
    assert not ids & {fip['id'], again['id']}
    assert fault_type(admin.get('/floatingips/%s' % fip['id']), 404) == \
        'FloatingIPNotFound'


def test_agents_list_is_empty(cloud):
    for api in (neutron(cloud), neutron(cloud, 'u:%s' % project('agt'))):
        resp = api.get('/agents')
        assert resp.status_code == 200, resp.text
        assert resp.json() == {'agents': []}
    assert fault_type(neutron(cloud).get(
        '/agents/0b7e3b1c-1f5c-4a7e-9d62-5a0e4b7f8c11'), 404) == \
        'AgentNotFound'


def test_router_interface_port_is_up_and_follows_the_router(cloud):
    owner = project('ifup')
    api = neutron(cloud, 'u:%s' % owner)
    network, subnet = _network_with_subnet(api, 'ifup')
    # Tempest's routers are administratively down: their ports are up.
    router = created(api.post('/routers', json={'router': {
        'name': 'ifup', 'admin_state_up': False}}), 'router')
    added = _interface(api, router['id'], 'add',
                       subnet_id=subnet['id']).json()
    port = api.get('/ports/%s' % added['port_id']).json()['port']
    assert (port['status'], port['device_owner']) == (
        'ACTIVE', 'network:router_interface')
    # Restating its address is fine; changing it is the router's.
    resp = api.put('/ports/%s' % port['id'], json={'port': {
        'fixed_ips': [{'subnet_id': subnet['id']}]}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['port']['fixed_ips'] == port['fixed_ips']
    assert fault_type(api.put('/ports/%s' % port['id'], json={'port': {
        'fixed_ips': []}}), 409) == 'RouterPortUnchangeable'
    assert fault_type(api.put('/ports/%s' % port['id'], json={'port': {
        'name': 'mine'}}), 409) == 'RouterPortUnchangeable'
    assert _interface(api, router['id'], 'remove',
                      subnet_id=subnet['id']).status_code == 200
    assert api.delete('/routers/%s' % router['id']).status_code == 204
    assert api.delete('/networks/%s' % network['id']).status_code == 204
