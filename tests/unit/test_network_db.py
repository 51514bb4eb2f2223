"""Address allocation is atomic on every database: parallel allocations
never share an address, deletes free everything, nothing leaks."""

import concurrent.futures

from oslo_utils import uuidutils
import pytest

from nova import context as nova_context
from nova.db import floating_ips as floating_db
from nova.db import instances as instances_db
from nova.db import address_allocation as allocate_db
from nova.db import networks as networks_db
from nova.network import errors
from nova.network import manage


def _instance(ctx, project='p'):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': project, 'user_id': 'u',
        'memory_mb': 1, 'vcpus': 1, 'root_gb': 0, 'ephemeral_gb': 0,
        'vm_state': 'building'})
    return uuid


def _addresses(ctx, uuids):
    info = networks_db.interfaces_by_instances(ctx, uuids)
    return {uuid: [f.address for _, _, fixed, _ in entries for f in fixed]
            for uuid, entries in info.items()}


def test_parallel_allocations_get_distinct_addresses(any_admin_context):
    ctx = any_admin_context
    [network] = manage.create_networks(ctx, 'tiny', '10.1.0.0/27')
    # 32 addresses: network, gateway and broadcast are reserved.
    assert networks_db.network_free_count(ctx, network.uuid) == 29
    uuids = [_instance(ctx) for _ in range(32)]

    def allocate(uuid):
        try:
            allocate_db.allocate_for_instance(
                nova_context.get_admin_context(), uuid,
                [(network.id, None)])
            return True
        except errors.NoMoreFixedIps:
            return False

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(allocate, uuids))
    assert results.count(True) == 29
    addresses = [a for found in _addresses(ctx, uuids).values()
                 for a in found]
    assert len(addresses) == 29 == len(set(addresses))
    assert networks_db.network_free_count(ctx, network.uuid) == 0
    # Deleting the instances frees every address and interface.
    for uuid in uuids:
        instances_db.instance_destroy(ctx, uuid)
    assert networks_db.network_free_count(ctx, network.uuid) == 29
    assert networks_db.fixed_ips_in_use(ctx, network.id) == []
    assert all(not v for v in _addresses(ctx, uuids).values())
    networks_db.network_delete(ctx, network.uuid)


def test_allocation_is_idempotent_and_refuses_deleted(any_admin_context):
    """A rescheduled build keeps its address; a deleted instance gets
    none (the allocation takes turns with instance_destroy)."""
    ctx = any_admin_context
    [network] = manage.create_networks(ctx, 'n', '10.2.0.0/29')
    uuid = _instance(ctx)
    allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    first = _addresses(ctx, [uuid])[uuid]
    allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    assert _addresses(ctx, [uuid])[uuid] == first
    gone = _instance(ctx)
    instances_db.instance_destroy(ctx, gone)
    from nova import exception
    with pytest.raises(exception.InstanceNotFound):
        allocate_db.allocate_for_instance(ctx, gone, [(network.id, None)])
    assert networks_db.network_free_count(ctx, network.uuid) == 4


def test_parallel_floating_allocations(any_admin_context):
    ctx = any_admin_context
    manage.create_floating_ips(ctx, '192.0.2.0/28', 'pub', 'eth0')

    def allocate(index):
        try:
            return floating_db.allocate(nova_context.get_admin_context(),
                                        'p%d' % (index % 4), 'pub').address
        except errors.NoMoreFloatingIps:
            return None

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(allocate, range(20)))
    taken = [r for r in results if r]
    assert len(taken) == 14 == len(set(taken))
    assert sum(floating_db.count_by_project(ctx, 'p%d' % i)
               for i in range(4)) == 14


def test_network_size_is_checked_before_any_address_is_listed(
        admin_context, conf):
    """Regression: a /8 was expanded into 16M addresses (13 s, 1.5 GB)
    before its size was checked; now _subnets refuses it first."""
    with pytest.raises(errors.InvalidNetwork) as e:
        manage.create_networks(admin_context, 'big', '11.0.0.0/8')
    assert 'max_network_size' in str(e.value)
    with pytest.raises(errors.InvalidNetwork):
        manage.create_networks(admin_context, 'many', '11.0.0.0/8',
                               num_networks=2)
    # Small networks cut from a /8 are fine: only the first few are made.
    rows = manage.create_networks(admin_context, 'cut', '11.0.0.0/8',
                                  num_networks=2, network_size=256)
    assert [r.cidr for r in rows] == ['11.0.0.0/24', '11.0.1.0/24']
    conf.set_override('max_network_size', 1 << 24, 'network')
    with pytest.raises(errors.InvalidNetwork):
        manage.create_networks(admin_context, 'x', '11.0.0.0/8',
                               num_networks=1 << 23, network_size=4)


def test_default_networks_read_in_the_allocation(any_admin_context):
    """Asking for no network: a project's own networks (by id), else the
    shared ones (by priority, then id), resolved in the allocation's
    transaction after the caller's count check; never external ones."""
    ctx = any_admin_context
    ctx.project_id = 'boot-p'
    [late] = manage.create_networks(ctx, 'late', '10.3.0.0/29', priority=2)
    [early] = manage.create_networks(ctx, 'early', '10.3.1.0/29',
                                     priority=1)
    [outside] = manage.create_networks(ctx, 'outside', '10.3.2.0/29')
    networks_db.network_update(ctx, outside.uuid, {'router_external': True})
    assert [n.uuid for n in networks_db.networks_for_boot(
        ctx, 'boot-p')] == [early.uuid, late.uuid]
    counted = []
    uuid = _instance(ctx, project='boot-p')
    allocate_db.allocate_for_instance(ctx, uuid, None,
                                      check_count=counted.append)
    assert counted == [2]
    assert len(_addresses(ctx, [uuid])[uuid]) == 2
    [own_b] = manage.create_networks(ctx, 'own-b', '10.3.4.0/29',
                                     project_id='boot-p', priority=0)
    [own_a] = manage.create_networks(ctx, 'own-a', '10.3.3.0/29',
                                     project_id='boot-p', priority=9)
    assert [n.uuid for n in networks_db.networks_for_boot(
        ctx, 'boot-p')] == [own_b.uuid, own_a.uuid]
    instances_db.instance_destroy(ctx, uuid)
    for network in (late, early, outside, own_b, own_a):
        networks_db.network_delete(ctx, network.uuid)
