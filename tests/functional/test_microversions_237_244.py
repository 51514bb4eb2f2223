"""Microversions 2.37 to 2.44 over HTTP, each at its version and at the
one before, on one all-in-one cloud started without the default shared
network, so that networks "auto" really allocates a project's network.
"""

import concurrent.futures

import pytest

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import idle
from tests.functional import cloud as cloud_lib
from tests.functional import conftest
from tests.functional import neutron_helpers
from tests.functional.test_clients import openstack

START = 'start=2020-01-01T00:00:00'


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('mv-237-244'),
        options=dict(conftest.OPTIONS,
                     **{'network.create_default_network': 'false'}))
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _image(api):
    # The images proxy ends at 2.35: ask at 2.1.
    images = api.as_user('admin:admin').get('/images').json()['images']
    return next(i['id'] for i in images if i['name'] == 'cirros')


def _create(api, name='mv', **server):
    body = dict({'name': name, 'imageRef': _image(api), 'flavorRef': '1'},
                **server)
    return api.post('/servers', json={'server': body})


def _booted(api, name='mv', **server):
    resp = _create(api, name, **server)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    shown = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert shown['status'] == 'ACTIVE', shown.get('fault')
    return server_id


def _addresses(api, server_id):
    server = api.get('/servers/%s' % server_id).json()['server']
    return {name: [a['addr'] for a in addresses]
            for name, addresses in server['addresses'].items()}


def _message(resp, status):
    assert resp.status_code == status, resp.text
    (fault,) = resp.json().values()
    return fault['message']


def _networks(cloud, project):
    """The networks project owns, as the Neutron API lists them."""
    client = neutron_helpers.neutron(cloud, 'u:%s' % project)
    return [n for n in client.get('/networks').json()['networks']
            if n['project_id'] == project]


def test_2_37_networks_required_auto_and_none(cloud):
    project = neutron_helpers.project('mv237')
    old = cloud.api.as_user('u:' + project, '2.36')
    new = cloud.api.as_user('u:' + project, '2.37')
    assert "'networks' is a required property" in _message(_create(new), 400)
    for value in ('auto', 'none'):
        _message(_create(old, networks=value), 400)
    assert 'uuid' in _message(_create(new, networks=[{'uuid': 'nope'}]), 400)
    _message(_create(new, networks='everything'), 400)

    # "none": no interface at all.
    lonely = _booted(new, networks='none')
    assert _addresses(new, lonely) == {}
    assert _networks(cloud, project) == []

    # "auto" in a project without networks: one is made for it, once.
    first = _booted(new, networks='auto')
    (network,) = _networks(cloud, project)
    assert network['name'] == 'auto_allocated_network'
    assert list(_addresses(new, first)) == ['auto_allocated_network']
    second = _booted(new, networks='auto')
    assert [n['id'] for n in _networks(cloud, project)] == [network['id']]
    assert list(_addresses(new, second)) == ['auto_allocated_network']

    # The network tag went away in 2.37 (2.42 brings it back).
    tagged = [{'uuid': network['id'], 'tag': 'nic1'}]
    assert 'tag' in _message(_create(new, networks=tagged), 400)
    resp = _create(old, networks=tagged)
    assert resp.status_code == 202, resp.text
    old_tagged = resp.json()['server']['id']
    for server_id in (lonely, first, second, old_tagged):
        delete(new, server_id)


def test_2_37_auto_with_two_networks_is_ambiguous(cloud):
    """Two networks of the project could take the server: upstream's
    409 NetworkAmbiguous, and no server, port or network is left."""
    project = neutron_helpers.project('mv237amb')
    api = cloud.api.as_user('u:' + project, '2.37')
    client = neutron_helpers.neutron(cloud, 'u:%s' % project)
    for index in (1, 2):
        network = neutron_helpers.created(client.post('/networks', json={
            'network': {'name': 'amb%d' % index}}), 'network')
        neutron_helpers.created(client.post('/subnets', json={'subnet': {
            'network_id': network['id'], 'ip_version': 4,
            'cidr': '10.199.%d.0/24' % index}}), 'subnet')
    resp = _create(api, networks='auto')
    assert _message(resp, 409) == ('Multiple possible networks found, use '
                                   'a Network ID to be more specific.')
    assert api.get('/servers').json()['servers'] == []
    assert client.get('/ports').json()['ports'] == []
    assert len(_networks(cloud, project)) == 2


