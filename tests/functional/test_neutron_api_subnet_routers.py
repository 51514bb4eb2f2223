"""A router joins subnets, not networks (Neutron's add_router_interface
takes a subnet): over HTTP, one network with two subnets, router A on
the first and the second on no router, then on router B. The data
plane (the fake plumbing's record) source-NATs and floats each server
through its own subnet's router, and a floating IP refuses the port of
the subnet no router joins to its network (the Neutron API and the
Compute API's addFloatingIp alike)."""

import random
import time

from nova.network import firewall
from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project
from tests.functional.test_networking import _plumbing
from tests.functional.test_networking import _wait_for_step
from tests.functional.test_neutron_api_routers import _interface
from tests.functional.test_neutron_api_routers import _public


def _cidrs():
    """Two /24s no other test's network is likely to hold."""
    first = random.randint(100, 249)
    third = random.randint(0, 255)
    return ['10.%d.%d.0/24' % (first + i, third) for i in (0, 1)]


def _router(api, public):
    router = created(api.post('/routers', json={'router': {
        'name': 'per-subnet', 'external_gateway_info': {
            'network_id': public['id']}}}), 'router')
    [gateway_ip] = [f['ip_address'] for f in router[
        'external_gateway_info']['external_fixed_ips']]
    return router['id'], gateway_ip


