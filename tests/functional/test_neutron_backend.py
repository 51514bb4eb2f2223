"""[network] backend = neutron: a cloud whose servers' ports live in
another process's Neutron v2.0 API, reached over HTTP through a
keystoneauth session (auth_type none, endpoint_override).

The "Neutron" is the built-in Neutron API listener of the `aio` cloud
(a separate nova-all process with its own database); the cloud under
test serves no Neutron API of its own.
"""

import time

import psutil
import pytest

from tests.functional import cloud as cloud_lib
from tests.functional.actions_helpers import seeded_image
from tests.functional import neutron_helpers as nh

PROJECT = nh.project('nbe')
TOKEN = 'nbeuser:%s' % PROJECT
FAIL_NAME = 'nbe-fails-to-spawn'


@pytest.fixture(scope='module')
def neutron(aio):
    return nh.neutron(aio, TOKEN)


@pytest.fixture(scope='module', params=['sqlite-inproc', 'mysql-rabbit'])
def on_neutron(request, aio, tmp_path_factory):
    """The all-in-one, and split daemons (nova-compute binds the ports
    from its own process, the conductor releases them)."""
    workdir = tmp_path_factory.mktemp('on-neutron')
    split = request.param == 'mysql-rabbit'
    running = cloud_lib.Cloud(
        workdir, database='mysql' if split else 'sqlite', split=split,
        options={
            'network.backend': 'neutron',
            'neutron.auth_type': 'none',
            'neutron.endpoint_override': aio.network_endpoint,
            'neutron.timeout': 30,
            # The built-in Neutron API of aio sends no events to this
            # cloud (test_vif_plugged_* play Neutron's part by hand).
            'vif_plugging_timeout': 0,
            'fake_driver.fail_spawn_for_names': FAIL_NAME})
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


@pytest.fixture(scope='module')
def api(on_neutron):
    return on_neutron.api.as_user(TOKEN, '2.37')


@pytest.fixture(scope='module')
def network(neutron):
    """The project's network and subnet, routed to aio's 'public'. Made
    once per aio: with work stealing, one worker may set this module up
    twice against its session aio, and the built-in networking refuses a
    second 10.77.0.0/24."""
    public = [n for n in neutron.get('/networks').json()['networks']
              if n.get('router:external')][0]
    made = neutron.get('/networks?name=nbe-net').json()['networks']
    if made:
        subnet = neutron.get('/subnets?network_id=%s' % made[0][
            'id']).json()['subnets'][0]
        return {'network': made[0], 'subnet': subnet, 'public': public}
    net = nh.created(neutron.post('/networks', json={
        'network': {'name': 'nbe-net'}}), 'network')
    subnet = nh.created(neutron.post('/subnets', json={'subnet': {
        'network_id': net['id'], 'cidr': '10.77.0.0/24',
        'ip_version': 4}}), 'subnet')
    router = nh.created(neutron.post('/routers', json={'router': {
        'name': 'nbe-router',
        'external_gateway_info': {'network_id': public['id']}}}), 'router')
    resp = neutron.put('/routers/%s/add_router_interface' % router['id'],
                       json={'subnet_id': subnet['id']})
    assert resp.status_code == 200, resp.text
    return {'network': net, 'subnet': subnet, 'public': public}


def _listening_ports(cloud):
    ports = set()
    for proc in cloud.processes.values():
        parent = psutil.Process(proc.pid)
        for member in [parent] + parent.children(recursive=True):
            ports.update(conn.laddr.port for conn in
                         member.net_connections(kind='inet')
                         if conn.status == psutil.CONN_LISTEN)
    assert ports, 'the cloud listens nowhere'
    return ports


def test_no_builtin_neutron_api_beside_neutron(on_neutron, neutron):
    """The all-in-one serves no Neutron API of its own: its listener's
    port stays free and the compute endpoint hands /v2.0 to no Neutron
    API."""
    if not on_neutron.split:
        # The cloud's own sockets: another test's process may have taken
        # the unused port number meanwhile.
        assert on_neutron.network_port not in _listening_ports(on_neutron)
    resp = on_neutron.api.get(on_neutron.endpoint.rsplit('/', 1)[0] +
                              '/v2.0/networks')
    # The Compute API's version choices, not a list of networks.
    assert resp.status_code == 300 and 'networks' not in resp.json()


