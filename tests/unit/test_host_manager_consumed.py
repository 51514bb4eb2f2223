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