def _boot_on(cloud, owner, api, network, subnet):
    """A server with one port, whose address is of subnet."""
    port = created(api.post('/ports', json={'port': {
        'network_id': network['id'],
        'fixed_ips': [{'subnet_id': subnet['id']}]}}), 'port')
    compute = cloud.api.as_user('u:%s' % owner)
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'per-subnet', 'imageRef': image, 'flavorRef': '1',
        'networks': [{'port': port['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    compute.wait_for_status(server_id, 'ACTIVE')
    return compute, server_id, port


def _nat(step, *needles):
    return step['step'] == 'nft' and all(
        n in step['args']['script'] for n in needles)


def _since(cloud, server):
    """How many steps of the server's the record holds: what comes
    after is the answer to what the test does next."""
    return len(_plumbing(cloud, server))


def _wait_after(cloud, server, since, predicate, timeout=30):
    """Wait for a step of the server's after the first since."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if any(predicate(s) for s in _plumbing(cloud, server)[since:]):
            return
        time.sleep(0.1)
    raise AssertionError('no such plumbing step for %s: %s' % (
        server, _plumbing(cloud, server)[since:][-5:]))


def _associate(api, fip, port):
    return api.put('/floatingips/%s' % fip['id'], json={'floatingip': {
        'port_id': port['id']}})


def test_each_subnet_leaves_by_its_own_router(cloud):
    owner = project('subrtr')
    api = neutron(cloud, 'u:%s' % owner)
    public = _public(api)
    network = created(api.post('/networks', json={'network': {
        'name': 'two-routers'}}), 'network')
    cidr1, cidr2 = _cidrs()
    subnet1, subnet2 = [created(api.post('/subnets', json={'subnet': {
        'network_id': network['id'], 'ip_version': 4, 'cidr': c}}),
        'subnet') for c in (cidr1, cidr2)]
    router_a, gateway_a = _router(api, public)
    resp = _interface(api, router_a, 'add', subnet_id=subnet1['id'])
    assert resp.status_code == 200, resp.text

    compute, server1, port1 = _boot_on(cloud, owner, api, network, subnet1)
    _c, server2, port2 = _boot_on(cloud, owner, api, network, subnet2)
    fixed1 = port1['fixed_ips'][0]['ip_address']
    fixed2 = port2['fixed_ips'][0]['ip_address']
    # Subnet 1 leaves as router A's gateway address; subnet 2, on no
    # router, reaches nothing beyond itself (and the metadata service),
    # whichever of the two servers plugged the network.
    for server in (server1, server2):
        _wait_for_step(cloud, server, lambda s: _nat(
            s, 'ip saddr %s ip daddr != { %s } snat to %s' % (
                cidr1, cidr1, gateway_a),
            'ip saddr %s ip daddr != {' % cidr2) and (
            '%s } drop' % cidr2) in s['args']['script'])
        _wait_for_step(cloud, server, lambda s: s['step'] == 'bind_address'
                       and s['args']['address'] == gateway_a)

    # A floating IP reaches the port of subnet 1 only.
    fip1, fip2 = [created(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id']}}), 'floatingip')
        for _i in (1, 2)]
    resp = _associate(api, fip2, port2)
    assert fault_type(resp, 404) == 'ExternalGatewayForFloatingIPNotFound'
    assert resp.json()['NeutronError']['message'] == (
        'External network %s is not reachable from subnet %s.  Therefore, '
        'cannot associate Port %s with a Floating IP.' % (
            public['id'], subnet2['id'], port2['id']))
    # The Compute API's addFloatingIp refuses it too, with Neutron's
    # message (as the Neutron backend).
    old = cloud.api.as_user('u:%s' % owner, version='2.43')
    resp = old.post('/servers/%s/action' % server2, json={
        'addFloatingIp': {'address': fip2['floating_ip_address']}})
    assert resp.status_code == 400, resp.text
    assert 'External network %s is not reachable from subnet %s.' % (
        public['id'], subnet2['id']) in resp.json()['badRequest']['message']
    resp = _associate(api, fip1, port1)
    assert resp.status_code == 200, resp.text
    assert resp.json()['floatingip']['router_id'] == router_a
    _wait_for_step(cloud, server1, lambda s: _nat(
        s, 'ip daddr %s dnat to %s' % (fip1['floating_ip_address'],
                                       fixed1)))

    # Subnet 2 on router B: its servers are re-plugged, it leaves as B's
    # gateway address while subnet 1 stays A's, and takes floating IPs.
    router_b, gateway_b = _router(api, public)
    since = {s: _since(cloud, s) for s in (server1, server2)}
    resp = _interface(api, router_b, 'add', subnet_id=subnet2['id'])
    assert resp.status_code == 200, resp.text
    for server in (server1, server2):
        _wait_after(cloud, server, since[server], lambda s: _nat(
            s, 'ip saddr %s ip daddr != { %s } snat to %s' % (
                cidr1, cidr1, gateway_a),
            'ip saddr %s ip daddr != { %s } snat to %s' % (
                cidr2, cidr2, gateway_b)))
    _wait_after(cloud, server2, since[server2], lambda s: s[
        'step'] == 'bind_address' and s['args']['address'] == gateway_b)
    resp = _associate(api, fip2, port2)
    assert resp.status_code == 200, resp.text
    assert resp.json()['floatingip']['router_id'] == router_b
    _wait_for_step(cloud, server2, lambda s: _nat(
        s, 'ip daddr %s dnat to %s' % (fip2['floating_ip_address'],
                                       fixed2)))

    # Router B down: subnet 2 stops leaving (its floating IP too), not 1.
    since = _since(cloud, server2)
    resp = api.put('/routers/%s' % router_b, json={'router': {
        'admin_state_up': False}})
    assert resp.status_code == 200, resp.text
    _wait_after(cloud, server2, since, lambda s: _nat(
        s, 'snat to %s' % gateway_a, '%s } drop' % cidr2))
    _wait_after(cloud, server2, since, lambda s: _nat(
        s, 'delete table ip %s' % firewall.floating_table(server2)))
    assert not any(s['step'] == 'bind_address' and s['args'][
        'address'] == fip2['floating_ip_address'] for s in _plumbing(
            cloud, server2)[since:])

    for fip in (fip1, fip2):
        assert api.delete('/floatingips/%s' % fip['id']).status_code == 204
    for server in (server1, server2):
        compute.delete('/servers/%s' % server)
        compute.wait_for_deletion(server)
    for router, subnet in ((router_a, subnet1), (router_b, subnet2)):
        assert _interface(api, router, 'remove',
                          subnet_id=subnet['id']).status_code == 200
        assert api.delete('/routers/%s' % router).status_code == 204
    for port in (port1, port2):
        api.delete('/ports/%s' % port['id'])
    assert api.delete('/networks/%s' % network['id']).status_code == 204
