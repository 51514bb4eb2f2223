"""A real QEMU guest on the built-in networking's Linux bridge.

The cloud runs the libvirt driver with [network] plumbing_driver =
linux_net on a test network of its own (a /24 of 10.253.0.0/16 on a
bridge without an uplink: every packet stays on this host). The guest's
/init (tools/libvirt/build-test-images.sh) runs udhcpc and prints
NOVA-NET-IP, fetches its instance-id from 169.254.169.254 and prints
NOVA-METADATA-INSTANCE-ID, and serves HTTP on port 8080. The checks read
what the guest printed (os-getConsoleOutput) and reach its port from the
host, which has the network's gateway address on the bridge.

Without a prepared host these tests skip locally and fail under CI.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import time

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional import ec2_cloud
from tests.functional import test_libvirt_guests as guests
from tests import libvirt_env

# One network per test worker (libvirt_env.worker_slot).
_SLOT = libvirt_env.worker_slot()
BRIDGE = 'brnovatest%d' % _SLOT
CIDR = '10.253.%d.0/24' % (100 + _SLOT)
GATEWAY = '10.253.%d.1' % (100 + _SLOT)
PORT = 8080  # the guest's HTTP listener
OPTIONS = dict(guests.OPTIONS, **{
    'network.plumbing_driver': 'linux_net',
    'network.default_network_cidr': CIDR,
    'network.flat_network_bridge': BRIDGE,
    # The guests resolve no names; no DNS server outside this host.
    'network.flat_network_dns': GATEWAY,
    # The host's own address on the bridge is in the network: only the
    # security group rules may let it in.
    'network.allow_same_net_traffic': 'false',
    # The guests' metadata requests arrive on the bridge's address: with
    # linux_net the default metadata_listen covers it (nova.bind_address).
    'metadata_listen': None,
    'metadata.cache_expiration': 0,
    # Floating and router gateway addresses go on the test bridge, which
    # the test removes, not on a real interface of the host.
    'network.public_interface': BRIDGE,
    # Its router's gateway address goes on that bridge too, and the
    # bridge's dnsmasq listens on every address of it: another worker's
    # cloud must not have the same one.
    'network.default_external_cidr': '10.252.%d.0/24' % (100 + _SLOT),
})


def _run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def _dnsmasq_pids(bridge=BRIDGE):
    """dnsmasq processes serving the test bridge (a crashed run's too)."""
    pids = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                args = f.read().split(b'\0')
        except OSError:
            continue
        if (args and args[0].endswith(b'dnsmasq') and
                ('--interface=%s' % bridge).encode() in args):
            pids.append(int(pid))
    return pids


def _clean_host(bridge=BRIDGE):
    """No dnsmasq, bridge or nftables table of the test network left."""
    for pid in _dnsmasq_pids(bridge):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    _run('ip', 'link', 'del', bridge)
    _run('nft', 'delete', 'table', 'ip', 'nova-n-%s' % bridge)
    deadline = time.time() + 10
    while _dnsmasq_pids(bridge) and time.time() < deadline:
        time.sleep(0.1)


def _require_network_host():
    for tool in ('nft', 'dnsmasq', 'dhcp_release', 'ip'):
        if not shutil.which(tool):
            libvirt_env.missing('%s is not installed (run '
                                'tools/network/setup-host.sh)' % tool)
    if _run('nft', 'list', 'tables').returncode != 0:
        libvirt_env.missing('nftables does not work on this host')


SHAPES = {
    'aio': {},
    # nova-compute without a database plumbs from what the conductor
    # gives it; nova-api-metadata is a process of its own.
    'split': {'database': 'mysql', 'split': True, 'ec2_metadata': True},
}


@pytest.fixture(scope='module', params=sorted(SHAPES))
def netcloud(request, tmp_path_factory):
    images = libvirt_env.require_qemu_host()
    _require_network_host()
    _clean_host()
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('libvirt-net'),
                              options=dict(OPTIONS),
                              **SHAPES[request.param])
    with serving(running, images, 'lvn', _clean_host):
        yield running


