"""The Neutron v2.0 API over HTTP: version document, extensions,
availability zones, networks and subnets, with project scoping, admin-only
attributes, list queries, and the nova-network view of the same rows."""

import ipaddress
import uuid

from tests.functional.actions_helpers import seeded_image
from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project
from tests.functional.test_networking import _plumbing


def test_version_document_extensions_and_zones(aio):
    api = neutron(aio)
    import requests
    versions = requests.get(aio.network_endpoint + '/', timeout=30).json()
    [version] = versions['versions']
    assert (version['id'], version['status']) == ('v2.0', 'CURRENT')
    assert version['links'][0]['href'].endswith('/v2.0/')
    names = {r['collection'] for r in api.get('').json()['resources']}
    assert {'networks', 'subnets'} <= names
    aliases = {e['alias'] for e in api.get('/extensions').json()[
        'extensions']}
    assert {'external-net', 'provider', 'net-mtu', 'pagination',
            'sorting', 'network_availability_zone'} <= aliases
    assert api.get('/extensions/net-mtu').json()['extension'][
        'alias'] == 'net-mtu'
    assert fault_type(api.get('/extensions/dvr'), 404) == 'HTTPNotFound'
    zones = api.get('/availability_zones').json()['availability_zones']
    assert zones == [{'name': 'nova', 'resource': 'network',
                      'state': 'available'}]
    assert fault_type(api.get('/nothing-here'), 404) == 'HTTPNotFound'
    assert fault_type(api.request('PATCH', '/networks'), 405) == \
        'HTTPMethodNotAllowed'


def test_networks_are_scoped_to_their_project(cloud):
    """A project's network is invisible to another project, admins see
    every network and shared ones are visible to all; admin-only
    attributes are neither shown to nor settable by projects."""
    owner, other = project('own'), project('other')
    admin = neutron(cloud)
    api = neutron(cloud, 'u:%s' % owner)
    stranger = neutron(cloud, 'u:%s' % other)
    net = created(api.post('/networks', json={'network': {
        'name': 'mine', 'mtu': 1400, 'description': 'd'}}), 'network')
    assert (net['project_id'], net['tenant_id']) == (owner, owner)
    assert (net['shared'], net['router:external'], net['mtu'],
            net['status'], net['admin_state_up'], net['subnets']) == (
        False, False, 1400, 'ACTIVE', True, [])
    assert 'provider:network_type' not in net
    assert fault_type(stranger.get('/networks/%s' % net['id']), 404) == \
        'NetworkNotFound'
    assert net['id'] not in [n['id'] for n in stranger.get(
        '/networks').json()['networks']]
    assert fault_type(stranger.put('/networks/%s' % net['id'], json={
        'network': {'name': 'x'}}), 404) == 'NetworkNotFound'
    shown = admin.get('/networks/%s' % net['id']).json()['network']
    assert shown['provider:network_type'] == 'flat'
    for attribute in ('shared', 'router:external'):
        assert fault_type(api.post('/networks', json={'network': {
            'name': 'no', attribute: True}}), 403) == 'PolicyNotAuthorized'
    assert fault_type(api.post('/networks', json={'network': {
        'name': 'no', 'project_id': other}}), 403) == 'PolicyNotAuthorized'
    assert fault_type(api.post('/networks', json={'network': {
        'name': 'no', 'color': 'red'}}), 400) == 'HTTPBadRequest'
    assert fault_type(api.post('/networks', json={'network': {
        'mtu': 'big'}}), 400) == 'InvalidInput'
    shared = created(admin.post('/networks', json={'network': {
        'name': 'for-all', 'shared': True, 'provider:network_type': 'vlan',
        'provider:segmentation_id': 3000 + int(owner[-4:], 16) % 900}}),
        'network')
    assert shared['shared'] is True
    assert shared['provider:segmentation_id'] is not None
    seen = stranger.get('/networks/%s' % shared['id']).json()['network']
    assert seen['shared'] is True
    assert fault_type(stranger.delete('/networks/%s' % shared['id']),
                      403) == 'PolicyNotAuthorized'
    updated = api.put('/networks/%s' % net['id'], json={'network': {
        'name': 'renamed', 'admin_state_up': False}})
    assert updated.status_code == 200, updated.text
    assert (updated.json()['network']['name'],
            updated.json()['network']['status']) == ('renamed', 'DOWN')
    assert api.delete('/networks/%s' % net['id']).status_code == 204
    assert fault_type(api.get('/networks/%s' % net['id']), 404) == \
        'NetworkNotFound'
    assert admin.delete('/networks/%s' % shared['id']).status_code == 204