def _create(api, name, networks):
    resp = api.post('/servers', json={'server': {
        'name': name, 'imageRef': seeded_image(api), 'flavorRef': '1',
        'networks': networks}})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _boot(api, name, networks):
    server_id = _create(api, name, networks)
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    return server


def _ports(neutron, server_id):
    # binding:* are an administrator's attributes, as in Neutron.
    neutron = neutron.as_user('admin:admin')
    return neutron.get('/ports', params={'device_id': server_id}).json()[
        'ports']


def _addresses(api, server_id):
    server = api.get('/servers/%s' % server_id).json()['server']
    return {a['addr'] for entries in server['addresses'].values()
            for a in entries}


def _wait(predicate, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError('condition not met in %ss' % timeout)


def test_boot_on_network_creates_and_binds_a_port(on_neutron, api,
                                                  neutron, network):
    server = _boot(api, 'nbe-net-server', [{'uuid':
                                            network['network']['id']}])
    ports = _ports(neutron, server['id'])
    assert len(ports) == 1
    port = ports[0]
    host = on_neutron.api.get('/servers/%s' % server['id']).json()[
        'server']['OS-EXT-SRV-ATTR:host']
    assert port['binding:host_id'] == host
    assert port['device_owner'].startswith('compute:')
    assert port['project_id'] == PROJECT
    address = port['fixed_ips'][0]['ip_address']
    assert address.startswith('10.77.0.')
    body = api.get('/servers/%s' % server['id']).json()['server']
    entry = body['addresses']['nbe-net'][0]
    assert entry['addr'] == address
    assert entry['OS-EXT-IPS-MAC:mac_addr'] == port['mac_address']
    # The server was deleted: the port Nova made goes with it.
    assert api.delete('/servers/%s' % server['id']).status_code == 204
    api.wait_for_deletion(server['id'])
    resp = neutron.get('/ports/%s' % port['id'])
    assert resp.status_code == 404, resp.text


def test_boot_on_precreated_port_keeps_it(api, neutron, network):
    port = nh.created(neutron.post('/ports', json={'port': {
        'network_id': network['network']['id'], 'name': 'mine'}}), 'port')
    server = _boot(api, 'nbe-port-server', [{'port': port['id']}])
    bound = neutron.as_user('admin:admin').get(
        '/ports/%s' % port['id']).json()['port']
    assert bound['device_id'] == server['id']
    assert bound['binding:host_id']
    assert _addresses(api, server['id']) == {
        port['fixed_ips'][0]['ip_address']}
    assert api.delete('/servers/%s' % server['id']).status_code == 204
    api.wait_for_deletion(server['id'])
    kept = neutron.as_user('admin:admin').get(
        '/ports/%s' % port['id']).json()['port']
    assert kept['device_id'] == ''
    assert kept['binding:host_id'] == ''
    assert kept['fixed_ips'] == port['fixed_ips']


def test_interface_attach_and_detach(api, neutron, network):
    net_id = network['network']['id']
    server = _boot(api, 'nbe-iface-server', [{'uuid': net_id}])
    url = '/servers/%s/os-interface' % server['id']
    resp = api.post(url, json={'interfaceAttachment': {'net_id': net_id}})
    assert resp.status_code == 200, resp.text
    made = resp.json()['interfaceAttachment']
    assert made['net_id'] == net_id and made['fixed_ips']
    port = neutron.as_user('admin:admin').get(
        '/ports/%s' % made['port_id']).json()['port']
    assert port['device_id'] == server['id'] and port['binding:host_id']
    assert len(api.get(url).json()['interfaceAttachments']) == 2

    mine = nh.created(neutron.post('/ports', json={'port': {
        'network_id': net_id}}), 'port')
    resp = api.post(url, json={'interfaceAttachment': {
        'port_id': mine['id']}})
    assert resp.status_code == 200, resp.text
    assert len(_addresses(api, server['id'])) == 3

    # Detaching deletes the port Nova made and gives back the user's.
    assert api.delete(url + '/' + made['port_id']).status_code == 202
    assert neutron.get('/ports/%s' % made['port_id']).status_code == 404
    assert api.delete(url + '/' + mine['id']).status_code == 202
    assert neutron.get('/ports/%s' % mine['id']).json()['port'][
        'device_id'] == ''
    assert len(api.get(url).json()['interfaceAttachments']) == 1
    resp = api.delete(url + '/' + mine['id'])
    assert resp.status_code == 404, resp.text
    # Both detached ports' addresses are gone from the server view.
    assert len(_addresses(api, server['id'])) == 1
    api.delete('/servers/%s' % server['id'])
    api.wait_for_deletion(server['id'])
    assert neutron.get('/ports/%s' % mine['id']).status_code == 200


def test_floating_ip_through_the_nova_proxy(api, neutron, network):
    server = _boot(api, 'nbe-fip-server', [{'uuid':
                                            network['network']['id']}])
    legacy = api.as_user(TOKEN, '2.1')
    resp = legacy.post('/os-floating-ips', json={'pool': 'public'})
    assert resp.status_code == 200, resp.text
    floating = resp.json()['floating_ip']
    assert floating['pool'] == 'public' and floating['instance_id'] is None
    resp = legacy.post('/servers/%s/action' % server['id'], json={
        'addFloatingIp': {'address': floating['ip']}})
    assert resp.status_code == 202, resp.text
    port = _ports(neutron, server['id'])[0]
    fips = neutron.get('/floatingips', params={
        'floating_ip_address': floating['ip']}).json()['floatingips']
    assert fips[0]['port_id'] == port['id']
    assert floating['ip'] in _addresses(api, server['id'])
    shown = legacy.get('/os-floating-ips/%s' % floating['id']).json()[
        'floating_ip']
    assert shown['instance_id'] == server['id']
    resp = legacy.post('/servers/%s/action' % server['id'], json={
        'removeFloatingIp': {'address': floating['ip']}})
    assert resp.status_code == 202, resp.text
    assert floating['ip'] not in _addresses(api, server['id'])
    assert legacy.delete('/os-floating-ips/%s' % floating['id']
                         ).status_code == 202
    assert neutron.get('/floatingips/%s' % floating['id']
                       ).status_code == 404
    api.delete('/servers/%s' % server['id'])
    api.wait_for_deletion(server['id'])


def test_failed_build_releases_ports(api, neutron, network):
    port = nh.created(neutron.post('/ports', json={'port': {
        'network_id': network['network']['id']}}), 'port')
    server_id = _create(api, FAIL_NAME, [{'uuid': network['network']['id']},
                                         {'port': port['id']}])
    server = api.wait_for_status(server_id, ['ERROR'])
    assert server['status'] == 'ERROR'
    # The port Nova made is deleted, the user's is free again.
    _wait(lambda: [p['id'] for p in _ports(neutron, server_id)] == [])
    assert neutron.get('/ports/%s' % port['id']).json()['port'][
        'device_id'] == ''
    api.delete('/servers/%s' % server_id)
    api.wait_for_deletion(server_id)


def test_unknown_network_is_a_bad_request(api):
    resp = api.post('/servers', json={'server': {
        'name': 'nbe-bad', 'imageRef': seeded_image(api), 'flavorRef': '1',
        'networks': [{'uuid': '00000000-0000-4000-8000-000000000077'}]}})
    assert resp.status_code == 400, resp.text


def test_security_groups_through_the_nova_proxy(api, neutron, network):
    """os-security-groups and addSecurityGroup manage Neutron's groups
    and the server's ports' groups."""
    legacy = api.as_user(TOKEN, '2.1')
    resp = legacy.post('/os-security-groups', json={'security_group': {
        'name': 'nbe-web', 'description': 'web'}})
    assert resp.status_code == 200, resp.text
    group = resp.json()['security_group']
    assert neutron.get('/security-groups/%s' % group['id']).json()[
        'security_group']['name'] == 'nbe-web'
    resp = legacy.post('/os-security-group-rules', json={
        'security_group_rule': {'parent_group_id': group['id'],
                                'ip_protocol': 'tcp', 'from_port': 22,
                                'to_port': 22, 'cidr': '10.0.0.0/8'}})
    assert resp.status_code == 200, resp.text
    rule = resp.json()['security_group_rule']
    shown = legacy.get('/os-security-groups/%s' % group['id']).json()[
        'security_group']
    assert [(r['ip_protocol'], r['from_port'], r['ip_range']['cidr'])
            for r in shown['rules']] == [('tcp', 22, '10.0.0.0/8')]

    server = _boot(api, 'nbe-sg-server', [{'uuid':
                                           network['network']['id']}])
    resp = legacy.post('/servers/%s/action' % server['id'], json={
        'addSecurityGroup': {'name': 'nbe-web'}})
    assert resp.status_code == 202, resp.text
    port = _ports(neutron, server['id'])[0]
    assert group['id'] in port['security_groups']
    names = {g['name'] for g in api.get('/servers/%s' % server['id']).json()[
        'server']['security_groups']}
    assert 'nbe-web' in names
    resp = legacy.post('/servers/%s/action' % server['id'], json={
        'removeSecurityGroup': {'name': 'nbe-web'}})
    assert resp.status_code == 202, resp.text
    assert group['id'] not in _ports(neutron, server['id'])[0][
        'security_groups']
    assert legacy.delete('/os-security-group-rules/%s' % rule['id']
                         ).status_code == 202
    api.delete('/servers/%s' % server['id'])
    api.wait_for_deletion(server['id'])
    assert legacy.delete('/os-security-groups/%s' % group['id']
                         ).status_code == 202
    assert neutron.get('/security-groups/%s' % group['id']
                       ).status_code == 404


def test_nova_network_only_apis_answer_400(api):
    legacy = api.as_user('admin:admin', '2.1')
    resp = legacy.post('/os-networks', json={'network': {
        'label': 'nbe-legacy', 'cidr': '10.99.0.0/24'}})
    assert resp.status_code == 400, resp.text
    assert 'backend = neutron' in resp.json()['badRequest']['message']


@pytest.fixture(scope='module')
def waiting(aio, tmp_path_factory):
    """An all-in-one on aio's Neutron that waits for network-vif-plugged
    (the test sends the event Neutron would send)."""
    workdir = tmp_path_factory.mktemp('on-neutron-waiting')
    running = cloud_lib.Cloud(workdir, options={
        'network.backend': 'neutron',
        'neutron.auth_type': 'none',
        'neutron.endpoint_override': aio.network_endpoint,
        'vif_plugging_timeout': 15})
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _bound_port(neutron, server_id):
    ports = []

    def bound():
        ports[:] = [p for p in _ports(neutron, server_id)
                    if p['binding:host_id']]
        return ports
    _wait(bound)
    return ports[0]


def test_vif_plugged_event_completes_the_build(waiting, neutron, network):
    """The build waits, after binding the port, for Neutron's
    network-vif-plugged event (POST /os-server-external-events)."""
    api = waiting.api.as_user(TOKEN, '2.37')
    server_id = _create(api, 'nbe-wait', [{'uuid':
                                           network['network']['id']}])
    port = _bound_port(neutron, server_id)
    time.sleep(1)
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['status'] == 'BUILD'
    resp = waiting.api.as_user('admin:admin', '2.51').post(
        '/os-server-external-events', json={'events': [{
            'name': 'network-vif-plugged', 'server_uuid': server_id,
            'tag': port['id'], 'status': 'completed'}]})
    assert resp.status_code == 200, resp.text
    assert api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])[
        'status'] == 'ACTIVE'
    api.delete('/servers/%s' % server_id)
    api.wait_for_deletion(server_id)


def test_vif_plugged_late_fails_the_build(waiting, neutron, network):
    api = waiting.api.as_user(TOKEN, '2.37')
    server_id = _create(api, 'nbe-no-event', [{'uuid':
                                               network['network']['id']}])
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'],
                                 timeout=90)
    assert server['status'] == 'ERROR'
    assert 'network-vif-plugged' in server['fault']['message'], server
    # The build was given up: its port is released.
    _wait(lambda: not _ports(neutron, server_id))
    api.delete('/servers/%s' % server_id)
    api.wait_for_deletion(server_id)
