"""Instances the scheduler placed itself (HostState.consume) must leave
a host's I/O ops once the database shows them settled."""

import types

from oslo_utils import uuidutils

from nova.compute import task_states
from nova.db import instances as instances_db
from nova.scheduler import host_manager
from tests.unit import test_scheduler_host_manager as helpers

FLAVOR = types.SimpleNamespace(id=3, vcpus=1, memory_mb=64, root_gb=1,
                               ephemeral_gb=0)


def _states(manager, ctx):
    return {s.host: s for s in manager.get_host_states(ctx)}


def _consume_on(manager, ctx, host):
    uuid = uuidutils.generate_uuid()
    _states(manager, ctx)[host].consume(FLAVOR, uuid)
    return uuid


def _create(ctx, uuid, host, task_state=None):
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'host': host, 'node': host,
        'instance_type_id': FLAVOR.id, 'task_state': task_state})


def test_settled_instance_first_read_leaves_io_ops(admin_context):
    """Root cause: _place_instance only cleared the I/O op of instances it
    had read before, so one first read once ACTIVE (a fast build between
    two requests) kept its host 'busy' until the next full reload."""
    helpers._hosts(admin_context, ['h1', 'h2'])
    manager = host_manager.HostManager()
    uuid = _consume_on(manager, admin_context, 'h1')
    assert _states(manager, admin_context)['h1'].num_io_ops == 1
    _create(admin_context, uuid, 'h1')
    h1 = _states(manager, admin_context)['h1']
    assert h1.num_io_ops == 0
    assert uuid in h1.instances


def test_unplaced_row_keeps_the_consumed_io_op(admin_context):
    helpers._hosts(admin_context, ['h1'])
    manager = host_manager.HostManager()
    uuid = _consume_on(manager, admin_context, 'h1')
    _create(admin_context, uuid, None)  # host not written yet
    assert _states(manager, admin_context)['h1'].num_io_ops == 1
    instances_db.instance_update(admin_context, uuid, {
        'host': 'h1', 'node': 'h1', 'task_state': task_states.SPAWNING})
    assert _states(manager, admin_context)['h1'].num_io_ops == 1


def _unplaced(ctx):
    uuid = uuidutils.generate_uuid()
    _create(ctx, uuid, None)
    return uuid


def test_a_claim_read_back_by_another_request_counts_once(admin_context):
    """Regression: two schedulers filled hosts with room for exactly 200
    servers and the 200th failed on "RamFilter removed 10". Root cause:
    consume() added the flavor to the host state after the claim, but a
    concurrent request of the same process could already have read the
    node row with that claim in it; the claim then counted twice, and as
    the row no longer changed, the host looked full until the next full
    reload. The state now takes the node as the claim left it."""
    helpers._hosts(admin_context, ['h1'])
    manager = host_manager.HostManager()
    h1 = _states(manager, admin_context)['h1']
    used_before = h1.ram_used_mb
    uuid = _unplaced(admin_context)
    node = h1.node
    assert node.claim(uuid, FLAVOR.vcpus, FLAVOR.memory_mb, FLAVOR.root_gb)
    # Another request of this scheduler reads the node with the claim...
    assert _states(manager, admin_context)['h1'].ram_used_mb == \
        used_before + FLAVOR.memory_mb
    # ...before the claiming request records it.
    h1.claimed(node, FLAVOR, uuid)
    for state in (h1, _states(manager, admin_context)['h1']):
        assert state.ram_used_mb == used_before + FLAVOR.memory_mb
        assert state.vcpus_used == FLAVOR.vcpus
        assert state.num_instances == 1


def test_a_row_read_before_a_claim_does_not_hide_it(admin_context):
    """A load that read the node before this process's claim committed
    must not roll the state back to the older usage."""
    helpers._hosts(admin_context, ['h1'])
    manager = host_manager.HostManager()
    h1 = _states(manager, admin_context)['h1']
    stale_row = manager._node_rows[h1.node_id]
    node = h1.node
    assert node.claim(_unplaced(admin_context), FLAVOR.vcpus,
                      FLAVOR.memory_mb, FLAVOR.root_gb)
    h1.claimed(node, FLAVOR, None)
    h1.update(stale_row)
    assert h1.ram_used_mb == stale_row.memory_mb_used + FLAVOR.memory_mb