def test_2_37_parallel_auto_boots_make_one_network(cloud):
    project = neutron_helpers.project('mv237-race')
    api = cloud.api.as_user('u:' + project, '2.37')
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        servers = list(pool.map(lambda i: _booted(api, 'race-%d' % i,
                                                  networks='auto'),
                                range(2)))
    (network,) = _networks(cloud, project)
    for server_id in servers:
        assert list(_addresses(api, server_id)) == [network['name']]
    # The Neutron API shows the same topology.
    client = neutron_helpers.neutron(cloud, 'u:%s' % project)
    resp = client.get('/auto-allocated-topology/%s' % project)
    assert resp.status_code == 200, resp.text
    assert resp.json()['auto_allocated_topology']['id'] == network['id']
    for server_id in servers:
        delete(api, server_id)


def test_auto_allocated_topology_route(cloud):
    project = neutron_helpers.project('gman')
    client = neutron_helpers.neutron(cloud, 'u:%s' % project)
    path = '/auto-allocated-topology/%s' % project
    resp = client.get(path + '?fields=dry-run')
    assert resp.status_code == 200, resp.text
    assert resp.json()['auto_allocated_topology']['id'] == 'dry-run=pass'
    assert _networks(cloud, project) == []
    assert neutron_helpers.fault_type(
        client.get('/auto-allocated-topology/someone-else'),
        403) == 'NotAuthorized'

    # Two parallel first requests make one network.
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: client.get(path), range(2)))
    ids = {r.json()['auto_allocated_topology']['id'] for r in answers}
    (network,) = _networks(cloud, project)
    assert ids == {network['id']}
    topology = answers[0].json()['auto_allocated_topology']
    assert topology['tenant_id'] == topology['project_id'] == project
    assert client.get('/auto-allocated-topology/None').json() == \
        answers[0].json()
    (subnet_id,) = network['subnets']
    subnet = client.get('/subnets/%s' % subnet_id).json()['subnet']
    assert subnet['name'] == 'auto_allocated_subnet_v4'
    # As in Neutron, a router joins the subnet to public.
    [router] = client.get('/routers').json()['routers']
    assert (router['name'], router['external_gateway_info'][
        'network_id']) == ('auto_allocated_router', client.get(
            '/networks', params={'name': 'public'}).json()['networks'][0][
            'id'])
    assert [p['fixed_ips'][0]['subnet_id'] for p in client.get(
        '/ports', params={'device_id': router['id']}).json()['ports']] == [
        subnet_id]

    # In use: refused; then deleted with its network, and made anew.
    api = cloud.api.as_user('u:' + project, '2.37')
    server_id = _booted(api, networks='auto')
    assert neutron_helpers.fault_type(client.delete(path),
                                      409) == 'NetworkInUse'
    delete(api, server_id)
    assert client.delete(path).status_code == 204
    assert _networks(cloud, project) == []
    assert client.get('/routers').json()['routers'] == []
    assert client.delete(path).status_code == 204
    again = client.get(path).json()['auto_allocated_topology']['id']
    assert again != network['id']
    assert [n['id'] for n in _networks(cloud, project)] == [again]
    assert client.delete(path).status_code == 204


def test_2_37_cli_nic_none_and_auto(cloud):
    v237 = ('--os-compute-api-version', '2.37')
    for nic in ('none', 'auto'):
        server = openstack(cloud, *v237, 'server', 'create', '--flavor',
                           'm1.tiny', '--image', 'cirros', '--nic', nic,
                           '--wait', 'cli-nic-%s' % nic)
        assert server['status'] == 'ACTIVE'
        addresses = cloud.api.get('/servers/%s' % server['id']).json()[
            'server']['addresses']
        assert (addresses == {}) == (nic == 'none'), addresses
        delete(cloud.api, server['id'])


def test_2_38_unknown_status_filter(cloud):
    api = cloud.api.as_user('u:mv238')
    old = api.as_user('u:mv238', '2.37')
    new = api.as_user('u:mv238', '2.38')
    for path in ('/servers', '/servers/detail'):
        resp = old.get(path + '?status=bogus')
        assert resp.status_code == 200, resp.text
        assert resp.json()['servers'] == []
        assert _message(new.get(path + '?status=bogus'),
                        400) == 'Invalid status value'
        assert new.get(path + '?status=active').status_code == 200


