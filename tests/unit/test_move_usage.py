"""Usage of compute nodes while servers move: a move in flight holds the
new flavor on its destination and, once moved, the old flavor on its
source until confirm or revert; nothing is counted twice."""

from oslo_serialization import jsonutils
from oslo_utils import uuidutils
import pytest

from nova.db import instance_migrations as migrations_db
from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import objects

OLD = dict(id=1, name='old', flavorid='1', vcpus=1, memory_mb=512,
           root_gb=1, ephemeral_gb=0, swap=0)
NEW = dict(id=2, name='new', flavorid='2', vcpus=2, memory_mb=2048,
           root_gb=20, ephemeral_gb=0, swap=0)


def _flavor_json(values):
    return jsonutils.dumps(objects.Flavor(**values).obj_to_primitive())


def _node(ctx, host):
    return services_db.compute_node_create(ctx, {
        'host': host, 'hypervisor_hostname': host,
        'hypervisor_type': 'fake', 'vcpus': 8, 'memory_mb': 8192,
        'local_gb': 100, 'free_ram_mb': 8192, 'free_disk_gb': 100,
        'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def _usage(ctx, node):
    row = services_db.compute_node_refresh_usage(ctx, node.id)
    return (row.vcpus_used, row.memory_mb_used, row.local_gb_used,
            row.running_vms)


@pytest.fixture
def resize(admin_context):
    """A server of flavor OLD on src being resized to NEW on dst."""
    ctx = admin_context
    src, dst = _node(ctx, 'src'), _node(ctx, 'dst')
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'user_id': 'u', 'host': 'src',
        'node': 'src', 'vcpus': 1, 'memory_mb': 512, 'root_gb': 1,
        'ephemeral_gb': 0, 'vm_state': 'active',
        'task_state': 'resize_prep'})
    migration = migrations_db.migration_create(ctx, {
        'instance_uuid': uuid, 'migration_type': 'resize',
        'status': 'pre-migrating', 'source_compute': 'src',
        'source_node': 'src', 'dest_compute': 'dst', 'dest_node': 'dst',
        'old_flavor': _flavor_json(OLD), 'new_flavor': _flavor_json(NEW)})
    return ctx, src, dst, uuid, migration


def _land(ctx, uuid, host, flavor, vm_state='resized', task_state=None):
    instances_db.instance_update(ctx, uuid, {
        'host': host, 'node': host, 'vm_state': vm_state,
        'task_state': task_state, 'vcpus': flavor['vcpus'],
        'memory_mb': flavor['memory_mb'], 'root_gb': flavor['root_gb']})


def _status(ctx, migration, status):
    migrations_db.migration_update(ctx, migration.id, {'status': status})


def test_each_resize_phase_counts_each_flavor_once(resize):
    ctx, src, dst, uuid, migration = resize
    # Scheduled: the server runs on src, dst holds the new flavor.
    assert _usage(ctx, src) == (1, 512, 1, 1)
    assert _usage(ctx, dst) == (2, 2048, 20, 0)
    # Finished: the server counts on dst, src keeps the old flavor.
    _status(ctx, migration, 'finished')
    _land(ctx, uuid, 'dst', NEW)
    assert _usage(ctx, src) == (1, 512, 1, 0)
    assert _usage(ctx, dst) == (2, 2048, 20, 1)
    # Confirmed: src is free.
    _status(ctx, migration, 'confirmed')
    _land(ctx, uuid, 'dst', NEW, vm_state='active')
    assert _usage(ctx, src) == (0, 0, 0, 0)
    assert _usage(ctx, dst) == (2, 2048, 20, 1)


def test_revert_frees_the_destination(resize):
    ctx, src, dst, uuid, migration = resize
    _status(ctx, migration, 'reverting')
    _land(ctx, uuid, 'dst', NEW, task_state='resize_reverting')
    assert _usage(ctx, src) == (1, 512, 1, 0)
    assert _usage(ctx, dst) == (2, 2048, 20, 1)
    # Back on src and active: dst is free even before the record ends.
    _land(ctx, uuid, 'src', OLD, vm_state='active')
    assert _usage(ctx, src) == (1, 512, 1, 1)
    assert _usage(ctx, dst) == (0, 0, 0, 0)
    _status(ctx, migration, 'reverted')
    assert _usage(ctx, src) == (1, 512, 1, 1)


def test_failed_or_deleted_moves_hold_nothing(resize):
    ctx, src, dst, uuid, migration = resize
    _status(ctx, migration, 'error')
    assert _usage(ctx, dst) == (0, 0, 0, 0)
    _status(ctx, migration, 'finished')
    _land(ctx, uuid, 'dst', NEW)
    instances_db.instance_destroy(ctx, uuid, {})
    assert _usage(ctx, src) == (0, 0, 0, 0)
    assert _usage(ctx, dst) == (0, 0, 0, 0)


def test_same_host_resize_holds_both_flavors(resize):
    ctx, src, dst, uuid, migration = resize
    migrations_db.migration_update(ctx, migration.id, {
        'dest_compute': 'src', 'dest_node': 'src'})
    assert _usage(ctx, src) == (3, 2560, 21, 1)
    _status(ctx, migration, 'finished')
    _land(ctx, uuid, 'src', NEW)
    assert _usage(ctx, src) == (3, 2560, 21, 1)
    _status(ctx, migration, 'confirmed')
    _land(ctx, uuid, 'src', NEW, vm_state='active')
    assert _usage(ctx, src) == (2, 2048, 20, 1)


def test_server_no_longer_moving_holds_nothing_more(resize):
    """A restart that put the server in ERROR may leave its migration
    record in progress; the destination must not stay claimed."""
    ctx, src, dst, uuid, migration = resize
    _status(ctx, migration, 'migrating')
    instances_db.instance_update(ctx, uuid, {'vm_state': 'error',
                                             'task_state': None})
    assert _usage(ctx, dst) == (0, 0, 0, 0)
    assert _usage(ctx, src) == (1, 512, 1, 1)


def test_claim_for_a_move_leaves_the_server_in_place(resize):
    ctx, src, dst, uuid, migration = resize
    assert services_db.compute_node_claim(ctx, dst.id, uuid, 2, 2048, 20)
    row = instances_db.instance_get_by_uuid(ctx, uuid)
    assert (row.host, row.node) == ('src', 'src')


def test_migration_object_round_trip(resize):
    ctx, src, dst, uuid, migration = resize
    found = objects.Migration.get_by_id(ctx, migration.id)
    assert found.new_flavor.memory_mb == 2048
    assert found.old_flavor.flavorid == '1'
    found.status = 'finished'
    found.save()
    listed = objects.MigrationList.get_by_filters(
        ctx, instance_uuid=uuid, status=['finished'])
    assert [m.id for m in listed] == [migration.id]
    assert not objects.MigrationList.get_by_filters(
        ctx, instance_uuid=uuid, status='confirmed').objects
