"""[network] backend = neutron against a real neutron-server (PyPI
neutron, ML2, no agents; tools/peers/neutron_peer.py): the control-plane
calls Nova makes (ports created, bound, given back, deleted, interfaces
attached and detached) as upstream Neutron answers them.

No L2 agent runs: the peer's `agentless` mechanism driver binds the
ports and marks them ACTIVE in an agent's place, so neutron-server
itself sends Nova the network-vif-plugged events nova-compute waits for
(its Nova notifier posts to this cloud's os-server-external-events).
Networks named unbindable-* are never bound (binding_failed).

Skipped when the peer cannot be installed or the MariaDB is away;
under CI=true that fails instead.
"""

import os
import sys
import threading
import time
import uuid

import pytest

from tests.functional import cloud as cloud_lib
from tests.functional.actions_helpers import seeded_image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..',
                                'tools', 'peers'))
import common as peers_common  # noqa: E402
import neutron_peer  # noqa: E402

PROJECT = 'rns-%s' % uuid.uuid4().hex[:6]
TOKEN = 'rnsuser:%s' % PROJECT
# nova-compute's wait for network-vif-plugged: a real neutron-server
# sends the events, so a boot that goes ACTIVE well within this got them.
VIF_TIMEOUT = 40


def _missing(reason):
    """Fail under CI, skip elsewhere."""
    if os.environ.get('CI') == 'true':
        pytest.fail('real neutron-server not available: %s' % reason)
    pytest.skip('real neutron-server not available: %s (run '
                'tools/peers/install.sh neutron; needs the MariaDB at '
                '127.0.0.1:3306)' % reason)


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    """One neutron-server and one all-in-one using it, started side by
    side (the Neutron database upgrade takes most of a minute)."""
    try:
        peers_common.install('neutron')
    except Exception as error:
        _missing('tools/peers/install.sh neutron failed: %s' % error)
    workdir = tmp_path_factory.mktemp('real-neutron')
    cloud = cloud_lib.Cloud(workdir / 'nova', options={
        'network.backend': 'neutron',
        'neutron.auth_type': 'none',
        'neutron.timeout': 30,
        'vif_plugging_timeout': VIF_TIMEOUT,
        'vif_plugging_is_fatal': 'true'})
    neutron = neutron_peer.Neutron(str(workdir / 'neutron'),
                                   nova_url=cloud.endpoint,
                                   nova_token='admin:admin')
    cloud.options['neutron.endpoint_override'] = neutron.url
    failure = []

    def start_neutron():
        try:
            neutron.start()
        except Exception as error:
            failure.append(error)

    started = time.time()
    thread = threading.Thread(target=start_neutron)
    thread.start()
    try:
        cloud.start()
    except Exception:
        thread.join()
        neutron.stop()
        cloud.stop()
        raise
    thread.join()
    if failure:
        cloud.stop()
        if "Can't connect to MySQL" in str(failure[0]):
            _missing('no MariaDB at %s for its database'
                     % neutron_peer.MYSQL_URL)
        raise failure[0]
    print('neutron-server and the cloud up in %.1fs'
          % (time.time() - started))
    yield cloud, neutron
    cloud.stop()
    neutron.stop()


def _ok(result, status=200):
    code, body = result
    assert code == status, body
    return body


@pytest.fixture(scope='module')
def neutron(env):
    return env[1]


@pytest.fixture(scope='module')
def cloud(env):
    return env[0]


@pytest.fixture(scope='module')
def api(cloud):
    return cloud.api.as_user(TOKEN, '2.37')


@pytest.fixture(scope='module')
def network(neutron):
    """The project's network and IPv4 subnet, made in neutron-server."""
    net = _ok(neutron.request('POST', '/networks', {'network': {
        'name': 'rns-net', 'project_id': PROJECT}}), 201)['network']
    subnet = _ok(neutron.request('POST', '/subnets', {'subnet': {
        'network_id': net['id'], 'cidr': '10.88.0.0/24', 'ip_version': 4,
        'project_id': PROJECT}}), 201)['subnet']
    return net, subnet


def _boot(api, name, networks, status='ACTIVE'):
    resp = api.post('/servers', json={'server': {
        'name': name, 'imageRef': seeded_image(api), 'flavorRef': '1',
        'networks': networks}})
    assert resp.status_code == 202, resp.text
    started = time.time()
    server = api.wait_for_status(resp.json()['server']['id'],
                                 ['ACTIVE', 'ERROR'],
                                 timeout=VIF_TIMEOUT + 30)
    assert server['status'] == status, server.get('fault')
    return server, time.time() - started


def _ports(neutron, server_id):
    return _ok(neutron.request('GET', '/ports?device_id=%s'
                               % server_id))['ports']


def _port(neutron, port_id):
    return _ok(neutron.request('GET', '/ports/%s' % port_id))['port']


def _delete(api, server_id):
    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_deletion(server_id)


def _addresses(api, server_id):
    server = api.get('/servers/%s' % server_id).json()['server']
    return {a['addr'] for entries in server['addresses'].values()
            for a in entries}