def test_2_39_image_metadata_proxy_and_limits(cloud):
    project = neutron_helpers.project('mv239')
    old = cloud.api.as_user('u:' + project, '2.38')
    new = cloud.api.as_user('u:' + project, '2.39')
    image = _image(old)
    assert old.get('/images/%s/metadata' % image).status_code == 200
    assert new.get('/images/%s/metadata' % image).status_code == 404
    assert 'maxImageMeta' in old.get('/limits').json()['limits']['absolute']
    absolute = new.get('/limits').json()['limits']['absolute']
    assert 'maxImageMeta' not in absolute and 'maxServerMeta' in absolute

    # createImage's metadata counted against metadata_items up to 2.38.
    resp = cloud.api.put('/os-quota-sets/%s' % project,
                         json={'quota_set': {'metadata_items': 1}})
    assert resp.status_code == 200, resp.text
    server_id = _booted(new, networks='none')
    body = {'createImage': {'name': 'snap',
                            'metadata': {'a': '1', 'b': '2'}}}
    assert _message(act(old, server_id, body),
                    403) == 'Image metadata limit exceeded'
    resp = act(new, server_id, body)
    assert resp.status_code == 202, resp.text
    idle(new, server_id)
    delete(new, server_id)


def test_2_40_usage_pages(cloud):
    project = neutron_helpers.project('mv240')
    api = cloud.api.as_user('u:' + project, '2.37')
    servers = [_booted(api, 'usage-%d' % i, networks='none')
               for i in range(3)]
    old = cloud.api.as_user('admin:admin', '2.39')
    new = cloud.api.as_user('admin:admin', '2.40')
    path = '/os-simple-tenant-usage/%s?%s' % (project, START)

    body = old.get(path + '&limit=2').json()
    assert len(body['tenant_usage']['server_usages']) == 3
    assert 'tenant_usage_links' not in body

    body = new.get(path + '&limit=2').json()
    first_page = [s['instance_id'] for s in
                  body['tenant_usage']['server_usages']]
    assert len(first_page) == 2
    (link,) = body['tenant_usage_links']
    assert link['rel'] == 'next'
    assert 'marker=%s' % first_page[-1] in link['href']
    body = new.get(link['href']).json()
    second_page = [s['instance_id'] for s in
                   body['tenant_usage']['server_usages']]
    assert 'tenant_usage_links' not in body
    assert sorted(first_page + second_page) == sorted(servers)
    assert 'Marker' in _message(new.get(path + '&marker=nope'), 400)
    assert new.get(path + '&limit=x').status_code == 400

    # The list of every project pages over servers the same way.
    body = new.get('/os-simple-tenant-usage?%s&limit=1' % START).json()
    assert len(body['tenant_usages']) == 1
    assert body['tenant_usages_links'][0]['rel'] == 'next'
    assert 'tenant_usages_links' not in old.get(
        '/os-simple-tenant-usage?%s&limit=1' % START).json()
    for server_id in servers:
        delete(api, server_id)


def test_2_41_aggregate_uuid(cloud):
    old = cloud.api.as_user('admin:admin', '2.40')
    new = cloud.api.as_user('admin:admin', '2.41')
    resp = old.post('/os-aggregates',
                    json={'aggregate': {'name': 'mv241-old'}})
    assert resp.status_code == 200, resp.text
    assert 'uuid' not in resp.json()['aggregate']
    old_id = resp.json()['aggregate']['id']
    resp = new.post('/os-aggregates',
                    json={'aggregate': {'name': 'mv241-new'}})
    created = resp.json()['aggregate']
    assert len(created['uuid']) == 36
    shown = new.get('/os-aggregates/%s' % created['id']).json()['aggregate']
    assert shown['uuid'] == created['uuid']
    # Made before 2.41 still had its uuid.
    listed = {a['id']: a for a in new.get('/os-aggregates').json()[
        'aggregates']}
    assert len(listed[old_id]['uuid']) == 36
    assert 'uuid' not in old.get('/os-aggregates/%s' % old_id).json()[
        'aggregate']
    for aggregate_id in (old_id, created['id']):
        assert new.delete('/os-aggregates/%s' % aggregate_id
                          ).status_code == 200