@contextlib.contextmanager
def serving(running, images, flavor, clean_host):
    """Start a real-guest cloud with a small flavor; on the way out
    delete its servers (their taps and DHCP entries go with them), stop
    it and clean_host() the host, even when the start failed."""
    # 169.254.169.254:80 goes to this cloud's metadata service.
    running.options['network.metadata_port'] = running.metadata_port
    try:
        running.start()
        running.test_images = images
        resp = running.api.post('/flavors', json={'flavor': {
            'name': flavor, 'ram': 128, 'vcpus': 1, 'disk': 0,
            'id': flavor}})
        assert resp.status_code == 200, resp.text
        yield running
        admin = running.api
        for server in admin.get('/servers').json()['servers']:
            admin.delete('/servers/%s' % server['id'])
        for server in admin.get('/servers').json()['servers']:
            admin.wait_for_deletion(server['id'])
    finally:
        running.stop()
        clean_host()


def _printed(output, marker):
    """The value the guest printed after marker."""
    return output.split(marker + ' ', 1)[1].splitlines()[0].strip()


def _answers(address, timeout=1.0):
    """Whether the guest's HTTP listener answers from this host."""
    session = requests.Session()
    session.trust_env = False  # straight to the guest, never a proxy
    try:
        resp = session.get('http://%s:%d/' % (address, PORT),
                           timeout=timeout)
    except requests.RequestException:
        return False
    return 'NOVA-GUEST-HTTP' in resp.text


def _wait_answers(address, expected, timeout=30):
    """Seconds until _answers(address) became expected."""
    started = time.time()
    while time.time() - started < timeout:
        # New connections each time, answered within 0.2s on a bridge.
        if _answers(address, timeout=0.2) == expected:
            return time.time() - started
        time.sleep(0.05)
    raise AssertionError('port %d of %s still %s after %ds' % (
        PORT, address, 'closed' if expected else 'open', timeout))


def _default_group(api):
    groups = api.get('/os-security-groups').json()['security_groups']
    return next(g for g in groups if g['name'] == 'default')


def _bridge_ports():
    out = _run('ip', '-o', 'link', 'show', 'master', BRIDGE).stdout
    return [line.split(': ')[1].split('@')[0] for line in out.splitlines()]


