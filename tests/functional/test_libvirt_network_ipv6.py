"""A real QEMU guest on a dual-stack network of the built-in networking.

The cloud of tests/functional/test_libvirt_network.py (linux_net on a
bridge without an uplink), on a bridge and ranges of its own, with a
SLAAC IPv6 subnet added to its network through the Neutron API. The
guest's kernel (IPv6 built in) configures its address from the router
advertisements of the bridge's dnsmasq; the host, which holds the IPv6
gateway on the bridge, reaches the guest's HTTP port at the address the
API gave the port, once a security group rule lets IPv6 in.
"""

import time

import pytest

from tests import libvirt_env
from tests.functional import cloud as cloud_lib
from tests.functional import test_libvirt_guests as guests
from tests.functional import test_libvirt_network as net_test
from tests.functional.neutron_helpers import created
from tests.functional.neutron_helpers import neutron

# One network per test worker, apart from test_libvirt_network's.
_SLOT = libvirt_env.worker_slot()
BRIDGE = 'brnova6t%d' % _SLOT
CIDR = '10.251.%d.0/24' % (100 + _SLOT)
GATEWAY = '10.251.%d.1' % (100 + _SLOT)
CIDR6 = 'fd6e:%x::/64' % (0x100 + _SLOT)
OPTIONS = dict(net_test.OPTIONS, **{
    'network.default_network_cidr': CIDR,
    'network.flat_network_bridge': BRIDGE,
    'network.flat_network_dns': GATEWAY,
    'network.public_interface': BRIDGE,
    'network.default_external_cidr': '10.250.%d.0/24' % (100 + _SLOT),
})


def _clean_host():
    net_test._clean_host(BRIDGE)


@pytest.fixture(scope='module')
def dualcloud(tmp_path_factory):
    images = libvirt_env.require_qemu_host()
    net_test._require_network_host()
    _clean_host()
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('libvirt-net6'),
                              options=dict(OPTIONS))
    with net_test.serving(running, images, 'lvn6', _clean_host):
        yield running


def _wait_answers(address, timeout):
    """Seconds until the guest's HTTP port answered at address."""
    started = time.time()
    while time.time() - started < timeout:
        if net_test._answers('[%s]' % address, timeout=0.5):
            return time.time() - started
        time.sleep(0.2)
    raise AssertionError('port %d of %s never answered' % (
        net_test.PORT, address))


def test_guest_takes_its_ports_slaac_address(dualcloud):
    cloud = dualcloud
    api = neutron(cloud)
    [subnet4] = api.get('/subnets', params={'cidr': CIDR}).json()[
        'subnets']
    subnet6 = created(api.post('/subnets', json={'subnet': {
        'network_id': subnet4['network_id'], 'ip_version': 6,
        'cidr': CIDR6, 'ipv6_ra_mode': 'slaac',
        'ipv6_address_mode': 'slaac'}}), 'subnet')
    image, _ = guests._upload_kernel_image(cloud)
    started = time.time()
    server_id = guests._boot(cloud.api, 'lv-net6', image, flavor='lvn6')
    guests._active(cloud.api, server_id)
    [port] = api.get('/ports', params={'device_id': server_id}).json()[
        'ports']
    [address6] = [f['ip_address'] for f in port['fixed_ips']
                  if f['subnet_id'] == subnet6['id']]
    resp = api.post('/security-group-rules', json={'security_group_rule': {
        'security_group_id': port['security_groups'][0],
        'direction': 'ingress', 'ethertype': 'IPv6', 'protocol': 'tcp',
        'port_range_min': net_test.PORT, 'port_range_max': net_test.PORT,
        'remote_ip_prefix': '%s/128' % subnet6['gateway_ip']}})
    assert resp.status_code == 201, resp.text
    guests._wait_console(cloud.api, server_id,
                         'NOVA-NET-LISTENING %d' % net_test.PORT)
    # The guest answers at the EUI-64 address of its MAC that the API
    # gave the port: it took it from the host's advertisements.
    waited = _wait_answers(address6, timeout=60)
    print('boot to IPv6 answer: %.1fs (after the listener: %.1fs)' % (
        time.time() - started, waited))
    guests._delete_and_check_gone(cloud, cloud.api, server_id)
