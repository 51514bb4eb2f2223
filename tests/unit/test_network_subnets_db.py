"""A network's IPv4 subnets in the database: a second subnet added to an
os-networks network keeps the first as the network's own columns,
addresses come from a subnet asked for or from the first with a free
one, a subnet with an address in use stays, and deleting the first makes
the next one the network's."""

from oslo_utils import uuidutils
import pytest

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


def _second(ctx, network, cidr='10.62.0.0/29', **values):
    return subnets_db.subnet_add(ctx, network.uuid, dict({
        'cidr': cidr, 'netmask': '255.255.255.248',
        'gateway': cidr.replace('0/29', '1'),
        'dhcp_server': cidr.replace('0/29', '1'),
        'broadcast': cidr.replace('0/29', '7'), 'enable_dhcp': True},
        **values), {'name': 'second'})


def test_second_subnet_allocation_and_network_info(admin_context):
    ctx = admin_context
    [network] = manage.create_networks(ctx, 'two', '10.61.0.0/29')
    [first] = subnets_db.subnets_of(ctx, [network.id])[network.id]
    assert first.uuid == networks_db.derived_subnet_uuid(network.uuid, 4)
    network, second = _second(ctx, network)
    assert network.cidr == '10.61.0.0/29'
    assert [s.uuid for s in subnets_db.subnets_of(
        ctx, [network.id])[network.id]] == [first.uuid, second.uuid]
    with pytest.raises(errors.InvalidNetwork):
        _second(ctx, network, cidr='10.62.0.0/28')
    with pytest.raises(errors.NetworkOverlaps):
        manage.create_networks(ctx, 'clash', '10.62.0.0/30')

    # Any address: the first subnet's (5 free) until it has none, then
    # the second's (5 more).
    uuids = [_instance(ctx) for _ in range(10)]
    for uuid in uuids:
        allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    info = networks_db.interfaces_by_instances(ctx, uuids)
    got = [fixed[0].address for uuid in uuids
           for _v, _n, fixed, _f in info[uuid]]
    assert all(a.startswith('10.61.0.') for a in got[:5])
    assert all(a.startswith('10.62.0.') for a in got[5:])
    with pytest.raises(errors.NoMoreFixedIps):
        allocate_db.allocate_for_instance(ctx, _instance(ctx),
                                          [(network.id, None)])

    # network_info lists the subnet the address is in, and every
    # subnet of the network for the data plane.
    subnets = subnets_db.subnets_of(ctx, [network.id])
    vif, net, fixed, floating = info[uuids[6]][0]
    entry = model.vif(vif, net, fixed, floating,
                      subnets=subnets[network.id])
    assert [(s['cidr'], [i['address'] for i in s['ips']])
            for s in entry['network']['subnets']] == [
        ('10.62.0.0/29', [got[6]])]
    assert [r['cidr'] for r in entry['network']['ranges']] == [
        '10.61.0.0/29', '10.62.0.0/29']

    # A subnet with an address in use stays.
    with pytest.raises(errors.NetworkInUse):
        subnets_db.subnet_remove(ctx, second.uuid)


def test_removing_the_first_subnet_promotes_the_next(admin_context):
    ctx = admin_context
    [network] = manage.create_networks(ctx, 'promote', '10.63.0.0/29',
                                       dns1='9.9.9.9')
    [first] = subnets_db.subnets_of(ctx, [network.id])[network.id]
    network, second = _second(ctx, network, cidr='10.64.0.0/29',
                              dns1='1.1.1.1')
    uuid = _instance(ctx)
    allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    vif = networks_db.vifs_by_instance(ctx, uuid)[0][0]

    # An address of the second subnet, by subnet.
    @networks_db.api.writer
    def claim(context):
        return allocate_db.claim_addresses(
            context, network, vif, [(second.uuid, None)])
    [address] = claim(ctx)
    assert address.startswith('10.64.0.')
    with pytest.raises(errors.NetworkInUse):
        subnets_db.subnet_remove(ctx, first.uuid)
    instances_db.instance_destroy(ctx, uuid)
    network = subnets_db.subnet_remove(ctx, first.uuid)
    assert (network.cidr, network.dns1, network.gateway) == (
        '10.64.0.0/29', '1.1.1.1', '10.64.0.1')
    assert networks_db.network_free_addresses(ctx, network.id) == [
        '10.64.0.%d' % i for i in range(2, 7)]
    # The last subnet goes too; the network is left with none.
    network = subnets_db.subnet_remove(ctx, second.uuid)
    assert network.cidr is None
    assert subnets_db.subnets_of(ctx, [network.id]) == {}