def test_boot_on_network_binds_a_port_neutron_server_wires(
        cloud, api, neutron, network):
    net, subnet = network
    server, took = _boot(api, 'rns-net-server', [{'uuid': net['id']}])
    # The port went DOWN -> ACTIVE when bound: neutron-server's
    # network-vif-plugged event ended nova-compute's wait early.
    assert took < VIF_TIMEOUT, took
    ports = _ports(neutron, server['id'])
    assert len(ports) == 1
    port = ports[0]
    host = cloud.api.get('/servers/%s' % server['id']).json()['server'][
        'OS-EXT-SRV-ATTR:host']
    assert port['binding:host_id'] == host
    assert port['binding:vif_type'] == 'bridge'
    assert port['status'] == 'ACTIVE'
    assert port['device_owner'] == 'compute:nova'
    assert port['project_id'] == PROJECT
    assert port['fixed_ips'][0]['subnet_id'] == subnet['id']
    body = api.get('/servers/%s' % server['id']).json()['server']
    entry = body['addresses']['rns-net'][0]
    assert entry['addr'] == port['fixed_ips'][0]['ip_address']
    assert entry['OS-EXT-IPS-MAC:mac_addr'] == port['mac_address']
    _delete(api, server['id'])
    assert neutron.request('GET', '/ports/%s' % port['id'])[0] == 404
    assert _ports(neutron, server['id']) == []


def test_boot_on_precreated_port_gives_it_back(api, neutron, network):
    net, _ = network
    port = _ok(neutron.request('POST', '/ports', {'port': {
        'network_id': net['id'], 'name': 'mine',
        'project_id': PROJECT}}), 201)['port']
    assert port['binding:vif_type'] == 'unbound'
    server, _ = _boot(api, 'rns-port-server', [{'port': port['id']}])
    bound = _port(neutron, port['id'])
    assert bound['device_id'] == server['id']
    assert bound['device_owner'] == 'compute:nova'
    assert bound['binding:host_id'] and bound['status'] == 'ACTIVE'
    assert _addresses(api, server['id']) == {
        port['fixed_ips'][0]['ip_address']}
    _delete(api, server['id'])
    kept = _port(neutron, port['id'])
    assert kept['device_id'] == '' and kept['device_owner'] == ''
    assert kept['binding:host_id'] == ''
    assert kept['binding:vif_type'] == 'unbound'
    assert kept['fixed_ips'] == port['fixed_ips']
    _ok(neutron.request('DELETE', '/ports/%s' % port['id']), 204)


def test_interface_attach_and_detach(api, neutron, network):
    net, _ = network
    server, _ = _boot(api, 'rns-iface-server', [{'uuid': net['id']}])
    url = '/servers/%s/os-interface' % server['id']
    resp = api.post(url, json={'interfaceAttachment': {'net_id': net['id']}})
    assert resp.status_code == 200, resp.text
    made = resp.json()['interfaceAttachment']
    assert made['net_id'] == net['id'] and made['fixed_ips']
    port = _port(neutron, made['port_id'])
    assert port['device_id'] == server['id']
    assert port['binding:host_id'] and port['binding:vif_type'] == 'bridge'

    mine = _ok(neutron.request('POST', '/ports', {'port': {
        'network_id': net['id'], 'project_id': PROJECT}}), 201)['port']
    resp = api.post(url, json={'interfaceAttachment': {
        'port_id': mine['id']}})
    assert resp.status_code == 200, resp.text
    assert _port(neutron, mine['id'])['device_id'] == server['id']
    assert len(api.get(url).json()['interfaceAttachments']) == 3
    assert len(_addresses(api, server['id'])) == 3

    # Detached: the port Nova made is deleted, the user's given back.
    assert api.delete('%s/%s' % (url, made['port_id'])).status_code == 202
    assert api.delete('%s/%s' % (url, mine['id'])).status_code == 202
    deadline = time.time() + 30
    while len(api.get(url).json()['interfaceAttachments']) > 1:
        assert time.time() < deadline, 'interfaces still attached'
        time.sleep(0.3)
    assert neutron.request('GET', '/ports/%s' % made['port_id'])[0] == 404
    back = _port(neutron, mine['id'])
    assert back['device_id'] == '' and back['binding:host_id'] == ''
    _delete(api, server['id'])
    assert _ports(neutron, server['id']) == []


def test_networks_auto_and_none(api, neutron, network):
    """2.37: "auto" finds the project's network in neutron-server (its
    project_id and shared filters), "none" makes no port."""
    net, _ = network
    server, _ = _boot(api, 'rns-auto', 'auto')
    ports = _ports(neutron, server['id'])
    assert [p['network_id'] for p in ports] == [net['id']]
    alone, _ = _boot(api, 'rns-none', 'none')
    assert _ports(neutron, alone['id']) == []
    for made in (server, alone):
        _delete(api, made['id'])
    assert _ports(neutron, server['id']) == []


def test_binding_failed_fails_the_build_and_leaves_no_port(
        cloud, api, neutron):
    """A port neutron-server cannot bind (binding:vif_type
    binding_failed): the build fails (PortBindingFailed, as upstream
    Nova), is rescheduled, and with one host the server ends in ERROR;
    the port Nova made is deleted."""
    net = _ok(neutron.request('POST', '/networks', {'network': {
        'name': 'unbindable-net', 'project_id': PROJECT}}), 201)['network']
    _ok(neutron.request('POST', '/subnets', {'subnet': {
        'network_id': net['id'], 'cidr': '10.89.0.0/24', 'ip_version': 4,
        'project_id': PROJECT}}), 201)
    server, _ = _boot(api, 'rns-unbindable', [{'uuid': net['id']}],
                      status='ERROR')
    assert 'Binding failed for port' in cloud.logs(tail=400)
    assert _ports(neutron, server['id']) == []
    _delete(api, server['id'])