def test_list_filters_fields_sorting_and_pages(aio):
    owner = project('list')
    api = neutron(aio, 'u:%s' % owner)
    for name in ('c', 'a', 'b'):
        created(api.post('/networks', json={'network': {
            'name': name, 'admin_state_up': name != 'b'}}), 'network')
    own = {'project_id': owner}
    listed = api.get('/networks', params=dict(
        own, sort_key='name', sort_dir='desc', fields=['name', 'id'])
    ).json()['networks']
    assert [n['name'] for n in listed] == ['c', 'b', 'a']
    assert set(listed[0]) == {'name', 'id'}
    either = api.get('/networks', params=dict(own, name=['a', 'c'])).json()
    assert sorted(n['name'] for n in either['networks']) == ['a', 'c']
    down = api.get('/networks', params=dict(
        own, admin_state_up='False')).json()['networks']
    assert [n['name'] for n in down] == ['b']
    assert fault_type(api.get('/networks', params={'colour': 'red'}),
                      400) == 'HTTPBadRequest'
    assert fault_type(api.get('/networks', params={'sort_key': 'colour'}),
                      400) == 'HTTPBadRequest'
    page = api.get('/networks', params=dict(own, sort_key='name',
                                            sort_dir='asc', limit=2)).json()
    assert [n['name'] for n in page['networks']] == ['a', 'b']
    [following] = [link['href'] for link in page['networks_links']
                   if link['rel'] == 'next']
    rest = api.get(following).json()
    assert [n['name'] for n in rest['networks']] == ['c']
    assert [link['rel'] for link in rest['networks_links']] == ['previous']
    for net in api.get('/networks', params=own).json()['networks']:
        api.delete('/networks/%s' % net['id'])


