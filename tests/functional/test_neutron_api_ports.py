"""Ports of the Neutron API over HTTP: create, update, delete with
Neutron's shapes and faults, project isolation, address collisions, the
port quota, 50 parallel creates on a /26, and Nova with ports (boot on
a port, os-interface attach and detach, server delete) seen from both
APIs; the openstack CLI's port commands."""

import concurrent.futures
import ipaddress
import random

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project


def _network(api, prefix=24, name='ports'):
    """A network with one IPv4 subnet of a free 172.16-23.x range."""
    net = created(api.post('/networks', json={'network': {'name': name}}),
                  'network')
    for _ in range(50):
        cidr = '172.%d.%d.0/%d' % (random.randint(16, 23),
                                   random.randint(0, 255), prefix)
        resp = api.post('/subnets', json={'subnet': {
            'network_id': net['id'], 'ip_version': 4, 'cidr': cidr}})
        if resp.status_code == 201:
            return net, resp.json()['subnet']
        assert fault_type(resp, 400) == 'InvalidNetwork'
    raise AssertionError('no free range for a subnet')


def _port(api, **attrs):
    return created(api.post('/ports', json={'port': attrs}), 'port')


def _boot(compute, name, networks):
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': '1',
        'networks': networks}})
    assert resp.status_code == 202, resp.text
    return compute.wait_for_status(resp.json()['server']['id'], 'ACTIVE')