def test_2_42_device_tags_restored(cloud):
    project = neutron_helpers.project('mv242')
    client = neutron_helpers.neutron(cloud, 'u:%s' % project)
    network = neutron_helpers.created(client.post('/networks', json={
        'network': {'name': 'tagged'}}), 'network')
    neutron_helpers.created(client.post('/subnets', json={'subnet': {
        'network_id': network['id'], 'ip_version': 4,
        'cidr': '192.168.242.0/24'}}), 'subnet')
    image = _image(cloud.api)

    def body(net_tag=None, disk_tag=None):
        net = {'uuid': network['id']}
        disk = {'source_type': 'image', 'destination_type': 'local',
                'uuid': image, 'boot_index': 0}
        if net_tag:
            net['tag'] = net_tag
        if disk_tag:
            disk['tag'] = disk_tag
        return {'networks': [net], 'block_device_mapping_v2': [disk]}

    def at(version):
        return cloud.api.as_user('u:' + project, version)

    # 2.32 took both tags, 2.33-2.36 the network's only, 2.37-2.41 none.
    assert _create(at('2.32'), **body('nic', 'disk')).status_code == 202
    assert 'tag' in _message(_create(at('2.36'), **body(disk_tag='d')), 400)
    assert _create(at('2.36'), **body(net_tag='nic')).status_code == 202
    for version in ('2.37', '2.41'):
        for tags in ({'net_tag': 'nic'}, {'disk_tag': 'disk'}):
            assert 'tag' in _message(_create(at(version), **body(**tags)),
                                     400)
    new = at('2.42')
    server_id = _booted(new, **body('nic', 'disk'))
    assert list(_addresses(new, server_id)) == ['tagged']
    assert 'tag' in _message(_create(new, **body(net_tag='a/b')), 400)
    for server in new.get('/servers').json()['servers']:
        delete(new, server['id'])


def test_2_43_os_hosts_removed(cloud):
    old = cloud.api.as_user('admin:admin', '2.42')
    new = cloud.api.as_user('admin:admin', '2.43')
    hosts = old.get('/os-hosts').json()['hosts']
    compute = next(h['host_name'] for h in hosts
                   if h['service'] == 'compute')
    assert old.get('/os-hosts/%s' % compute).status_code == 200
    for path in ('/os-hosts', '/os-hosts/%s' % compute,
                 '/os-hosts/%s/reboot' % compute):
        assert new.get(path).status_code == 404
    resp = new.put('/os-hosts/%s' % compute, json={'status': 'enable'})
    assert resp.status_code == 404


def test_2_44_nova_network_actions_removed(cloud):
    project = neutron_helpers.project('mv244')
    old = cloud.api.as_user('u:' + project, '2.43')
    new = cloud.api.as_user('u:' + project, '2.44')
    server_id = _booted(new, networks='auto')
    (network,) = _networks(cloud, project)
    vifs = '/servers/%s/os-virtual-interfaces' % server_id
    assert len(old.get(vifs).json()['virtual_interfaces']) == 1
    assert new.get(vifs).status_code == 404

    client = neutron_helpers.neutron(cloud, 'u:%s' % project)
    public = next(n for n in client.get('/networks').json()['networks']
                  if n['router:external'])
    floating = neutron_helpers.created(client.post('/floatingips', json={
        'floatingip': {'floating_network_id': public['id']}}),
        'floatingip')['floating_ip_address']

    add_fixed = {'addFixedIp': {'networkId': network['id']}}
    add_floating = {'addFloatingIp': {'address': floating}}
    remove_floating = {'removeFloatingIp': {'address': floating}}
    for body in (add_fixed, add_floating, remove_floating,
                 {'removeFixedIp': {'address': '10.0.0.1'}}):
        assert _message(act(new, server_id, body), 404)
    assert act(old, server_id, add_fixed).status_code == 202
    fixed = _addresses(old, server_id)['auto_allocated_network']
    assert len(fixed) == 2
    assert act(old, server_id, add_floating).status_code == 202
    assert floating in _addresses(old, server_id)['auto_allocated_network']
    assert act(old, server_id, remove_floating).status_code == 202
    assert act(old, server_id, {'removeFixedIp': {
        'address': fixed[-1]}}).status_code == 202
    assert len(_addresses(old, server_id)['auto_allocated_network']) == 1
    delete(new, server_id)