def test_subnets_ipv4_and_ipv6_match_os_networks(cloud):
    """A network with one IPv4 and one IPv6 subnet made through the
    Neutron API is the os-networks network with cidr and cidr_v6; a
    server on it gets an address of the allocation pool; the subnet
    cannot go while the server holds it."""
    owner = project('sub')
    api = neutron(cloud, 'u:%s' % owner)
    compute = cloud.api.as_user('u:%s' % owner)
    net = created(api.post('/networks', json={'network': {'name': 'dual'}}),
                  'network')
    base = 100 + int(owner[-4:], 16) % 100
    cidr = '10.%d.0.0/24' % base
    v4 = created(api.post('/subnets', json={'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': cidr,
        'name': 'v4', 'allocation_pools': [
            {'start': '10.%d.0.50' % base, 'end': '10.%d.0.59' % base}],
        'dns_nameservers': ['192.0.2.53'], 'host_routes': [
            {'destination': '172.31.0.0/16',
             'nexthop': '10.%d.0.254' % base}]}}), 'subnet')
    assert (v4['gateway_ip'], v4['enable_dhcp'], v4['project_id']) == (
        '10.%d.0.1' % base, True, owner)
    assert v4['allocation_pools'] == [{'start': '10.%d.0.50' % base,
                                       'end': '10.%d.0.59' % base}]
    v6 = created(api.post('/subnets', json={'subnet': {
        'network_id': net['id'], 'ip_version': 6,
        'cidr': 'fd00:%x::/64' % base, 'name': 'v6'}}), 'subnet')
    assert v6['gateway_ip'] == 'fd00:%x::1' % base
    shown = api.get('/networks/%s' % net['id']).json()['network']
    assert sorted(shown['subnets']) == sorted([v4['id'], v6['id']])
    assert api.get('/subnets/%s' % v4['id']).json()['subnet'] == v4
    listed = api.get('/subnets', params={'network_id': net['id'],
                                         'ip_version': '6'}).json()
    assert [s['id'] for s in listed['subnets']] == [v6['id']]
    # The same row in the nova-network view.
    [row] = [n for n in compute.get('/os-tenant-networks').json()[
        'networks'] if n['id'] == net['id']]
    assert (row['label'], row['cidr']) == ('dual', cidr)
    legacy = cloud.api.get('/os-networks/%s' % net['id']).json()['network']
    assert (legacy['cidr_v6'], legacy['dns1'], legacy['project_id']) == (
        'fd00:%x::/64' % base, '192.0.2.53', owner)
    # Bad input (a second subnet of either version is fine: see
    # test_neutron_api_subnets_multi and test_neutron_api_ipv6_subnets).
    for bad in ({'cidr': '10.%d.1.1/24' % base, 'ip_version': 4},
                {'cidr': 'fd01::/64', 'ip_version': 4},
                {'cidr': 'fd01::1/64', 'ip_version': 6}):
        resp = api.post('/subnets', json={'subnet': dict(
            bad, network_id=net['id'])})
        assert fault_type(resp, 400) == 'InvalidInput', bad
    other = created(api.post('/networks', json={'network': {
        'name': 'overlapping'}}), 'network')
    assert fault_type(api.post('/subnets', json={'subnet': {
        'network_id': other['id'], 'ip_version': 4,
        'cidr': '10.%d.0.128/25' % base}}), 400) == 'InvalidNetwork'
    assert fault_type(api.post('/subnets', json={'subnet': {
        'network_id': other['id'], 'ip_version': 4,
        'cidr': '10.%d.3.0/24' % base, 'gateway_ip': '10.%d.3.9' % base,
        'allocation_pools': [{'start': '10.%d.3.2' % base,
                              'end': '10.%d.3.20' % base}]}}), 409) == \
        'GatewayConflictWithAllocationPools'
    stranger = neutron(cloud, 'u:%s' % project('stranger'))
    assert fault_type(stranger.get('/subnets/%s' % v4['id']), 404) == \
        'SubnetNotFound'
    assert fault_type(stranger.post('/subnets', json={'subnet': {
        'network_id': net['id'], 'ip_version': 4,
        'cidr': '10.%d.4.0/24' % base}}), 404) == 'NetworkNotFound'
    # A server on the network gets an address of the pool.
    image = compute.get('/images').json()['images'][0]['id']
    resp = compute.post('/servers', json={'server': {
        'name': 'on-subnet', 'imageRef': image, 'flavorRef': '1',
        'networks': [{'uuid': net['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = compute.wait_for_status(server_id, 'ACTIVE')
    addresses = {a['version']: a['addr'] for a in server['addresses'][
        'dual']}
    pool = [ipaddress.ip_address('10.%d.0.%d' % (base, i))
            for i in range(50, 60)]
    assert ipaddress.ip_address(addresses[4]) in pool
    assert fault_type(api.delete('/subnets/%s' % v4['id']), 409) == \
        'SubnetInUse'
    assert fault_type(api.delete('/networks/%s' % net['id']), 409) == \
        'NetworkInUse'
    compute.delete('/servers/%s' % server_id)
    compute.wait_for_deletion(server_id)
    updated = api.put('/subnets/%s' % v4['id'], json={'subnet': {
        'name': 'renamed', 'dns_nameservers': []}})
    assert updated.status_code == 200, updated.text
    assert (updated.json()['subnet']['name'],
            updated.json()['subnet']['dns_nameservers']) == ('renamed', [])
    assert api.delete('/subnets/%s' % v4['id']).status_code == 204
    assert api.get('/networks/%s' % net['id']).json()['network'][
        'subnets'] == [v6['id']]
    assert api.delete('/networks/%s' % net['id']).status_code == 204
    assert api.delete('/networks/%s' % other['id']).status_code == 204


def test_os_networks_rows_are_neutron_networks(aio):
    """A network made by os-networks is a network with one IPv4 subnet
    whose allocation pool leaves out the gateway."""
    admin = aio.api
    resp = admin.post('/os-networks', json={'network': {
        'label': 'legacy', 'cidr': '192.168.91.0/28'}})
    assert resp.status_code == 200, resp.text
    legacy = resp.json()['network']
    api = neutron(aio, 'u:%s' % project('viewer'))
    net = api.get('/networks/%s' % legacy['id']).json()['network']
    assert (net['name'], net['shared']) == ('legacy', True)
    [subnet_id] = net['subnets']
    subnet = api.get('/subnets/%s' % subnet_id).json()['subnet']
    assert (subnet['cidr'], subnet['gateway_ip'], subnet['ip_version']) == (
        '192.168.91.0/28', '192.168.91.1', 4)
    assert subnet['allocation_pools'] == [{'start': '192.168.91.2',
                                           'end': '192.168.91.14'}]
    assert admin.delete('/os-networks/%s' % legacy['id']).status_code == 202
    assert fault_type(api.get('/subnets/%s' % subnet_id), 404) == \
        'SubnetNotFound'


def test_compute_endpoint_answers_the_neutron_api(aio):
    """/v2.0/... at the Compute API endpoint is the Neutron API."""
    import requests
    base = aio.endpoint.rsplit('/v2.1', 1)[0]
    resp = requests.get(base + '/v2.0/networks',
                        headers={'X-Auth-Token': 'admin:admin'}, timeout=30)
    assert resp.status_code == 200, resp.text
    assert 'private' in [n['name'] for n in resp.json()['networks']]


def test_openstack_cli_networks_and_subnets(aio):
    """openstack network create/list/show and subnet create with auth
    type none and the compute endpoint alone."""
    from tests.functional.test_clients import openstack
    net = openstack(aio, 'network', 'create', 'cli-net')
    assert net['name'] == 'cli-net'
    subnet = openstack(aio, 'subnet', 'create', '--network', 'cli-net',
                       '--subnet-range', '192.168.93.0/24', 'cli-subnet')
    assert (subnet['cidr'], subnet['gateway_ip']) == ('192.168.93.0/24',
                                                      '192.168.93.1')
    listed = openstack(aio, 'network', 'list')
    assert [subnet['id']] == [n['Subnets'] for n in listed
                              if n['Name'] == 'cli-net'][0]
    shown = openstack(aio, 'subnet', 'show', 'cli-subnet')
    assert shown['network_id'] == net['id']
    openstack(aio, 'subnet', 'delete', 'cli-subnet', output=False)
    openstack(aio, 'network', 'delete', 'cli-net', output=False)
    assert 'cli-net' not in [n['Name'] for n in openstack(
        aio, 'network', 'list')]


def test_subnet_gateway_off_the_subnet_and_changed(aio):
    """As in Neutron, a gateway may lie outside its subnet (Tempest gives
    the first /28's gateway to whichever /28 is free) and can be changed,
    never to an address the pools hand out; the host's side of the
    bridge and of DHCP stays on the subnet."""
    api = neutron(aio, 'u:%s' % project('gateways'))
    base = 200 + int(uuid.uuid4().hex[:2], 16) % 50
    net = created(api.post('/networks', json={'network': {
        'name': 'off-link'}}), 'network')
    subnet = created(api.post('/subnets', json={'subnet': {
        'network_id': net['id'], 'ip_version': 4,
        'cidr': '10.%d.0.16/28' % base,
        'gateway_ip': '10.%d.0.1' % base}}), 'subnet')
    assert subnet['gateway_ip'] == '10.%d.0.1' % base
    bare = created(api.post('/networks', json={'network': {
        'name': 'no-gateway'}}), 'network')
    without = created(api.post('/subnets', json={'subnet': {
        'network_id': bare['id'], 'ip_version': 4, 'gateway_ip': None,
        'cidr': '10.%d.0.32/28' % base}}), 'subnet')
    assert without['gateway_ip'] is None
    assert api.delete('/networks/%s' % bare['id']).status_code == 204
    # Every host address is handed out: the gateway is not among them.
    assert subnet['allocation_pools'] == [
        {'start': '10.%d.0.17' % base, 'end': '10.%d.0.30' % base}]
    for bad in ('10.%d.0.16' % base, '10.%d.0.31' % base, 'fd00::1'):
        assert fault_type(api.put('/subnets/%s' % subnet['id'], json={
            'subnet': {'gateway_ip': bad}}), 400) == 'InvalidInput', bad
    assert fault_type(api.put('/subnets/%s' % subnet['id'], json={
        'subnet': {'gateway_ip': '10.%d.0.20' % base}}), 409) == \
        'GatewayConflictWithAllocationPools'

    server_api = aio.api.as_user(api.session.headers['X-Auth-Token'],
                                 '2.37')
    resp = server_api.post('/servers', json={'server': {
        'name': 'off-link', 'imageRef': seeded_image(server_api),
        'flavorRef': '1', 'networks': [{'uuid': net['id']}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server_api.wait_for_status(server_id, 'ACTIVE')
    steps = {s['step']: s['args'] for s in _plumbing(aio, server_id)}
    assert steps['ensure_bridge']['address'] == '10.%d.0.17/28' % base
    assert (steps['ensure_dhcp']['listen'],
            steps['ensure_dhcp']['gateway']) == (
        '10.%d.0.17' % base, '10.%d.0.1' % base)
    server_api.delete('/servers/%s' % server_id)
    server_api.wait_for_deletion(server_id)

    resp = api.put('/subnets/%s' % subnet['id'], json={'subnet': {
        'gateway_ip': '10.%d.0.2' % base, 'name': 'moved'}})
    assert resp.status_code == 200, resp.text
    assert (resp.json()['subnet']['gateway_ip'],
            resp.json()['subnet']['name']) == ('10.%d.0.2' % base, 'moved')
    shown = api.get('/subnets/%s' % subnet['id']).json()['subnet']
    assert shown['gateway_ip'] == '10.%d.0.2' % base
    resp = api.put('/subnets/%s' % subnet['id'], json={'subnet': {
        'gateway_ip': None}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['subnet']['gateway_ip'] is None
    assert api.delete('/networks/%s' % net['id']).status_code == 204


def test_bulk_create_makes_all_or_none(aio):
    """POST with the plural key makes every item, or none of them when
    one is refused, as Neutron's bulk create."""
    api = neutron(aio, 'u:%s' % project('bulk'))
    nets = api.post('/networks', json={'networks': [
        {'name': 'bulk-a'}, {'name': 'bulk-b'}]})
    assert nets.status_code == 201, nets.text
    a, b = nets.json()['networks']
    assert (a['name'], b['name']) == ('bulk-a', 'bulk-b')
    base = 150 + int(uuid.uuid4().hex[:2], 16) % 50
    subnets = api.post('/subnets', json={'subnets': [
        {'network_id': a['id'], 'ip_version': 4,
         'cidr': '10.%d.10.0/28' % base},
        {'network_id': b['id'], 'ip_version': 4,
         'cidr': '10.%d.10.16/28' % base}]})
    assert subnets.status_code == 201, subnets.text
    assert [s['cidr'] for s in subnets.json()['subnets']] == [
        '10.%d.10.0/28' % base, '10.%d.10.16/28' % base]
    ports = api.post('/ports', json={'ports': [
        {'network_id': a['id'], 'name': 'p1'},
        {'network_id': b['id'], 'name': 'p2'}]})
    assert ports.status_code == 201, ports.text
    assert [p['name'] for p in ports.json()['ports']] == ['p1', 'p2']

    # The second item is refused: the first is not left behind.
    before = len(api.get('/networks').json()['networks'])
    assert fault_type(api.post('/networks', json={'networks': [
        {'name': 'kept-not'}, {'name': 'bad', 'mtu': 'lots'}]}),
        400) == 'InvalidInput'
    after = api.get('/networks').json()['networks']
    assert len(after) == before
    assert 'kept-not' not in [n['name'] for n in after]
    assert fault_type(api.post('/networks', json={'networks': []}),
                      400) == 'HTTPBadRequest'

    for port in ports.json()['ports']:
        assert api.delete('/ports/%s' % port['id']).status_code == 204
    for net in (a, b):
        assert api.delete('/networks/%s' % net['id']).status_code == 204


def test_external_subnets_are_everyones_to_see(aio):
    """As with Neutron's subnet-external-network extension."""
    user = neutron(aio, 'u:%s' % project('outsider'))
    aliases = [e['alias'] for e in user.get('/extensions').json()[
        'extensions']]
    assert 'subnet-external-network' in aliases
    (public,) = [n for n in user.get('/networks').json()['networks']
                 if n['router:external']]
    assert public['shared'] is False
    listed = user.get('/subnets?network_id=%s' % public['id']).json()[
        'subnets']
    assert [s['id'] for s in listed] == public['subnets']
