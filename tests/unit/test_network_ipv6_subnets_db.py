"""IPv6 subnets in the database: a nova-manage range is a SLAAC subnet
row whose addresses come from MACs, a second IPv6 subnet leaves the
network's cidr_v6 on the first, a server gets an address of the first
stateful subnet and of each SLAAC one, addresses are rows made and
deleted with their interfaces, and deleting subnets moves cidr_v6."""

import ipaddress

from oslo_utils import uuidutils
import pytest

from nova import context as nova_context
from nova.db import instances as instances_db
from nova.db import address_allocation as allocate_db
from nova.db import networks as networks_db
from nova.db import subnets as subnets_db
from nova.network import errors
from nova.network import manage
from nova.network import model


def _instance(ctx):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'user_id': 'u', 'memory_mb': 1,
        'vcpus': 1, 'root_gb': 0, 'ephemeral_gb': 0,
        'vm_state': 'building'})
    return uuid


def _v6(ctx, network, cidr, mode=None):
    return subnets_db.subnet_add(ctx, network.uuid, {
        'cidr': cidr, 'netmask': '64',
        'gateway': str(ipaddress.ip_network(cidr).network_address + 1),
        'enable_dhcp': True, 'ipv6_address_mode': mode}, {})


def _addresses(ctx, uuid):
    [(_vif, _net, fixed, _f)] = networks_db.interfaces_by_instances(
        ctx, [uuid])[uuid]
    return {f.address for f in fixed}


def test_ipv6_subnets_allocation_release_and_delete(admin_context):
    ctx = admin_context
    [network] = manage.create_networks(ctx, 'six', '10.71.0.0/29',
                                       cidr_v6='fd71::/64')
    [first] = subnets_db.subnets_of(ctx, [network.id], version=6)[
        network.id]
    assert (first.uuid, first.ipv6_address_mode) == (
        networks_db.derived_subnet_uuid(network.uuid, 6), 'slaac')
    network, stateful = _v6(ctx, network, 'fd72::/64')
    network, slaac = _v6(ctx, network, 'fd73::/64', 'slaac')
    assert network.cidr_v6 == 'fd71::/64'
    with pytest.raises(errors.InvalidNetwork):
        _v6(ctx, network, 'fd72::/56')
    with pytest.raises(errors.NetworkOverlaps):
        manage.create_networks(ctx, 'clash', '10.72.0.0/29',
                               cidr_v6='fd73::/64')

    uuid = _instance(ctx)
    allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    [(vif, _net, fixed, _f)] = networks_db.interfaces_by_instances(
        ctx, [uuid])[uuid]
    by_subnet = {f.subnet_id: f.address for f in fixed}
    assert set(by_subnet) == {subnets_db.subnets_of(ctx, [network.id])[
        network.id][0].id, first.id, stateful.id, slaac.id}
    for subnet in (first, slaac):
        assert by_subnet[subnet.id] == model.eui64_address(
            subnet.cidr, vif.address) == model.eui64_address(
            subnet.cidr, vif.address)
    assert ipaddress.ip_address(by_subnet[stateful.id]) in \
        ipaddress.ip_network('fd72::/64')
    assert by_subnet[stateful.id] != 'fd72::1'
    # network_info: a subnet of each version the interface has.
    entry = model.vif(vif, network, fixed, {}, subnets_db.subnets_of(
        ctx, [network.id], version=None)[network.id])
    assert [(s['version'], s['cidr']) for s in entry['network'][
        'subnets']] == [(4, '10.71.0.0/29'), (6, 'fd71::/64'),
                        (6, 'fd72::/64'), (6, 'fd73::/64')]
    # The fixed IP quota counts the IPv4 address only.
    assert networks_db.fixed_ip_count_by_project(ctx, 'p') == 1

    # The stateful subnet is in use; the SLAAC ones give their addresses
    # back; the first SLAAC one's going moves cidr_v6 on.
    with pytest.raises(errors.NetworkInUse):
        subnets_db.subnet_remove(ctx, stateful.uuid)
    network = subnets_db.subnet_remove(ctx, first.uuid)
    assert (network.cidr_v6, network.gateway_v6) == ('fd72::/64',
                                                     'fd72::1')
    assert len(_addresses(ctx, uuid)) == 3
    # Its interface's going deletes its IPv6 rows.
    instances_db.instance_destroy(ctx, uuid)
    network = subnets_db.subnet_remove(ctx, stateful.uuid)
    assert network.cidr_v6 == 'fd73::/64'
    network = subnets_db.subnet_remove(ctx, slaac.uuid)
    assert (network.cidr_v6, network.netmask_v6, network.gateway_v6) == (
        None, None, None)
    assert network.cidr == '10.71.0.0/29'


def test_taken_address_and_pools(any_db):
    """On each database: a taken address is refused without spoiling the
    transaction (a savepoint), and a pool is handed out to its end."""
    ctx = nova_context.get_admin_context()
    [network] = manage.create_networks(ctx, 'six-b', '10.73.0.0/29')
    network, subnet = subnets_db.subnet_add(ctx, network.uuid, {
        'cidr': 'fd74::/64', 'netmask': '64', 'gateway': 'fd74::1',
        'enable_dhcp': True}, {'allocation_pools': [
            {'start': 'fd74::10', 'end': 'fd74::12'}]})
    uuids = [_instance(ctx) for _ in range(4)]
    allocate_db.allocate_for_instance(ctx, uuids[0],
                                      [(network.id, 'fd74::11')])
    assert _addresses(ctx, uuids[0]) == {'fd74::11'}
    with pytest.raises(errors.FixedIpAlreadyInUse):
        allocate_db.allocate_for_instance(ctx, uuids[1],
                                          [(network.id, 'fd74::11')])
    for uuid in uuids[1:3]:
        allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    got = set().union(*(_addresses(ctx, u) for u in uuids[:3]))
    assert {a for a in got if ':' in a} == {'fd74::10', 'fd74::11',
                                            'fd74::12'}
    # The pool is used up.
    with pytest.raises(errors.NoMoreFixedIps):
        allocate_db.allocate_for_instance(ctx, uuids[3],
                                          [(network.id, None)])