def test_port_create_update_delete_and_isolation(cloud):
    owner = project('port')
    api = neutron(cloud, 'u:%s' % owner)
    admin = neutron(cloud)
    stranger = neutron(cloud, 'u:%s' % project('other'))
    net, subnet = _network(api)
    cidr = ipaddress.ip_network(subnet['cidr'])
    [default] = [g['id'] for g in api.get('/security-groups').json()[
        'security_groups'] if g['name'] == 'default']
    port = _port(api, network_id=net['id'], name='first')
    assert (port['status'], port['device_id'], port['device_owner'],
            port['name'], port['project_id'], port['admin_state_up'],
            port['port_security_enabled']) == (
        'DOWN', '', '', 'first', owner, True, True)
    [fixed] = port['fixed_ips']
    assert fixed['subnet_id'] == subnet['id']
    assert ipaddress.ip_address(fixed['ip_address']) in cidr
    assert port['security_groups'] == [default]
    assert port['mac_address'].startswith('fa:16:3e:')
    assert 'binding:host_id' not in port
    shown = admin.get('/ports/%s' % port['id']).json()['port']
    assert (shown['binding:host_id'], shown['binding:vif_type']) == (
        '', 'unbound')
    assert api.get('/ports/%s' % port['id']).json()['port'] == port
    # A chosen address and MAC; collisions are 409s.
    chosen = str(cidr.network_address + 77)
    second = _port(api, network_id=net['id'], mac_address='FA:16:3E:AA:BB:CC',
                   fixed_ips=[{'subnet_id': subnet['id'],
                               'ip_address': chosen}])
    assert second['fixed_ips'] == [{'subnet_id': subnet['id'],
                                    'ip_address': chosen}]
    assert second['mac_address'] == 'fa:16:3e:aa:bb:cc'
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [{'ip_address': chosen}]}}),
        409) == 'IpAddressAlreadyAllocated'
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'mac_address': 'fa:16:3e:aa:bb:cc'}}),
        409) == 'MacAddressInUse'
    # Bad input.
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'fixed_ips': [
            {'ip_address': '198.51.100.7'}]}}), 400) == \
        'InvalidIpForNetwork'
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'mac_address': 'not-a-mac'}}), 400) == \
        'InvalidInput'
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'port_security_enabled': False,
        'security_groups': [default]}}), 400) == \
        'PortSecurityAndIPRequiredForSecurityGroups'
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'binding:host_id': 'somewhere'}}),
        403) == 'PolicyNotAuthorized'
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id'], 'status': 'ACTIVE'}}), 400) == \
        'HTTPBadRequest'
    # Another project sees none of it.
    for resp in (stranger.get('/ports/%s' % port['id']),
                 stranger.put('/ports/%s' % port['id'], json={'port': {
                     'name': 'mine'}}),
                 stranger.delete('/ports/%s' % port['id'])):
        assert fault_type(resp, 404) == 'PortNotFound'
    assert port['id'] not in [p['id'] for p in stranger.get(
        '/ports').json()['ports']]
    assert fault_type(stranger.post('/ports', json={'port': {
        'network_id': net['id']}}), 404) == 'NetworkNotFound'
    # Update: name, addresses, pairs, port security.
    moved = str(cidr.network_address + 88)
    resp = api.put('/ports/%s' % port['id'], json={'port': {
        'name': 'renamed', 'fixed_ips': [{'ip_address': moved}],
        'allowed_address_pairs': [{'ip_address': '10.99.0.0/24'}]}})
    assert resp.status_code == 200, resp.text
    updated = resp.json()['port']
    assert (updated['name'], updated['fixed_ips']) == (
        'renamed', [{'subnet_id': subnet['id'], 'ip_address': moved}])
    assert updated['allowed_address_pairs'] == [
        {'ip_address': '10.99.0.0/24', 'mac_address': port['mac_address']}]
    # The subnet alone keeps the address the port has.
    resp = api.put('/ports/%s' % port['id'], json={'port': {
        'fixed_ips': [{'subnet_id': subnet['id']}]}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['port']['fixed_ips'] == updated['fixed_ips']
    # The old address is free again, the new one taken.
    again = _port(api, network_id=net['id'], fixed_ips=[
        {'ip_address': fixed['ip_address']}])
    assert fault_type(api.put('/ports/%s' % again['id'], json={'port': {
        'fixed_ips': [{'ip_address': moved}]}}), 409) == \
        'IpAddressAlreadyAllocated'
    assert fault_type(api.put('/ports/%s' % port['id'], json={'port': {
        'port_security_enabled': False}}), 400) == \
        'PortSecurityAndIPRequiredForSecurityGroups'
    resp = api.put('/ports/%s' % port['id'], json={'port': {
        'port_security_enabled': False, 'security_groups': [],
        'allowed_address_pairs': []}})
    assert resp.status_code == 200, resp.text
    assert (resp.json()['port']['port_security_enabled'],
            resp.json()['port']['security_groups']) == (False, [])
    assert fault_type(api.put('/ports/%s' % port['id'], json={'port': {
        'binding:host_id': 'elsewhere'}}), 403) == 'PolicyNotAuthorized'
    assert fault_type(api.put('/ports/%s' % port['id'], json={'port': {
        'mac_address': 'fa:16:3e:00:00:01'}}), 400) == 'HTTPBadRequest'
    listed = api.get('/ports', params={'network_id': net['id'],
                                       'fields': ['id', 'name']}).json()
    assert sorted(p['id'] for p in listed['ports']) == sorted(
        [port['id'], second['id'], again['id']])
    assert {p['name'] for p in listed['ports']} == {'renamed', ''}
    # A floating IP reaches a port only through a router.
    [public] = api.get('/networks', params={'name': 'public'}).json()[
        'networks']
    assert fault_type(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id'], 'port_id': second['id']}}),
        404) == 'ExternalGatewayForFloatingIPNotFound'
    assert api.get('/floatingips').json()['floatingips'] == []
    # The network keeps its ports: it cannot go before them.
    assert fault_type(api.delete('/networks/%s' % net['id']), 409) == \
        'NetworkInUse'
    for each in (port, second, again):
        assert api.delete('/ports/%s' % each['id']).status_code == 204
    assert fault_type(api.get('/ports/%s' % port['id']), 404) == \
        'PortNotFound'
    assert api.delete('/networks/%s' % net['id']).status_code == 204


def test_port_quota(cloud):
    owner = project('pquota')
    api = neutron(cloud, 'u:%s' % owner)
    admin = neutron(cloud)
    assert api.get('/quotas/%s' % owner).json()['quota']['port'] == 500
    resp = admin.put('/quotas/%s' % owner, json={'quota': {'port': 2}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['quota']['port'] == 2
    net, _subnet = _network(api, prefix=28)
    ports = [_port(api, network_id=net['id']) for _ in range(2)]
    assert fault_type(api.post('/ports', json={'port': {
        'network_id': net['id']}}), 409) == 'OverQuota'
    details = api.get('/quotas/%s/details' % owner).json()['quota']
    assert details['port'] == {'limit': 2, 'used': 2, 'reserved': 0}
    # The compute API's quota sets do not show the Neutron-only limit.
    quota_set = cloud.api.get('/os-quota-sets/%s' % owner).json()[
        'quota_set']
    assert 'port' not in quota_set and 'ports' not in quota_set
    for port in ports:
        api.delete('/ports/%s' % port['id'])
    # 20 parallel creates within a limit of 5 give exactly 5.
    admin.put('/quotas/%s' % owner, json={'quota': {'port': 5}})

    def create(_):
        return api.post('/ports', json={'port': {'network_id': net['id']}})
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = list(pool.map(create, range(20)))
    assert sorted(r.status_code for r in results) == \
        [201] * 5 + [409] * 15, [r.text for r in results]
    listed = api.get('/ports').json()['ports']
    assert len(listed) == 5
    for port in listed:
        api.delete('/ports/%s' % port['id'])
    assert admin.delete('/quotas/%s' % owner).status_code == 204
    api.delete('/networks/%s' % net['id'])


def test_parallel_creates_on_a_26_get_distinct_addresses(cloud):
    """50 parallel creates on a /26 get 50 distinct addresses; then the
    rest of the pool and 5 more in parallel: 5 clean 409s."""
    owner = project('prace')
    api = neutron(cloud, 'u:%s' % owner)
    net, subnet = _network(api, prefix=26)
    pool_size = sum(
        int(ipaddress.ip_address(p['end'])) -
        int(ipaddress.ip_address(p['start'])) + 1
        for p in subnet['allocation_pools'])

    def create(_):
        return api.post('/ports', json={'port': {'network_id': net['id']}})
    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        results = list(pool.map(create, range(50)))
    assert [r.status_code for r in results] == [201] * 50, [
        r.text for r in results if r.status_code != 201]
    addresses = [r.json()['port']['fixed_ips'][0]['ip_address']
                 for r in results]
    assert len(set(addresses)) == 50
    # The rest of the pool and 5 more, at once: exactly the rest fit.
    rest = pool_size - 50
    with concurrent.futures.ThreadPoolExecutor(rest + 5) as pool:
        results = list(pool.map(create, range(rest + 5)))
    assert sorted(r.status_code for r in results) == \
        [201] * rest + [409] * 5, [r.text for r in results]
    assert {r.json()['NeutronError']['type'] for r in results
            if r.status_code == 409} == {'IpAddressGenerationFailure'}
    listed = api.get('/ports', params={'network_id': net['id']}).json()[
        'ports']
    taken = [p['fixed_ips'][0]['ip_address'] for p in listed]
    assert len(taken) == len(set(taken)) == pool_size

    def delete(port):
        return api.delete('/ports/%s' % port['id']).status_code
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert set(pool.map(delete, listed)) == {204}
    assert api.delete('/networks/%s' % net['id']).status_code == 204


def _interfaces(compute, server_id):
    return compute.get('/servers/%s/os-interface' % server_id).json()[
        'interfaceAttachments']


def test_servers_on_ports(cloud):
    """A port passed at boot is the server's interface, and stays (off the
    server) when the server goes; os-interface attaches a port or a
    network and detaches them; the ports Nova made go with the server."""
    owner = project('pnova')
    api = neutron(cloud, 'u:%s' % owner)
    admin = neutron(cloud)
    compute = cloud.api.as_user('u:%s' % owner)
    net, subnet = _network(api, name='pnet')
    port = _port(api, network_id=net['id'], name='boot-port')
    address = port['fixed_ips'][0]['ip_address']
    server = _boot(compute, 'on-port', [{'port': port['id']}])
    bound = api.get('/ports/%s' % port['id']).json()['port']
    assert (bound['device_id'], bound['device_owner'], bound['status']) == (
        server['id'], 'compute:nova', 'ACTIVE')
    host = cloud.api.get('/servers/%s' % server['id']).json()['server'][
        'OS-EXT-SRV-ATTR:host']
    as_admin = admin.get('/ports/%s' % port['id']).json()['port']
    assert (as_admin['binding:host_id'], as_admin['binding:vif_type']) == (
        host, 'bridge')
    [addr] = server['addresses']['pnet']
    assert (addr['addr'], addr['OS-EXT-IPS-MAC:mac_addr']) == (
        address, port['mac_address'])
    assert [i['port_id'] for i in _interfaces(compute, server['id'])] == [
        port['id']]
    # A server's ports share its security groups: the port's are its.
    group = created(api.post('/security-groups', json={'security_group': {
        'name': 'pweb'}}), 'security_group')
    resp = api.put('/ports/%s' % port['id'], json={'port': {
        'security_groups': [group['id']]}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['port']['security_groups'] == [group['id']]
    assert [g['name'] for g in compute.get(
        '/servers/%s/os-security-groups' % server['id']).json()[
        'security_groups']] == ['pweb']
    # A port on a server is in use.
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'twice', 'imageRef': image, 'flavorRef': '1',
        'networks': [{'port': port['id']}]}})
    assert resp.status_code == 409, resp.text
    stranger = cloud.api.as_user('u:%s' % project('pstranger'))
    resp = stranger.post('/servers', json={'server': {
        'name': 'theirs', 'imageRef': image, 'flavorRef': '1',
        'networks': [{'port': port['id']}]}})
    assert resp.status_code == 400, resp.text
    # os-interface: attach a port, then a network.
    extra = _port(api, network_id=net['id'], name='extra')
    resp = compute.post('/servers/%s/os-interface' % server['id'], json={
        'interfaceAttachment': {'port_id': extra['id']}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['interfaceAttachment']['port_id'] == extra['id']
    assert api.get('/ports/%s' % extra['id']).json()['port'][
        'device_id'] == server['id']
    resp = compute.post('/servers/%s/os-interface' % server['id'], json={
        'interfaceAttachment': {'net_id': net['id']}})
    assert resp.status_code == 200, resp.text
    made = resp.json()['interfaceAttachment']['port_id']
    on_server = api.get('/ports', params={'device_id': server['id']}).json()[
        'ports']
    assert sorted(p['id'] for p in on_server) == sorted(
        [port['id'], extra['id'], made])
    # Detach: the user's port stays, off the server; Nova's goes.
    for port_id in (extra['id'], made):
        resp = compute.delete('/servers/%s/os-interface/%s' % (
            server['id'], port_id))
        assert resp.status_code == 202, resp.text
    kept = api.get('/ports/%s' % extra['id']).json()['port']
    assert (kept['device_id'], kept['device_owner'], kept['status']) == (
        '', '', 'DOWN')
    assert fault_type(api.get('/ports/%s' % made), 404) == 'PortNotFound'
    assert [i['port_id'] for i in _interfaces(compute, server['id'])] == [
        port['id']]
    # A server Nova gave a port: that port goes with the server.
    other = _boot(compute, 'nova-port', [{'uuid': net['id']}])
    [nova_port] = api.get('/ports', params={
        'device_id': other['id']}).json()['ports']
    for each in (server, other):
        assert compute.delete('/servers/%s' % each['id']).status_code == 204
        compute.wait_for_deletion(each['id'])
    after = api.get('/ports/%s' % port['id']).json()['port']
    assert (after['device_id'], after['device_owner'], after['status'],
            after['fixed_ips']) == ('', '', 'DOWN', port['fixed_ips'])
    assert fault_type(api.get('/ports/%s' % nova_port['id']), 404) == \
        'PortNotFound'
    # The kept port boots a new server.
    again = _boot(compute, 'again', [{'port': port['id']}])
    assert again['addresses']['pnet'][0]['addr'] == address
    compute.delete('/servers/%s' % again['id'])
    compute.wait_for_deletion(again['id'])
    for each in (port, extra):
        assert api.delete('/ports/%s' % each['id']).status_code == 204
    assert api.delete('/networks/%s' % net['id']).status_code == 204
    assert api.delete('/security-groups/%s' % group['id']).status_code == \
        204


def test_openstack_cli_ports(aio):
    """openstack port create, server create --nic port-id=, server add
    port and server remove port (state checked over HTTP: each CLI call
    costs seconds)."""
    from tests.functional.test_clients import openstack
    api = neutron(aio)
    net, _subnet = _network(api, name='cli-port-net')
    port = openstack(aio, 'port', 'create', '--network', net['id'],
                     'cli-port')
    assert port['network_id'] == net['id']
    server = openstack(aio, 'server', 'create', '--flavor', 'm1.tiny',
                       '--image', 'cirros', '--nic',
                       'port-id=%s' % port['id'], '--wait', 'cli-port-vm')
    assert server['status'] == 'ACTIVE'
    second = _port(api, network_id=net['id'], name='cli-port-2')

    def device(port_id):
        return api.get('/ports/%s' % port_id).json()['port']['device_id']
    assert device(port['id']) == server['id']
    openstack(aio, 'server', 'add', 'port', server['id'], second['id'],
              output=False)
    assert device(second['id']) == server['id']
    openstack(aio, 'server', 'remove', 'port', server['id'], second['id'],
              output=False)
    assert device(second['id']) == ''
    aio.api.delete('/servers/%s' % server['id'])
    aio.api.wait_for_deletion(server['id'])
    assert device(port['id']) == ''
    for each in (port, second):
        assert api.delete('/ports/%s' % each['id']).status_code == 204
    assert api.delete('/networks/%s' % net['id']).status_code == 204