def _wait_dhcp(api, server_id, timeout=120):
    """The address the guest printed once its DHCP client finished."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        output = guests._console(api, server_id)
        assert 'NOVA-NET-DHCP-FAILED' not in output, output[-2000:]
        if 'NOVA-NET-IP ' in output:
            return _printed(output, 'NOVA-NET-IP')
        time.sleep(0.3)
    raise AssertionError('no NOVA-NET-IP from %s:\n%s' % (
        server_id, output[-2000:]))


def _check_floating_ip_through_router(cloud, server_id):
    """A floating IP of `public` associated through the Neutron API
    reaches the guest's port through the default router1, whose gateway
    address the network's traffic is source-NATed to; it stops when
    disassociated."""
    from tests.functional.neutron_helpers import neutron
    api = neutron(cloud)
    [public] = api.get('/networks', params={'name': 'public'}).json()[
        'networks']
    [router] = api.get('/routers', params={'name': 'router1'}).json()[
        'routers']
    gateway = router['external_gateway_info']['external_fixed_ips'][0][
        'ip_address']
    table = _run('nft', 'list', 'table', 'ip', 'nova-n-%s' % BRIDGE).stdout
    assert 'snat to %s' % gateway in table, table
    [port] = api.get('/ports', params={'device_id': server_id}).json()[
        'ports']
    resp = api.post('/floatingips', json={'floatingip': {
        'floating_network_id': public['id'], 'port_id': port['id']}})
    assert resp.status_code == 201, resp.text
    floating = resp.json()['floatingip']
    address = floating['floating_ip_address']
    assert floating['router_id'] == router['id']
    # The host's connections to an address it holds come from that
    # address: let it in.
    resp = api.post('/security-group-rules', json={'security_group_rule': {
        'security_group_id': port['security_groups'][0],
        'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp',
        'port_range_min': PORT, 'port_range_max': PORT,
        'remote_ip_prefix': '%s/32' % address}})
    assert resp.status_code == 201, resp.text
    rule_id = resp.json()['security_group_rule']['id']
    _wait_answers(address, True)
    resp = api.put('/floatingips/%s' % floating['id'], json={
        'floatingip': {'port_id': None}})
    assert resp.status_code == 200, resp.text
    _wait_answers(address, False)
    assert api.delete('/floatingips/%s' % floating['id']).status_code == 204
    assert api.delete('/security-group-rules/%s' % rule_id
                      ).status_code == 204


def test_guest_gets_its_address_metadata_and_security_groups(netcloud):
    cloud = netcloud
    api = cloud.api
    image, _ = guests._upload_kernel_image(cloud)
    started = time.time()
    server_id = guests._boot(api, 'lv-net', image, flavor='lvn')
    server = guests._active(api, server_id)
    printed_ip = _wait_dhcp(api, server_id)
    boot_to_ip = time.time() - started

    # The address DHCP gave the guest is the server's fixed IP.
    (fixed,) = [a for addrs in server['addresses'].values() for a in addrs
                if a['OS-EXT-IPS:type'] == 'fixed' and a['version'] == 4]
    assert printed_ip == fixed['addr']
    assert fixed['addr'] != GATEWAY
    assert len(_bridge_ports()) == 1

    # The guest asked 169.254.169.254 who it is: its EC2 id.
    output = guests._wait_console(api, server_id,
                                  'NOVA-METADATA-INSTANCE-ID', timeout=90)
    boot_to_metadata = time.time() - started
    instance_id = _printed(output, 'NOVA-METADATA-INSTANCE-ID')
    assert instance_id.startswith('i-'), output[-2000:]
    access, secret = ec2_cloud.credentials(cloud, 'admin', 'admin')
    ec2 = ec2_cloud.boto3_client(cloud, access, secret)
    found = ec2.describe_instances(InstanceIds=[instance_id])
    (instance,) = found['Reservations'][0]['Instances']
    assert instance['PrivateIpAddress'] == fixed['addr']

    # The listener runs, but the default group lets nothing in.
    guests._wait_console(api, server_id, 'NOVA-NET-LISTENING %d' % PORT)
    assert not _answers(fixed['addr'])

    group = _default_group(api)
    resp = api.post('/os-security-group-rules', json={
        'security_group_rule': {
            'parent_group_id': group['id'], 'ip_protocol': 'tcp',
            'from_port': PORT, 'to_port': PORT,
            'cidr': '%s/32' % GATEWAY}})
    assert resp.status_code == 200, resp.text
    rule_id = resp.json()['security_group_rule']['id']
    rule_to_open = _wait_answers(fixed['addr'], True)
    _check_floating_ip_through_router(cloud, server_id)

    resp = api.delete('/os-security-group-rules/%s' % rule_id)
    assert resp.status_code == 202, resp.text
    rule_to_closed = _wait_answers(fixed['addr'], False)
    # Closed for good, not a lost packet.
    assert not _answers(fixed['addr'], timeout=2)
    print('boot to NOVA-NET-IP: %.1fs, to NOVA-METADATA-INSTANCE-ID: '
          '%.1fs, rule add to open: %.2fs, rule remove to closed: %.2fs'
          % (boot_to_ip, boot_to_metadata, rule_to_open, rule_to_closed))

    # Deleting the server removes what the host had for this guest.
    state = os.path.join(cloud.state_path, 'networks', BRIDGE)
    assert os.path.exists(os.path.join(state, 'hosts', server_id))
    table = 'nova-i-%s' % server_id.replace('-', '')[:12]
    assert _run('nft', 'list', 'table', 'bridge', table).returncode == 0
    guests._delete_and_check_gone(cloud, api, server_id)
    assert not os.path.exists(os.path.join(state, 'hosts', server_id))
    assert _run('nft', 'list', 'table', 'bridge', table).returncode != 0
    assert _bridge_ports() == []
    assert not _answers(fixed['addr'])

    # A new guest (another MAC) given the same address gets it by DHCP
    # at once: the deleted guest's lease does not hold it.
    network = next(n for n in api.get('/os-networks').json()['networks']
                   if n['cidr'] == CIDR)
    second = guests._boot(api, 'lv-net2', image, flavor='lvn', networks=[
        {'uuid': network['id'], 'fixed_ip': fixed['addr']}])
    guests._active(api, second)
    assert _wait_dhcp(api, second) == fixed['addr']
    guests._delete_and_check_gone(cloud, api, second)
