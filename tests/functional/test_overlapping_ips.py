"""Overlapping networks over HTTP ([network] allow_overlapping_ips, fake
plumbing): two projects each make 10.0.0.0/24 (inside the all-in-one's
own 10.0.0.0/20) and hold the same address; the metadata service tells
their servers apart by the signed network a namespace proxy names; a
router still refuses two overlapping subnets; an external range
overlaps nothing; and without the option ranges stay unique."""

import pytest
import requests

from nova.api.metadata import lookup
from tests.functional import cloud as cloud_lib
from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import fault_type
from tests.functional.neutron_helpers import neutron
from tests.functional.neutron_helpers import project

SECRET = 'namespace-proxy-secret'
ADDRESS = '10.0.0.5'


@pytest.fixture(scope='module', params=['sqlite', 'mysql'])
def overlap_cloud(request, tmp_path_factory):
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('overlap'), database=request.param,
        options={'network.allow_overlapping_ips': True,
                 'metadata.proxy_shared_secret': SECRET,
                 'metadata.cache_expiration': 0})
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _network(api, name, cidr='10.0.0.0/24', **extra):
    network = created(api.post('/networks', json={'network': dict(
        {'name': name}, **extra)}), 'network')
    resp = api.post('/subnets', json={'subnet': {
        'network_id': network['id'], 'ip_version': 4, 'cidr': cidr,
        'name': name + '-subnet'}})
    return network, resp


def _public(api):
    [public] = api.get('/networks', params={'name': 'public'}).json()[
        'networks']
    return public


@pytest.fixture(scope='module')
def pair(overlap_cloud):
    """Two projects, each with a 10.0.0.0/24 network, a port holding
    10.0.0.5 on it and a server on that port."""
    result = []
    for name in ('ovl-a', 'ovl-b'):
        owner = project(name)
        api = neutron(overlap_cloud, 'u:%s' % owner)
        network, resp = _network(api, name)
        subnet = created(resp, 'subnet')
        port = created(api.post('/ports', json={'port': {
            'network_id': network['id'],
            'fixed_ips': [{'ip_address': ADDRESS}]}}), 'port')
        compute = overlap_cloud.api.as_user('u:%s' % owner)
        image = compute.get('/images').json()['images'][0]['id']
        resp = compute.post('/servers', json={'server': {
            'name': name, 'imageRef': image, 'flavorRef': '1',
            'networks': [{'port': port['id']}]}})
        assert resp.status_code == 202, resp.text
        server = compute.wait_for_status(resp.json()['server']['id'],
                                         'ACTIVE')
        result.append({'api': api, 'compute': compute, 'network': network,
                       'subnet': subnet, 'port': port, 'server': server})
    return result


def _metadata(cloud, network_id, signature=None, forwarded=ADDRESS):
    headers = {'X-Neutron-Network-ID': network_id,
               'X-Forwarded-For': forwarded}
    if signature is not False:
        headers['X-Neutron-Network-ID-Signature'] = (
            signature or lookup.sign(network_id, SECRET))
    return requests.get(
        cloud.metadata_endpoint + '/openstack/latest/meta_data.json',
        headers=headers, timeout=30)


def test_two_projects_share_a_range_and_an_address(overlap_cloud, pair):
    for side in pair:
        assert [(ip['subnet_id'], ip['ip_address'])
                for ip in side['port']['fixed_ips']] == [
            (side['subnet']['id'], ADDRESS)]
        addresses = [a['addr'] for addrs in
                     side['server']['addresses'].values() for a in addrs]
        assert addresses == [ADDRESS]
        # Any address of the range, on either network.
        port = created(side['api'].post('/ports', json={'port': {
            'network_id': side['network']['id']}}), 'port')
        assert port['fixed_ips'][0]['ip_address'].startswith('10.0.0.')
        assert side['api'].delete('/ports/%s' % port['id']).status_code \
            == 204
    # The address is taken on its own network only.
    a = pair[0]
    assert fault_type(a['api'].post('/ports', json={'port': {
        'network_id': a['network']['id'],
        'fixed_ips': [{'ip_address': ADDRESS}]}}), 409) == \
        'IpAddressAlreadyAllocated'


def test_metadata_answers_by_signed_network(overlap_cloud, pair):
    for side in pair:
        resp = _metadata(overlap_cloud, side['network']['id'])
        assert resp.status_code == 200, resp.text
        assert resp.json()['uuid'] == side['server']['id']
    a, b = pair
    # The guest's address is the last X-Forwarded-For entry.
    resp = _metadata(overlap_cloud, b['network']['id'],
                     forwarded='192.0.2.9, %s' % ADDRESS)
    assert resp.json()['uuid'] == b['server']['id']
    # One network's signature opens no other network.
    assert _metadata(overlap_cloud, a['network']['id'],
                     signature=lookup.sign(b['network']['id'], SECRET)
                     ).status_code == 403
    assert _metadata(overlap_cloud, a['network']['id'],
                     signature=False).status_code == 403
    assert _metadata(overlap_cloud, a['network']['id'],
                     forwarded='10.0.0.99').status_code == 404


