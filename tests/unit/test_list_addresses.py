"""A list's addresses read without network_info: the fixed IPs a
server's view shows, in the order network_info lists them, whatever the
network's subnets, and the same answer as the one derived from
network_info (what a backend without its own reading gives)."""

import types

from oslo_utils import uuidutils
import pytest

from nova.db import floating_ips as floating_db
from nova.db import instances as instances_db
from nova.db import address_allocation as allocate_db
from nova.db import networks as networks_db
from nova.db import subnets as subnets_db
from nova.network import api as network_api
from nova.network import builtin
from nova.network import manage
from nova.network import model


def _row(**values):
    return types.SimpleNamespace(**values)


def _network(cidr='10.0.0.0/24'):
    return _row(uuid='net', label='private', bridge='br',
                bridge_interface=None, vlan=None, multi_host=False,
                mtu=None, injected=False,
                cidr=cidr, gateway='10.0.0.1', dns1=None, dns2=None,
                dhcp_server=None, enable_dhcp=True)


def _subnet(subnet_id, cidr, version=4):
    return _row(id=subnet_id, cidr=cidr, ip_version=version, gateway=None,
                dns1=None, dns2=None, dhcp_server=None, enable_dhcp=True,
                ipv6_ra_mode=None, ipv6_address_mode=None)


def _fixed(fixed_id, address, subnet_id=None):
    return _row(id=fixed_id, address=address, subnet_id=subnet_id)


FIXED = [_fixed(1, '10.0.1.5', 11), _fixed(2, '10.0.0.5', 10),
         _fixed(3, 'fd00::5', 20), _fixed(4, '10.0.9.9', None),
         _fixed(5, '10.0.8.8', 99), _fixed(6, 'fd01::6', 21),
         _fixed(7, 'fd09::9', 98)]
CASES = {
    'own range only': (_network(), None),
    'no range at all': (_network(cidr=None), None),
    'two IPv4 subnets': (_network(), [_subnet(10, '10.0.0.0/24'),
                                      _subnet(11, '10.0.1.0/24')]),
    'IPv4 and IPv6 subnets': (_network(), [
        _subnet(10, '10.0.0.0/24'), _subnet(11, '10.0.1.0/24'),
        _subnet(21, 'fd01::/64', 6), _subnet(20, 'fd00::/64', 6)]),
    'IPv6 subnets, own IPv4 range': (_network(), [
        _subnet(20, 'fd00::/64', 6)]),
    'IPv6 subnets only': (_network(cidr=None), [
        _subnet(20, 'fd00::/64', 6), _subnet(21, 'fd01::/64', 6)]),
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_listed_rows_are_those_vif_lists_in_its_order(case):
    network, subnets = CASES[case]
    floating = {2: ['172.24.4.9']}
    entry = model.vif(_row(uuid='v', address='fa:16:3e:00:00:01', tag=None,
                           port_security_enabled=True),
                      network, FIXED, floating, subnets=subnets)
    shown = [ip['address'] for subnet in entry['network']['subnets']
             for ip in subnet['ips']]
    listed = model.listed_fixed_rows(network, FIXED, subnets)
    assert [f.address for f in listed] == shown


def _instance(ctx, name):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'user_id': 'u',
        'display_name': name, 'memory_mb': 64, 'vcpus': 1, 'root_gb': 1,
        'ephemeral_gb': 0, 'vm_state': 'active'})
    return uuid


def test_builtin_addresses_are_network_infos(any_admin_context):
    """The built-in backend's reading from rows and the one derived from
    its network_info agree: two interfaces, addresses in both subnets of
    a network, floating IPs routed to a fixed one, a server without."""
    ctx = any_admin_context
    [network] = manage.create_networks(ctx, 'addr', '10.71.0.0/29')
    network, _second = subnets_db.subnet_add(ctx, network.uuid, {
        'cidr': '10.72.0.0/29', 'netmask': '255.255.255.248',
        'gateway': '10.72.0.1', 'dhcp_server': '10.72.0.1',
        'broadcast': '10.72.0.7', 'enable_dhcp': True}, {'name': 'second'})
    [other] = manage.create_networks(ctx, 'other', '10.73.0.0/28')
    # A fixed IP has at most one floating IP of each pool.
    manage.create_floating_ips(ctx, '172.24.71.0/29', pool='addr-a')
    manage.create_floating_ips(ctx, '172.24.71.8/29', pool='addr-b')
    uuids = [_instance(ctx, 'vm%d' % i) for i in range(6)]
    for uuid in uuids[:5]:
        allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    allocate_db.add_interface(ctx, uuids[4], other.uuid)
    allocate_db.add_interface(ctx, uuids[4], network.uuid)
    fixed = networks_db.interfaces_by_instances(
        ctx, [uuids[4]])[uuids[4]][0][2][0].address
    for pool in ('addr-b', 'addr-a'):
        floating_db.associate(ctx, floating_db.allocate(
            ctx, 'p', pool).address, fixed, uuids[4])
    backend = builtin.BuiltinNetworkAPI()
    asked = uuids + ['none']

    def listed(found):
        return {uuid: [(label, mac, address, list(floating))
                       for label, mac, address, floating in entries]
                for uuid, entries in found.items()}
    found = backend.get_addresses(ctx, asked)
    assert listed(found) == listed(
        network_api.NetworkAPI.get_addresses(backend, ctx, asked))
    assert found['none'] == [] and found[uuids[5]] == []
    # The sixth address of the network is its second subnet's.
    assert [a.rsplit('.', 2)[0] for _l, _m, a, _f in found[uuids[4]]] == [
        '10.71', '10.73', '10.72']
    assert [label for label, _m, _a, _f in found[uuids[4]]] == [
        'addr', 'other', 'addr']
    assert len(found[uuids[4]][0][3]) == 2
