"""Networking over HTTP: servers' addresses, networks, fixed and floating
IPs, security groups, interfaces, quotas and project isolation."""

import concurrent.futures
import ipaddress
import uuid

import pytest


def _image_id(api):
    return api.get('/images').json()['images'][0]['id']


def _boot(api, name, expect=202, **extra):
    body = {'server': dict({'name': name, 'imageRef': _image_id(api),
                            'flavorRef': '1'}, **extra)}
    resp = api.post('/servers', json=body)
    assert resp.status_code == expect, resp.text
    return resp.json()['server']['id'] if expect == 202 else resp.json()


def _project(name):
    """A fresh project (and its user) for one test."""
    project = '%s-%s' % (name, uuid.uuid4().hex[:6])
    return project


def _network(admin, cidr, project_id=None, label=None):
    body = {'network': {'label': label or 'net-%s' % cidr, 'cidr': cidr}}
    if project_id:
        body['network']['project_id'] = project_id
    resp = admin.post('/os-networks', json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()['network']


def _fixed_addresses(server):
    return [a['addr'] for addrs in server['addresses'].values()
            for a in addrs if a['OS-EXT-IPS:type'] == 'fixed']


def _raise_quota(admin, project, **limits):
    values = dict({'instances': -1, 'cores': -1, 'ram': -1}, **limits)
    resp = admin.put('/os-quota-sets/%s' % project,
                     json={'quota_set': values})
    assert resp.status_code == 200, resp.text


def _delete_all(api, server_ids):
    for server_id in server_ids:
        api.delete('/servers/%s' % server_id)
    for server_id in server_ids:
        api.wait_for_deletion(server_id)


# Servers get addresses -------------------------------------------------------

def test_server_gets_an_address_and_frees_it(cloud):
    """Default network: an address in the server's view, /ips, the
    virtual interface; free again after the delete (every shape)."""
    project = _project('addr')
    api = cloud.api.as_user('u:%s' % project)
    server_id = _boot(api, 'addressed')
    server = api.wait_for_status(server_id, 'ACTIVE')
    [label] = server['addresses']
    [entry] = server['addresses'][label]
    assert entry['version'] == 4
    assert entry['OS-EXT-IPS:type'] == 'fixed'
    assert entry['OS-EXT-IPS-MAC:mac_addr'].startswith('fa:16:3e:')
    assert server['security_groups'] == [{'name': 'default'}]
    ips = api.get('/servers/%s/ips' % server_id).json()
    assert ips == {'addresses': {label: [
        {'addr': entry['addr'], 'version': 4}]}}
    assert api.get('/servers/%s/ips/%s' % (server_id, label)).json() == {
        label: [{'addr': entry['addr'], 'version': 4}]}
    assert api.get('/servers/%s/ips/nowhere' % server_id).status_code == 404
    vifs = api.get('/servers/%s/os-virtual-interfaces' % server_id,
                   headers={'OpenStack-API-Version': 'compute 2.12'}).json()
    [vif] = vifs['virtual_interfaces']
    assert vif['mac_address'] == entry['OS-EXT-IPS-MAC:mac_addr']
    assert vif['net_id']
    listed = api.get('/servers/detail').json()['servers']
    assert [s['addresses'] for s in listed] == [server['addresses']]
    fixed = cloud.api.get('/os-fixed-ips/%s' % entry['addr']).json()
    assert fixed['fixed_ip']['hostname'] == 'addressed'
    _delete_all(api, [server_id])
    fixed = cloud.api.get('/os-fixed-ips/%s' % entry['addr']).json()
    assert fixed['fixed_ip']['hostname'] is None


def test_failed_and_rescheduled_build_leaks_nothing(cloud):
    """A build that fails on every host (rescheduled, then ERROR) keeps
    one address until its delete, which frees it."""
    admin = cloud.api
    project = _project('fail')
    network = _network(admin, '192.168.70.0/29', project_id=project)
    api = admin.as_user('u:%s' % project)
    server_id = _boot(api, 'fail-always')
    server = api.wait_for_status(server_id, 'ERROR')
    [address] = _fixed_addresses(server)
    assert len(api.get('/servers/%s/os-virtual-interfaces' % server_id
                       ).json()['virtual_interfaces']) == 1
    _delete_all(api, [server_id])
    assert admin.get('/os-fixed-ips/%s' % address).json()['fixed_ip'][
        'hostname'] is None
    # All 5 addresses of the /29 are free: 5 servers fit.
    resp = api.post('/servers', json={'server': {
        'name': 'fits', 'imageRef': _image_id(api), 'flavorRef': '1',
        'min_count': 5, 'max_count': 5}})
    assert resp.status_code == 202, resp.text
    _delete_all(api, [s['id'] for s in api.get('/servers').json()[
        'servers']])
    assert admin.delete('/os-networks/%s' % network['id']).status_code == \
        202


def test_ipv6_addresses_from_the_mac(aio):
    admin = aio.api
    project = _project('six')
    resp = admin.post('/os-networks', json={'network': {
        'label': 'dual', 'cidr': '192.168.80.0/28',
        'cidr_v6': '2001:db8:80::/64', 'project_id': project}})
    assert resp.status_code == 200, resp.text
    network = resp.json()['network']
    assert network['gateway_v6'] == '2001:db8:80::1'
    api = admin.as_user('u:%s' % project)
    server_id = _boot(api, 'dual-stack')
    server = api.wait_for_status(server_id, 'ACTIVE')
    [v4, v6] = server['addresses']['dual']
    assert (v4['version'], v6['version']) == (4, 6)
    mac = v6['OS-EXT-IPS-MAC:mac_addr']
    octets = mac.split(':')
    # EUI-64: the MAC with ff:fe in the middle and the U/L bit flipped.
    expected = ipaddress.ip_address('2001:db8:80::%x%s:%sff:fe%s:%s%s' % (
        int(octets[0], 16) ^ 2, octets[1], octets[2], octets[3], octets[4],
        octets[5]))
    assert ipaddress.ip_address(v6['addr']) == expected
    _delete_all(api, [server_id])
    admin.delete('/os-networks/%s' % network['id'])


def test_parallel_boots_get_distinct_addresses(cloud):
    """50 boots at once on a /26 (61 free addresses): 50 distinct
    addresses, all free again after the deletes."""
    admin = cloud.api
    project = _project('crowd')
    _raise_quota(admin, project)
    network = _network(admin, '192.168.50.0/26', project_id=project)
    api = admin.as_user('u:%s' % project)
    image = _image_id(api)

    def boot(index):
        client = api.as_user('u:%s' % project)
        resp = client.post('/servers', json={'server': {
            'name': 'p%d' % index, 'imageRef': image, 'flavorRef': '1'}})
        assert resp.status_code == 202, resp.text
        return resp.json()['server']['id']

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        server_ids = list(pool.map(boot, range(50)))
    addresses = []
    for server_id in server_ids:
        server = api.wait_for_status(server_id, 'ACTIVE', timeout=180)
        addresses.extend(_fixed_addresses(server))
    assert len(addresses) == 50
    assert len(set(addresses)) == 50
    subnet = ipaddress.ip_network(network['cidr'])
    assert all(ipaddress.ip_address(a) in subnet for a in addresses)
    _delete_all(api, server_ids)
    for address in addresses:
        fixed = admin.get('/os-fixed-ips/%s' % address).json()['fixed_ip']
        assert fixed['hostname'] is None, address
    # Every address can be handed out again: 61 fit, the 62nd does not.
    resp = api.post('/servers', json={'server': {
        'name': 'many', 'imageRef': image, 'flavorRef': '1',
        'min_count': 61, 'max_count': 61}})
    assert resp.status_code == 202, resp.text
    body = _boot(api, 'one-too-many', expect=409)
    assert 'No free fixed IP' in body['conflict']['message']
    listed = api.get('/servers').json()['servers']
    assert len(listed) == 61
    _delete_all(api, [s['id'] for s in listed])
    resp = admin.delete('/os-networks/%s' % network['id'])
    assert resp.status_code == 202, resp.text


def test_requested_network_and_fixed_ip(aio):
    admin = aio.api
    project = _project('req')
    api = admin.as_user('u:%s' % project)
    network = _network(admin, '192.168.60.0/28', project_id=project,
                       label='req-net')
    server_id = _boot(api, 'chosen', networks=[
        {'uuid': network['id'], 'fixed_ip': '192.168.60.9'}])
    server = api.wait_for_status(server_id, 'ACTIVE')
    assert server['addresses']['req-net'][0]['addr'] == '192.168.60.9'
    # The servers list's ip filter matches fixed IPs (a regex).
    assert [s['id'] for s in api.get('/servers?ip=192.168.60.9$').json()[
        'servers']] == [server_id]
    assert api.get('/servers?ip=192.168.60.99').json()['servers'] == []
    # The same address again: 400; outside the network: 400.
    body = _boot(api, 'again', expect=400, networks=[
        {'uuid': network['id'], 'fixed_ip': '192.168.60.9'}])
    assert 'already in use' in body['badRequest']['message']
    body = _boot(api, 'outside', expect=400, networks=[
        {'uuid': network['id'], 'fixed_ip': '10.9.9.9'}])
    assert 'not in network' in body['badRequest']['message']
    _boot(api, 'unknown', expect=400, networks=[
        {'uuid': str(uuid.uuid4())}])
    _boot(api, 'port', expect=400, networks=[{'port': str(uuid.uuid4())}])
    # Another project cannot use this project's network.
    other = admin.as_user('o:%s' % _project('other'))
    _boot(other, 'stranger', expect=400, networks=[{'uuid': network['id']}])
    # No rows were left behind by the failed requests.
    assert [s['id'] for s in api.get('/servers').json()['servers']] == [
        server_id]
    assert admin.delete('/os-networks/%s' % network['id']).status_code == \
        409
    _delete_all(api, [server_id])
    assert admin.delete('/os-networks/%s' % network['id']).status_code == \
        202


# os-networks, os-tenant-networks, os-fixed-ips -------------------------------

def test_networks_api(aio):
    admin = aio.api
    project = _project('nets')
    user = admin.as_user('u:%s' % project)
    created = _network(admin, '172.30.0.0/24', label='admin-net')
    assert created['cidr'] == '172.30.0.0/24'
    assert created['gateway'] == '172.30.0.1'
    assert created['netmask'] == '255.255.255.0'
    assert created['project_id'] is None
    net_id = created['id']
    shown = user.get('/os-networks/%s' % net_id).json()['network']
    assert 'project_id' not in shown and shown['label'] == 'admin-net'
    assert admin.get('/os-networks/%s' % net_id).json()['network'][
        'bridge'] == 'br100'
    assert net_id in [n['id'] for n in
                      user.get('/os-networks').json()['networks']]
    # Only admins create or delete networks.
    resp = user.post('/os-networks', json={'network': {
        'label': 'x', 'cidr': '172.31.0.0/24'}})
    assert resp.status_code == 403
    assert admin.post('/os-networks', json={'network': {
        'label': 'x', 'cidr': 'not-a-cidr'}}).status_code == 400
    assert admin.post('/os-networks', json={'network': {
        'cidr': '172.31.0.0/24'}}).status_code == 400
    # Associate with a project: other projects stop seeing it.
    resp = admin.as_user('admin:%s' % project).post(
        '/os-networks/add', json={'id': net_id})
    assert resp.status_code == 202, resp.text
    assert admin.get('/os-networks/%s' % net_id).json()['network'][
        'project_id'] == project
    other = admin.as_user('o:%s' % _project('other'))
    assert other.get('/os-networks/%s' % net_id).status_code == 404
    assert net_id not in [n['id'] for n in
                          other.get('/os-tenant-networks').json()[
                              'networks']]
    assert user.get('/os-tenant-networks/%s' % net_id).json() == {
        'network': {'id': net_id, 'label': 'admin-net',
                    'cidr': '172.30.0.0/24'}}
    # Actions.
    url = '/os-networks/%s/action' % net_id
    assert admin.post(url, json={'associate_host': 'h1'}).status_code == 202
    assert admin.get('/os-networks/%s' % net_id).json()['network'][
        'host'] == 'h1'
    assert admin.post(url, json={'disassociate_host': None}
                      ).status_code == 202
    assert admin.post(url, json={'disassociate_project': None}
                      ).status_code == 202
    network = admin.get('/os-networks/%s' % net_id).json()['network']
    assert network['host'] is None and network['project_id'] is None
    assert admin.post(url, json={'disassociate': None}).status_code == 202
    assert user.post(url, json={'disassociate': None}).status_code == 403
    assert admin.post(url, json={'bogus': None}).status_code == 400
    assert admin.delete('/os-networks/%s' % net_id).status_code == 202
    assert admin.get('/os-networks/%s' % net_id).status_code == 404
    assert admin.delete('/os-networks/%s' % net_id).status_code == 404


def test_tenant_networks_api(aio):
    admin = aio.api
    project = _project('tn')
    user = admin.as_user('u:%s' % project)
    resp = user.post('/os-tenant-networks', json={'network': {
        'label': 'mine', 'cidr': '172.29.1.0/28'}})
    assert resp.status_code == 200, resp.text
    mine = resp.json()['network']
    assert mine['label'] == 'mine' and mine['cidr'] == '172.29.1.0/28'
    listed = user.get('/os-tenant-networks').json()['networks']
    assert mine in listed
    other = admin.as_user('o:%s' % _project('other'))
    assert other.get('/os-tenant-networks/%s' % mine['id']
                     ).status_code == 404
    assert other.delete('/os-tenant-networks/%s' % mine['id']
                        ).status_code == 404
    # The project's servers now land on its own network.
    server_id = _boot(user, 'own-net')
    server = user.wait_for_status(server_id, 'ACTIVE')
    assert list(server['addresses']) == ['mine']
    _delete_all(user, [server_id])
    assert user.delete('/os-tenant-networks/%s' % mine['id']
                       ).status_code == 202
    assert mine not in user.get('/os-tenant-networks').json()['networks']
    # A project makes at most [network] tenant_networks_limit (3).
    made = []
    for index in range(3):
        resp = user.post('/os-tenant-networks', json={'network': {
            'label': 'n%d' % index, 'cidr': '172.29.2.%d/28' % (16 * index)}})
        assert resp.status_code == 200, resp.text
        made.append(resp.json()['network']['id'])
    resp = user.post('/os-tenant-networks', json={'network': {
        'label': 'n3', 'cidr': '172.29.2.48/28'}})
    assert resp.status_code == 403
    assert 'too many networks' in resp.json()['forbidden']['message']
    for network_id in made:
        assert user.delete('/os-tenant-networks/%s' % network_id
                           ).status_code == 202


def test_fixed_ips_api(aio):
    admin = aio.api
    network = _network(admin, '172.28.0.0/29', label='fixed-net')
    v24 = admin.as_user('admin:admin', version='2.4')
    shown = v24.get('/os-fixed-ips/172.28.0.3').json()['fixed_ip']
    assert shown == {'address': '172.28.0.3', 'cidr': '172.28.0.0/29',
                     'host': None, 'hostname': None, 'reserved': False}
    assert 'reserved' not in admin.get('/os-fixed-ips/172.28.0.3').json()[
        'fixed_ip']
    url = '/os-fixed-ips/172.28.0.3/action'
    assert admin.post(url, json={'reserve': None}).status_code == 202
    assert v24.get('/os-fixed-ips/172.28.0.3').json()['fixed_ip'][
        'reserved'] is True
    assert admin.post(url, json={'unreserve': None}).status_code == 202
    assert v24.get('/os-fixed-ips/172.28.0.3').json()['fixed_ip'][
        'reserved'] is False
    assert admin.get('/os-fixed-ips/10.255.255.77').status_code == 404
    assert admin.get('/os-fixed-ips/not-an-ip').status_code == 400
    assert admin.post('/os-fixed-ips/10.255.255.77/action',
                      json={'reserve': None}).status_code == 404
    user = admin.as_user('u:%s' % _project('fx'))
    assert user.get('/os-fixed-ips/172.28.0.3').status_code == 403
    admin.delete('/os-networks/%s' % network['id'])


# Floating IPs ----------------------------------------------------------------

def test_floating_ips(cloud):
    admin = cloud.api
    pool = 'pool-%s' % uuid.uuid4().hex[:6]
    third = 100 + hash(pool) % 100
    ip_range = '203.0.%d.0/29' % third
    resp = admin.post('/os-floating-ips-bulk', json={
        'floating_ips_bulk_create': {'ip_range': ip_range, 'pool': pool}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['floating_ips_bulk_create']['pool'] == pool
    assert admin.post('/os-floating-ips-bulk', json={
        'floating_ips_bulk_create': {'ip_range': ip_range}}
    ).status_code == 409
    assert {'name': pool} in admin.get('/os-floating-ip-pools').json()[
        'floating_ip_pools']
    project = _project('fip')
    api = admin.as_user('u:%s' % project)
    resp = api.post('/os-floating-ips', json={'pool': pool})
    assert resp.status_code == 200, resp.text
    floating = resp.json()['floating_ip']
    assert floating['pool'] == pool and floating['instance_id'] is None
    assert api.get('/os-floating-ips/%s' % floating['id']).json()[
        'floating_ip'] == floating
    assert api.get('/os-floating-ips').json()['floating_ips'] == [floating]
    other = admin.as_user('o:%s' % _project('other'))
    assert other.get('/os-floating-ips/%s' % floating['id']
                     ).status_code == 404
    assert other.delete('/os-floating-ips/%s' % floating['id']
                        ).status_code == 404
    assert api.post('/os-floating-ips', json={'pool': 'no-such-pool'}
                    ).status_code == 404
    # Associate with a server, see it in its addresses, take it away.
    server_id = _boot(api, 'public')
    server = api.wait_for_status(server_id, 'ACTIVE')
    [fixed] = _fixed_addresses(server)
    action = '/servers/%s/action' % server_id
    resp = api.post(action, json={'addFloatingIp': {
        'address': floating['ip']}})
    assert resp.status_code == 202, resp.text
    server = api.get('/servers/%s' % server_id).json()['server']
    [entries] = server['addresses'].values()
    assert [(e['addr'], e['OS-EXT-IPS:type']) for e in entries] == [
        (fixed, 'fixed'), (floating['ip'], 'floating')]
    shown = api.get('/os-floating-ips/%s' % floating['id']).json()[
        'floating_ip']
    assert shown['instance_id'] == server_id and shown['fixed_ip'] == fixed
    bulk = admin.get('/os-floating-ips-bulk').json()['floating_ip_info']
    assert {'address': floating['ip'], 'pool': pool, 'interface': 'eth0',
            'project_id': project, 'fixed_ip': fixed,
            'instance_uuid': server_id} in bulk
    # Another project's server cannot take it; unknown address is 404.
    assert api.post(action, json={'addFloatingIp': {
        'address': '198.51.100.1'}}).status_code == 404
    resp = api.post(action, json={'removeFloatingIp': {
        'address': floating['ip']}})
    assert resp.status_code == 202, resp.text
    assert api.post(action, json={'removeFloatingIp': {
        'address': floating['ip']}}).status_code == 409
    server = api.get('/servers/%s' % server_id).json()['server']
    assert _fixed_addresses(server) == [fixed]
    # Deleting the server frees the association, not the allocation.
    api.post(action, json={'addFloatingIp': {'address': floating['ip']}})
    _delete_all(api, [server_id])
    shown = api.get('/os-floating-ips/%s' % floating['id']).json()[
        'floating_ip']
    assert shown['instance_id'] is None and shown['fixed_ip'] is None
    assert api.delete('/os-floating-ips/%s' % floating['id']
                      ).status_code == 202
    assert api.get('/os-floating-ips').json()['floating_ips'] == []
    resp = admin.put('/os-floating-ips-bulk/delete',
                     json={'ip_range': ip_range})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'floating_ips_bulk_delete': ip_range}
    assert {'name': pool} not in admin.get('/os-floating-ip-pools').json()[
        'floating_ip_pools']


def test_floating_ip_quota_and_parallel_allocation(aio):
    """Parallel allocations never share an address; the quota holds."""
    admin = aio.api
    pool = 'race-%s' % uuid.uuid4().hex[:6]
    assert admin.post('/os-floating-ips-bulk', json={
        'floating_ips_bulk_create': {'ip_range': '198.18.7.0/27',
                                     'pool': pool}}).status_code == 200
    projects = [_project('race%d' % i) for i in range(3)]

    def allocate(project):
        client = admin.as_user('u:%s' % project)
        return client.post('/os-floating-ips', json={'pool': pool})

    with concurrent.futures.ThreadPoolExecutor(12) as pool_threads:
        responses = list(pool_threads.map(allocate, projects * 10))
    ok = [r.json()['floating_ip']['ip'] for r in responses
          if r.status_code == 200]
    assert len(ok) == len(set(ok))
    # The default quota is 10 floating IPs a project: 30 fit in 30.
    assert len(ok) == 30
    over = allocate(projects[0])
    assert over.status_code in (403, 404)
    limited = _project('limited')
    assert admin.put('/os-quota-sets/%s' % limited, json={
        'quota_set': {'floating_ips': 1}}).status_code == 200
    client = admin.as_user('u:%s' % limited)
    assert client.post('/os-floating-ips', json={'pool': pool}
                       ).status_code == 404  # the pool is empty now
    admin.put('/os-floating-ips-bulk/delete',
              json={'ip_range': '198.18.7.0/27'})
    assert admin.post('/os-floating-ips-bulk', json={
        'floating_ips_bulk_create': {'ip_range': '198.18.8.0/29',
                                     'pool': pool}}).status_code == 200
    assert client.post('/os-floating-ips', json={'pool': pool}
                       ).status_code == 200
    resp = client.post('/os-floating-ips', json={'pool': pool})
    assert resp.status_code == 403
    assert 'Quota exceeded' in resp.json()['forbidden']['message']
    admin.put('/os-floating-ips-bulk/delete',
              json={'ip_range': '198.18.8.0/29'})


def test_floating_ip_dns(aio):
    admin = aio.api
    domain = 'd%s.example.org' % uuid.uuid4().hex[:6]
    resp = admin.put('/os-floating-ip-dns/%s' % domain, json={
        'domain_entry': {'scope': 'public', 'project': 'p1'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['domain_entry'] == {
        'domain': domain, 'scope': 'public', 'project': 'p1',
        'availability_zone': None}
    assert admin.put('/os-floating-ip-dns/%s' % domain, json={
        'domain_entry': {'scope': 'private', 'project': 'p1'}}
    ).status_code == 400
    assert {'domain': domain, 'scope': 'public', 'project': 'p1',
            'availability_zone': None} in admin.get(
        '/os-floating-ip-dns').json()['domain_entries']
    user = admin.as_user('u:%s' % _project('dns'))
    assert user.put('/os-floating-ip-dns/%s' % domain, json={
        'domain_entry': {'scope': 'public'}}).status_code == 403
    entry_url = '/os-floating-ip-dns/%s/entries/web' % domain
    resp = user.put(entry_url, json={'dns_entry': {
        'ip': '192.0.2.10', 'dns_type': 'A'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['dns_entry']['ip'] == '192.0.2.10'
    assert user.get(entry_url).json()['dns_entry']['name'] == 'web'
    by_ip = user.get('/os-floating-ip-dns/%s/entries/192.0.2.10' % domain)
    assert [e['name'] for e in by_ip.json()['dns_entries']] == ['web']
    assert user.delete(entry_url).status_code == 202
    assert user.get(entry_url).status_code == 404
    assert user.delete(entry_url).status_code == 404
    assert admin.delete('/os-floating-ip-dns/%s' % domain).status_code == \
        202
    assert admin.delete('/os-floating-ip-dns/%s' % domain).status_code == \
        404


# Security groups -------------------------------------------------------------

def test_security_groups_and_rules(cloud):
    admin = cloud.api
    project = _project('sg')
    api = admin.as_user('u:%s' % project)
    groups = api.get('/os-security-groups').json()['security_groups']
    assert [g['name'] for g in groups] == ['default']
    resp = api.post('/os-security-groups', json={'security_group': {
        'name': 'web', 'description': 'web servers'}})
    assert resp.status_code == 200, resp.text
    web = resp.json()['security_group']
    assert web['tenant_id'] == project and web['rules'] == []
    assert api.post('/os-security-groups', json={'security_group': {
        'name': 'web', 'description': 'again'}}).status_code == 400
    rule_url = '/os-security-group-rules'
    resp = api.post(rule_url, json={'security_group_rule': {
        'parent_group_id': web['id'], 'ip_protocol': 'tcp',
        'from_port': 80, 'to_port': 80, 'cidr': '0.0.0.0/0'}})
    assert resp.status_code == 200, resp.text
    rule = resp.json()['security_group_rule']
    assert rule['ip_range'] == {'cidr': '0.0.0.0/0'}
    assert rule['group'] == {}
    default_id = groups[0]['id']
    resp = api.post(rule_url, json={'security_group_rule': {
        'parent_group_id': web['id'], 'ip_protocol': 'tcp',
        'from_port': 22, 'to_port': 22, 'group_id': default_id}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['security_group_rule']['group'] == {
        'name': 'default', 'tenant_id': project}
    for bad in ({'ip_protocol': 'tcp', 'from_port': 90, 'to_port': 80},
                {'ip_protocol': 'tcp', 'from_port': 0, 'to_port': 80},
                {'ip_protocol': 'gre', 'from_port': 1, 'to_port': 2},
                {'ip_protocol': 'tcp', 'from_port': 80, 'to_port': 80,
                 'cidr': 'nonsense'},
                {'ip_protocol': 'tcp', 'from_port': 80, 'to_port': 80}):
        bad['parent_group_id'] = web['id']
        resp = api.post(rule_url, json={'security_group_rule': bad})
        assert resp.status_code == 400, (bad, resp.text)
    shown = api.get('/os-security-groups/%s' % web['id']).json()[
        'security_group']
    assert len(shown['rules']) == 2
    # Another project sees none of it.
    other = admin.as_user('o:%s' % _project('other'))
    assert other.get('/os-security-groups/%s' % web['id']
                     ).status_code == 404
    assert other.post(rule_url, json={'security_group_rule': {
        'parent_group_id': web['id'], 'ip_protocol': 'udp',
        'from_port': 53, 'to_port': 53}}).status_code == 404
    # Servers: boot into web, add default, remove web.
    server_id = _boot(api, 'guarded', security_groups=[{'name': 'web'}])
    server = api.wait_for_status(server_id, 'ACTIVE')
    assert server['security_groups'] == [{'name': 'web'}]
    _boot(api, 'unknown-group', expect=400,
          security_groups=[{'name': 'nope'}])
    action = '/servers/%s/action' % server_id
    assert api.post(action, json={'addSecurityGroup': {'name': 'default'}}
                    ).status_code == 202
    assert api.post(action, json={'addSecurityGroup': {'name': 'default'}}
                    ).status_code == 400
    assert api.post(action, json={'addSecurityGroup': {'name': 'nope'}}
                    ).status_code == 404
    names = sorted(g['name'] for g in api.get(
        '/servers/%s/os-security-groups' % server_id).json()[
        'security_groups'])
    assert names == ['default', 'web']
    # In use: cannot be deleted.
    assert api.delete('/os-security-groups/%s' % web['id']
                      ).status_code == 400
    assert api.post(action, json={'removeSecurityGroup': {'name': 'web'}}
                    ).status_code == 202
    assert api.post(action, json={'removeSecurityGroup': {'name': 'web'}}
                    ).status_code == 400
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['security_groups'] == [{'name': 'default'}]
    # Update, delete a rule, delete the group; default stays.
    resp = api.put('/os-security-groups/%s' % web['id'], json={
        'security_group': {'name': 'www', 'description': 'renamed'}})
    assert resp.status_code == 200 and resp.json()['security_group'][
        'name'] == 'www'
    assert api.delete('%s/%s' % (rule_url, rule['id'])).status_code == 202
    assert api.delete('%s/%s' % (rule_url, rule['id'])).status_code == 404
    assert api.delete('/os-security-groups/%s' % web['id']
                      ).status_code == 202
    assert api.get('/os-security-groups/%s' % web['id']).status_code == 404
    assert api.delete('/os-security-groups/%s' % default_id
                      ).status_code == 400
    _delete_all(api, [server_id])


def test_security_group_quotas(aio):
    admin = aio.api
    project = _project('sgq')
    # Each group's two default egress rules count, as in Neutron: room
    # for one more.
    assert admin.put('/os-quota-sets/%s' % project, json={'quota_set': {
        'security_groups': 2, 'security_group_rules': 3}}
    ).status_code == 200
    api = admin.as_user('u:%s' % project)
    api.get('/os-security-groups')  # makes 'default': one of the two
    resp = api.post('/os-security-groups', json={'security_group': {
        'name': 'one', 'description': ''}})
    assert resp.status_code == 200, resp.text
    group_id = resp.json()['security_group']['id']
    resp = api.post('/os-security-groups', json={'security_group': {
        'name': 'two', 'description': ''}})
    assert resp.status_code == 403
    assert 'Quota exceeded' in resp.json()['forbidden']['message']
    rule = {'parent_group_id': group_id, 'ip_protocol': 'icmp',
            'from_port': -1, 'to_port': -1}
    assert api.post('/os-security-group-rules', json={
        'security_group_rule': rule}).status_code == 200
    rule['ip_protocol'] = 'udp'
    rule.update(from_port=53, to_port=53)
    assert api.post('/os-security-group-rules', json={
        'security_group_rule': rule}).status_code == 403
    usage = api.get('/limits').json()['limits']['absolute']
    assert usage['totalSecurityGroupsUsed'] == 2


def test_security_group_default_rules(aio):
    admin = aio.api
    url = '/os-security-group-default-rules'
    resp = admin.post(url, json={'security_group_default_rule': {
        'ip_protocol': 'TCP', 'from_port': 2222, 'to_port': 2222,
        'cidr': '10.0.0.0/8'}})
    assert resp.status_code == 200, resp.text
    rule = resp.json()['security_group_default_rule']
    assert rule['ip_protocol'] == 'tcp'
    assert rule['ip_range'] == {'cidr': '10.0.0.0/8'}
    assert admin.post(url, json={'security_group_default_rule': {
        'ip_protocol': 'tcp', 'from_port': 2222, 'to_port': 2222,
        'cidr': '10.0.0.0/8'}}).status_code == 400
    assert rule in admin.get(url).json()['security_group_default_rules']
    assert admin.get('%s/%s' % (url, rule['id'])).json() == {
        'security_group_default_rule': rule}
    # A new project's default group starts with it.
    user = admin.as_user('u:%s' % _project('dflt'))
    [group] = user.get('/os-security-groups').json()['security_groups']
    assert any(r['from_port'] == 2222 for r in group['rules'])
    assert user.get(url).status_code == 403
    assert admin.delete('%s/%s' % (url, rule['id'])).status_code == 204
    assert admin.get('%s/%s' % (url, rule['id'])).status_code == 404


# Interfaces and fixed IPs of a server ----------------------------------------

def test_interfaces_and_multinic(aio):
    admin = aio.api
    project = _project('nic')
    api = admin.as_user('u:%s' % project)
    first = _network(admin, '172.27.1.0/28', project_id=project,
                     label='first')
    second = _network(admin, '172.27.2.0/28', project_id=project,
                      label='second')
    server_id = _boot(api, 'multi-nic', networks=[{'uuid': first['id']}])
    api.wait_for_status(server_id, 'ACTIVE')
    url = '/servers/%s/os-interface' % server_id
    [attachment] = api.get(url).json()['interfaceAttachments']
    assert attachment['net_id'] == first['id']
    resp = api.post(url, json={'interfaceAttachment': {
        'net_id': second['id'],
        'fixed_ips': [{'ip_address': '172.27.2.5'}]}})
    assert resp.status_code == 200, resp.text
    added = resp.json()['interfaceAttachment']
    assert added['fixed_ips'][0]['ip_address'] == '172.27.2.5'
    assert api.get('%s/%s' % (url, added['port_id'])).json()[
        'interfaceAttachment'] == added
    server = api.get('/servers/%s' % server_id).json()['server']
    assert sorted(server['addresses']) == ['first', 'second']
    assert api.delete('%s/%s' % (url, added['port_id'])).status_code == 202
    assert api.get('%s/%s' % (url, added['port_id'])).status_code == 404
    assert api.delete('%s/%s' % (url, added['port_id'])).status_code == 404
    # addFixedIp / removeFixedIp.
    action = '/servers/%s/action' % server_id
    resp = api.post(action, json={'addFixedIp': {'networkId': second['id']}})
    assert resp.status_code == 202, resp.text
    server = api.get('/servers/%s' % server_id).json()['server']
    [extra] = [a['addr'] for a in server['addresses']['second']]
    assert api.post(action, json={'removeFixedIp': {'address': extra}}
                    ).status_code == 202
    assert api.post(action, json={'removeFixedIp': {'address': extra}}
                    ).status_code == 400
    assert api.post(action, json={'addFixedIp': {
        'networkId': str(uuid.uuid4())}}).status_code == 404
    server = api.get('/servers/%s' % server_id).json()['server']
    assert list(server['addresses']) == ['first']
    other = admin.as_user('o:%s' % _project('other'))
    assert other.get(url).status_code == 404
    _delete_all(api, [server_id])
    for network in (first, second):
        assert admin.delete('/os-networks/%s' % network['id']
                            ).status_code == 202


def test_fixed_ip_quota(aio):
    admin = aio.api
    project = _project('fq')
    assert admin.put('/os-quota-sets/%s' % project, json={'quota_set': {
        'fixed_ips': 1}}).status_code == 200
    api = admin.as_user('u:%s' % project)
    server_id = _boot(api, 'only-one')
    api.wait_for_status(server_id, 'ACTIVE')
    body = _boot(api, 'second', expect=403)
    assert 'fixed IPs' in body['forbidden']['message']
    assert [s['id'] for s in api.get('/servers').json()['servers']] == [
        server_id]
    _delete_all(api, [server_id])


@pytest.mark.parametrize('path', ['/os-networks', '/os-tenant-networks',
                                  '/os-floating-ip-pools',
                                  '/os-floating-ips',
                                  '/os-security-groups'])
def test_lists_answer_for_a_new_project(aio, path):
    resp = aio.api.as_user('u:%s' % _project('new')).get(path)
    assert resp.status_code == 200, resp.text


# nova-manage -----------------------------------------------------------------

def _manage(cloud, *args, check=True):
    import os
    import subprocess
    import sys
    cmd = [os.path.join(os.path.dirname(sys.executable), 'nova-manage'),
           '--config-file', cloud.config_file] + list(args)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stderr
    return done


# Twelve nova-manage processes: on the all-in-one and one server database
# (the unit tests run the same database calls on all three).
@pytest.mark.parametrize('cloud', ['sqlite-inproc', 'mysql-rabbit'],
                         indirect=True)
def test_nova_manage_network_and_floating(cloud):
    admin = cloud.api
    done = _manage(cloud, 'network', 'create', '--label', 'managed',
                   '--fixed_range_v4', '172.26.0.0/27', '--num_networks',
                   '2', '--network_size', '16', '--vlan', '300')
    assert 'managed' in done.stdout
    networks = {n['label']: n for n in admin.get('/os-networks').json()[
        'networks']}
    assert networks['managed']['cidr'] == '172.26.0.0/28'
    assert networks['managed']['vlan'] == 300
    assert networks['managed_1']['cidr'] == '172.26.0.16/28'
    assert networks['managed_1']['vlan'] == 301
    listing = _manage(cloud, 'network', 'list').stdout
    assert '172.26.0.0/28' in listing and '172.26.0.16/28' in listing
    _manage(cloud, 'network', 'modify', '172.26.0.0/28', '--project',
            'managed-project', '--host', 'hostA')
    network = admin.get('/os-networks/%s' % networks['managed']['id']
                        ).json()['network']
    assert (network['project_id'], network['host']) == (
        'managed-project', 'hostA')
    _manage(cloud, 'network', 'modify', '--fixed_range', '172.26.0.0/28',
            '--disassociate-project', '--disassociate-host')
    network = admin.get('/os-networks/%s' % networks['managed']['id']
                        ).json()['network']
    assert (network['project_id'], network['host']) == (None, None)
    failed = _manage(cloud, 'network', 'create', '--fixed_range_v4',
                     'nonsense', check=False)
    assert failed.returncode != 0 and 'nonsense' in failed.stderr
    _manage(cloud, 'network', 'delete', '172.26.0.0/28')
    _manage(cloud, 'network', 'delete', '--uuid',
            networks['managed_1']['id'])
    labels = [n['label'] for n in admin.get('/os-networks').json()[
        'networks']]
    assert 'managed' not in labels and 'managed_1' not in labels
    assert _manage(cloud, 'network', 'delete', '172.26.0.0/28',
                   check=False).returncode != 0

    done = _manage(cloud, 'floating', 'create', '198.51.100.0/29',
                   '--pool', 'managed-pool')
    assert 'Created 6 floating IPs' in done.stdout
    assert {'name': 'managed-pool'} in admin.get(
        '/os-floating-ip-pools').json()['floating_ip_pools']
    listing = _manage(cloud, 'floating', 'list').stdout
    assert '198.51.100.1' in listing and 'managed-pool' in listing
    assert _manage(cloud, 'floating', 'create', '198.51.100.1',
                   check=False).returncode != 0
    done = _manage(cloud, 'floating', 'delete', '198.51.100.0/29')
    assert 'Deleted 6 floating IPs' in done.stdout
    assert {'name': 'managed-pool'} not in admin.get(
        '/os-floating-ip-pools').json()['floating_ip_pools']


# Data plane (fake plumbing driver) -------------------------------------------

def _plumbing(cloud, instance_uuid):
    import json
    import os
    path = os.path.join(cloud.state_path, 'fake-network-plumbing.jsonl')
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [r for r in map(json.loads, f)
                if r['instance_uuid'] == instance_uuid]


def _wait_for_step(cloud, instance_uuid, predicate, timeout=30):
    import time
    deadline = time.time() + timeout
    while time.time() < deadline:
        steps = _plumbing(cloud, instance_uuid)
        if any(predicate(s) for s in steps):
            return steps
        time.sleep(0.1)
    raise AssertionError('no such plumbing step for %s: %s' % (
        instance_uuid, _plumbing(cloud, instance_uuid)[-5:]))


def test_compute_plugs_refreshes_and_unplugs(cloud):
    """nova-compute plugs the guest before it starts, re-plugs it when a
    rule of its group changes, unplugs it at delete."""
    project = _project('plumb')
    api = cloud.api.as_user('u:%s' % project)
    server_id = _boot(api, 'plumbed')
    server = api.wait_for_status(server_id, 'ACTIVE')
    [address] = _fixed_addresses(server)
    steps = _plumbing(cloud, server_id)
    kinds = [s['step'] for s in steps]
    assert kinds[0] == 'ensure_bridge' and 'dhcp_host' in kinds
    [host] = [s['args'] for s in steps if s['step'] == 'dhcp_host']
    assert host['address'] == address and host['hostname'] == 'plumbed'
    [group] = api.get('/os-security-groups').json()['security_groups']
    resp = api.post('/os-security-group-rules', json={'security_group_rule': {
        'parent_group_id': group['id'], 'ip_protocol': 'tcp',
        'from_port': 8080, 'to_port': 8080, 'cidr': '198.51.100.0/24'}})
    assert resp.status_code == 200, resp.text
    _wait_for_step(cloud, server_id, lambda s: s['step'] == 'nft' and (
        'ip saddr { 198.51.100.0/24 } tcp dport 8080 accept'
        in s['args']['script']))
    _delete_all(api, [server_id])
    steps = _wait_for_step(cloud, server_id,
                           lambda s: s['step'] == 'dhcp_host_remove')
    # Nothing plugs after the unplug: at most the teardown of a network
    # it was the host's last guest on follows.
    kinds = [s['step'] for s in steps]
    after = kinds[len(kinds) - kinds[::-1].index('dhcp_host_remove'):]
    assert set(after) <= {'nft', 'teardown_network'}, kinds