def test_floating_ip_goes_through_its_own_projects_router(overlap_cloud,
                                                          pair):
    routers = []
    for side in pair:
        api = side['api']
        router = created(api.post('/routers', json={'router': {
            'name': 'r', 'external_gateway_info': {
                'network_id': _public(api)['id']}}}), 'router')
        resp = api.put('/routers/%s/add_router_interface' % router['id'],
                       json={'subnet_id': side['subnet']['id']})
        assert resp.status_code == 200, resp.text
        routers.append(router)
    for side, router in zip(pair, routers):
        api = side['api']
        floating = created(api.post('/floatingips', json={'floatingip': {
            'floating_network_id': _public(api)['id'],
            'port_id': side['port']['id']}}), 'floatingip')
        assert (floating['fixed_ip_address'], floating['port_id'],
                floating['router_id']) == (ADDRESS, side['port']['id'],
                                           router['id'])


def test_router_refuses_an_overlapping_subnet(overlap_cloud):
    api = neutron(overlap_cloud, 'u:%s' % project('ovl-r'))
    router = created(api.post('/routers', json={'router': {
        'name': 'r'}}), 'router')
    first, resp = _network(api, 'first', '10.0.0.0/24')
    first_subnet = created(resp, 'subnet')
    second, resp = _network(api, 'second', '10.0.0.0/25')
    second_subnet = created(resp, 'subnet')
    _other, resp = _network(api, 'other', '10.0.1.0/24')
    other_subnet = created(resp, 'subnet')

    def add(**values):
        return api.put('/routers/%s/add_router_interface' % router['id'],
                       json=values)

    assert add(subnet_id=first_subnet['id']).status_code == 200
    resp = add(subnet_id=second_subnet['id'])
    assert fault_type(resp, 400) == 'BadRequest'
    assert resp.json()['NeutronError']['message'] == (
        'Bad router request: Cidr 10.0.0.0/25 of subnet %s overlaps with '
        'cidr 10.0.0.0/24 of subnet %s.' % (second_subnet['id'],
                                            first_subnet['id']))
    # By port, too.
    port = created(api.post('/ports', json={'port': {
        'network_id': second['id']}}), 'port')
    assert fault_type(add(port_id=port['id']), 400) == 'BadRequest'
    assert add(subnet_id=other_subnet['id']).status_code == 200


def test_external_range_overlaps_no_network(overlap_cloud):
    admin = neutron(overlap_cloud)
    # The all-in-one's private network is 10.0.0.0/20.
    _external, resp = _network(admin, 'ext-overlap', '10.0.8.0/24',
                               **{'router:external': True})
    assert resp.status_code == 400, resp.text
    assert 'overlaps' in resp.json()['NeutronError']['message']
    # Nor may a private network take the external range of public.
    api = neutron(overlap_cloud, 'u:%s' % project('ovl-x'))
    _private, resp = _network(api, 'in-public', '172.24.4.0/26')
    assert resp.status_code == 400, resp.text
    assert 'overlaps' in resp.json()['NeutronError']['message']


def test_ipv6_ranges_of_two_networks_may_overlap(overlap_cloud):
    """The one overlap rule holds for IPv6 ranges too: two networks may
    share one, a network's own subnets never overlap, and an address is
    unique in its network only."""
    api = neutron(overlap_cloud, 'u:%s' % project('ovl-six'))
    cidr = 'fd5e:1:2::/64'
    nets = [created(api.post('/networks', json={'network': {
        'name': 'six-%d' % i}}), 'network') for i in (1, 2)]
    subnets = [created(api.post('/subnets', json={'subnet': {
        'network_id': n['id'], 'ip_version': 6, 'cidr': cidr}}), 'subnet')
        for n in nets]
    resp = api.post('/subnets', json={'subnet': {
        'network_id': nets[0]['id'], 'ip_version': 6,
        'cidr': 'fd5e:1:2::/56'}})
    assert fault_type(resp, 400) == 'InvalidNetwork'
    ports = [created(api.post('/ports', json={'port': {
        'network_id': n['id'], 'fixed_ips': [
            {'subnet_id': s['id'], 'ip_address': 'fd5e:1:2::10'}]}}),
        'port') for n, s in zip(nets, subnets)]
    for port in ports:
        assert api.delete('/ports/%s' % port['id']).status_code == 204
    for network in nets:
        assert api.delete('/networks/%s' % network['id']).status_code == 204


def test_without_the_option_ranges_stay_unique(aio):
    api = neutron(aio, 'u:%s' % project('no-ovl'))
    _network_, resp = _network(api, 'same', '10.0.0.0/24')
    assert resp.status_code == 400, resp.text
    assert 'overlaps with another subnet' in resp.json()[
        'NeutronError']['message']
