"""Ports (servers' interfaces) and floating IPs of the Neutron API over
HTTP: the external network `public` seeded at first start, create,
associate to a server's port, disassociate, delete, project scoping,
the quota under 30 parallel creates, a given address (floating_ip_address,
subnet_id), and the openstack CLI."""

import concurrent.futures

from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project


def _public(api):
    [public] = api.get('/networks', params={'name': 'public'}).json()[
        'networks']
    return public


def _boot(compute, name):
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    return compute.wait_for_status(server_id, 'ACTIVE')


def _addresses(compute, server_id, kind):
    server = compute.get('/servers/%s' % server_id).json()['server']
    return [a['addr'] for addrs in server['addresses'].values()
            for a in addrs if a['OS-EXT-IPS:type'] == kind]


def test_ports_and_floating_ips_of_a_server(cloud):
    owner = project('fip')
    api = neutron(cloud, 'u:%s' % owner)
    admin = neutron(cloud)
    compute = cloud.api.as_user('u:%s' % owner)
    public = _public(api)
    assert (public['router:external'], public['shared']) == (True, False)
    [subnet] = public['subnets']
    assert api.get('/subnets/%s' % subnet).json()['subnet']['cidr'] == \
        '172.24.4.0/24'
    server = _boot(compute, 'fip-target')
    # The server's interface is its port.
    [port] = api.get('/ports', params={'device_id': server['id']}).json()[
        'ports']
    [fixed] = _addresses(compute, server['id'], 'fixed')
    assert port['fixed_ips'][0]['ip_address'] == fixed
    assert port['device_owner'] == 'compute:nova'
    assert port['mac_address'] == server['addresses']['private'][0][
        'OS-EXT-IPS-MAC:mac_addr']
    assert port['status'] == 'ACTIVE'
    assert 'binding:host_id' not in port
    assert len(port['security_groups']) == 1
    bound = admin.get('/ports/%s' % port['id']).json()['port']
    assert bound['binding:host_id'] == server['OS-EXT-SRV-ATTR:host'] \
        if 'OS-EXT-SRV-ATTR:host' in server else bound['binding:host_id']
    assert bound['binding:vif_type'] == 'bridge'
    by_ip = api.get('/ports', params={
        'fixed_ips': 'ip_address=%s' % fixed}).json()['ports']
    assert [p['id'] for p in by_ip] == [port['id']]
    # Create, associate, disassociate, delete.
    fip = created(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id']}}), 'floatingip')
    assert (fip['status'], fip['port_id'], fip['project_id']) == (
        'DOWN', None, owner)
    resp = api.put('/floatingips/%s' % fip['id'], json={'floatingip': {
        'port_id': port['id']}})
    assert resp.status_code == 200, resp.text
    assert (resp.json()['floatingip']['fixed_ip_address'],
            resp.json()['floatingip']['status']) == (fixed, 'ACTIVE')
    assert _addresses(compute, server['id'], 'floating') == [
        fip['floating_ip_address']]
    # The compute API's view of the same row.
    [legacy] = compute.get('/os-floating-ips').json()['floating_ips']
    assert (legacy['ip'], legacy['instance_id'], legacy['pool']) == (
        fip['floating_ip_address'], server['id'], 'public')
    resp = api.put('/floatingips/%s' % fip['id'], json={'floatingip': {
        'port_id': None}})
    assert resp.json()['floatingip']['port_id'] is None
    assert _addresses(compute, server['id'], 'floating') == []
    # Create associated at once.
    second = created(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id'], 'port_id': port['id']}}),
        'floatingip')
    assert second['fixed_ip_address'] == fixed
    # Scoping and bad requests.
    stranger = neutron(cloud, 'u:%s' % project('stranger'))
    assert fault_type(stranger.get('/floatingips/%s' % fip['id']), 404) == \
        'FloatingIPNotFound'
    assert fault_type(stranger.get('/ports/%s' % port['id']), 404) == \
        'PortNotFound'
    assert stranger.get('/floatingips').json()['floatingips'] == []
    mine = created(stranger.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id']}}), 'floatingip')
    assert fault_type(stranger.put('/floatingips/%s' % mine['id'], json={
        'floatingip': {'port_id': port['id']}}), 404) == 'PortNotFound'
    assert stranger.delete('/floatingips/%s' % mine['id']).status_code == \
        204
    [private] = api.get('/networks', params={'name': 'private'}).json()[
        'networks']
    assert fault_type(api.post('/floatingips', json={'floatingip': {
        'floating_network_id': private['id']}}), 400) == 'BadRequest'
    # Deleting the server frees the association.
    compute.delete('/servers/%s' % server['id'])
    compute.wait_for_deletion(server['id'])
    shown = api.get('/floatingips/%s' % second['id']).json()['floatingip']
    assert (shown['port_id'], shown['status']) == (None, 'DOWN')
    for floating in (fip, second):
        assert api.delete('/floatingips/%s' % floating['id']
                          ).status_code == 204
    assert api.get('/floatingips').json()['floatingips'] == []


def test_parallel_creates_stop_at_the_quota(cloud):
    """30 parallel creates within a quota of 10 give exactly 10."""
    owner = project('race')
    resp = cloud.api.put('/os-quota-sets/%s' % owner, json={
        'quota_set': {'floating_ips': 10}})
    assert resp.status_code == 200, resp.text
    api = neutron(cloud, 'u:%s' % owner)
    public = _public(api)

    def create(_):
        return api.post('/floatingips', json={'floatingip': {
            'floating_network_id': public['id']}})
    with concurrent.futures.ThreadPoolExecutor(30) as pool:
        results = list(pool.map(create, range(30)))
    codes = sorted(r.status_code for r in results)
    assert codes == [201] * 10 + [409] * 20, [r.text for r in results]
    assert {r.json()['NeutronError']['type'] for r in results
            if r.status_code == 409} == {'FloatingIpLimitExceeded'}
    listed = api.get('/floatingips').json()['floatingips']
    assert len(listed) == 10
    assert len({f['floating_ip_address'] for f in listed}) == 10
    for floating in listed:
        api.delete('/floatingips/%s' % floating['id'])


def _free_address(api, public, last_octet):
    """An address of public's pools that no floating IP has yet."""
    taken = {f['floating_ip_address'] for f in api.get(
        '/floatingips').json()['floatingips']}
    for octet in range(last_octet, 250):
        address = '172.24.4.%d' % octet
        if address not in taken:
            return address
    raise AssertionError('no free address in public')


def test_create_with_a_given_address(cloud):
    """floating_ip_address (and subnet_id) as Neutron takes them: an
    administrator's (a member is refused by policy before the address is
    looked at), once, from the external subnet's pools, and counted in
    the project's quota."""
    owner = project('fixed-fip')
    admin = neutron(cloud)
    member = neutron(cloud, 'u:%s' % owner)
    public = _public(admin)
    [subnet_id] = public['subnets']
    address = _free_address(admin, public, 200)

    def create(client, **values):
        return client.post('/floatingips', json={'floatingip': dict(
            {'floating_network_id': public['id']}, **values)})

    # A member may not choose the address (Neutron's policy default).
    for wanted in (address, '10.99.0.1'):
        resp = create(member, floating_ip_address=wanted)
        assert fault_type(resp, 403) == 'PolicyNotAuthorized'
        assert 'create_floatingip:floating_ip_address' in resp.json()[
            'NeutronError']['message']
    # An administrator gives it to the member's project.
    fip = created(create(admin, floating_ip_address=address,
                         project_id=owner), 'floatingip')
    assert (fip['floating_ip_address'], fip['project_id'],
            fip['status']) == (address, owner, 'DOWN')
    assert member.get('/floatingips/%s' % fip['id']).json()[
        'floatingip']['floating_ip_address'] == address
    # Once only.
    resp = create(admin, floating_ip_address=address)
    assert fault_type(resp, 409) == 'IpAddressAlreadyAllocated'
    assert resp.json()['NeutronError']['message'] == \
        'IP address %s already allocated in subnet %s' % (address,
                                                          subnet_id)
    # Nor the address of a router's gateway (the same pool).
    gateways = [ip['ip_address'] for r in admin.get('/routers').json()[
        'routers'] if r['external_gateway_info'] for ip in
        r['external_gateway_info']['external_fixed_ips']
        if r['external_gateway_info']['network_id'] == public['id']]
    assert gateways
    assert fault_type(create(admin, floating_ip_address=gateways[0]),
                      409) == 'IpAddressAlreadyAllocated'
    # Not the external subnet's, or not in its pools: 400.
    assert fault_type(create(admin, floating_ip_address='10.99.0.1'),
                      400) == 'InvalidIpForNetwork'
    for edge in ('172.24.4.0', '172.24.4.255'):
        assert fault_type(create(admin, floating_ip_address=edge),
                          400) == 'InvalidIpForNetwork'
    assert fault_type(create(admin, floating_ip_address='172.24.4.1'),
                      400) == 'BadRequest'
    assert fault_type(create(admin, floating_ip_address='not-an-ip'),
                      400) == 'InvalidInput'
    # subnet_id picks the subnet; the address must be on it.
    [private] = admin.get('/networks', params={'name': 'private'}).json()[
        'networks']
    assert fault_type(create(admin, subnet_id=private['subnets'][0]),
                      400) == 'InvalidInput'
    assert fault_type(create(
        admin, subnet_id='2b7c5cbb-7a53-4c4e-8a0a-7a1f43cbd9a1'),
        404) == 'SubnetNotFound'
    assert fault_type(create(admin, subnet_id=subnet_id,
                             floating_ip_address='10.99.0.1'),
                      400) == 'InvalidIpForSubnet'
    second_address = _free_address(admin, public, 201)
    second = created(create(admin, subnet_id=subnet_id,
                            floating_ip_address=second_address),
                     'floatingip')
    assert second['floating_ip_address'] == second_address
    by_subnet = created(create(admin, subnet_id=subnet_id), 'floatingip')
    assert by_subnet['floating_ip_address'].startswith('172.24.4.')
    for floating in (second, by_subnet):
        assert admin.delete('/floatingips/%s' % floating['id']
                            ).status_code == 204
    # The address is not updatable.
    resp = admin.put('/floatingips/%s' % fip['id'], json={'floatingip': {
        'floating_ip_address': second_address}})
    assert fault_type(resp, 400) == 'HTTPBadRequest'
    # The Compute API (before 2.36) shows the same floating IP.
    compute = cloud.api.as_user('u:%s' % owner, version='2.35')
    [legacy] = compute.get('/os-floating-ips').json()['floating_ips']
    assert (legacy['ip'], legacy['pool'], legacy['instance_id'],
            legacy['fixed_ip']) == (address, 'public', None, None)
    # It counts in the project's quota like any other.
    resp = cloud.api.put('/os-quota-sets/%s' % owner, json={
        'quota_set': {'floating_ips': 1}})
    assert resp.status_code == 200, resp.text
    used = admin.get('/quotas/%s/details' % owner).json()['quota'][
        'floatingip']
    assert (used['used'], used['limit']) == (1, 1)
    resp = create(admin, floating_ip_address=second_address,
                  project_id=owner)
    assert fault_type(resp, 409) == 'FloatingIpLimitExceeded'
    assert admin.get('/floatingips', params={
        'floating_ip_address': second_address}).json()['floatingips'] == []
    # Released, the address is anyone's again.
    assert member.delete('/floatingips/%s' % fip['id']).status_code == 204
    again = created(create(admin, floating_ip_address=address),
                    'floatingip')
    assert (again['floating_ip_address'], again['project_id']) == (
        address, 'admin')
    assert admin.delete('/floatingips/%s' % again['id']).status_code == 204


def test_openstack_cli_floating_ip_create_public(aio):
    from tests.functional.test_clients import openstack
    fip = openstack(aio, 'floating', 'ip', 'create', 'public')
    assert fip['floating_ip_address'].startswith('172.24.4.')
    listed = openstack(aio, 'floating', 'ip', 'list')
    assert [f['Floating IP Address'] for f in listed] == [
        fip['floating_ip_address']]
    openstack(aio, 'floating', 'ip', 'delete', fip['id'], output=False)
    assert openstack(aio, 'floating', 'ip', 'list') == []


def test_openstack_cli_floating_ip_create_with_an_address(aio):
    """`openstack floating ip create --floating-ip-address X public`: an
    administrator's; a member gets Neutron's policy refusal."""
    from tests.functional import osc
    from tests.functional import test_clients
    from tests.functional.test_clients import openstack
    address = _free_address(neutron(aio), None, 220)
    fip = openstack(aio, 'floating', 'ip', 'create', '--floating-ip-address',
                    address, 'public')
    assert fip['floating_ip_address'] == address
    env = test_clients._env(aio)
    env.update({'OS_AUTH_TYPE': 'admin_token',
                'OS_TOKEN': 'u:%s' % project('cli-member')})
    result = osc.run(['floating', 'ip', 'create', '--floating-ip-address',
                      _free_address(neutron(aio), None, 221), 'public'], env)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert 'ForbiddenException: 403' in result.stderr and \
        'create_floatingip:floating_ip_address' in result.stderr, \
        result.stderr
    openstack(aio, 'floating', 'ip', 'delete', fip['id'], output=False)
