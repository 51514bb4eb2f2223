"""The compute side of moves with the fake driver: a host back from an
evacuation removes the guests left there and leaves the servers alone."""

from oslo_utils import uuidutils

from nova.compute import move_actions
from nova.compute import power_state
from nova.db import instance_migrations as migrations_db
from nova.db import instances as instances_db
from nova import objects
from nova.virt import fake
from nova.virt import hardware


class _Host(move_actions.MoveActionsMixin):
    def __init__(self, host):
        self.host = host
        self.driver = fake.FakeDriver(host)

    def _destroy_quietly(self, context, instance):
        self.driver.destroy(context, instance)


def _evacuated(ctx, status):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'host': 'dst', 'node': 'dst',
        'vm_state': 'active', 'vcpus': 1, 'memory_mb': 512, 'root_gb': 1,
        'ephemeral_gb': 0})
    migration = migrations_db.migration_create(ctx, {
        'instance_uuid': uuid, 'migration_type': 'evacuation',
        'status': status, 'source_compute': 'src', 'source_node': 'src',
        'dest_compute': 'dst', 'dest_node': 'dst'})
    return uuid, migration


def test_init_host_destroys_evacuated_guests(admin_context):
    ctx = admin_context
    done_uuid, done = _evacuated(ctx, 'done')
    other_uuid, _ = _evacuated(ctx, 'error')
    host = _Host('src')
    for uuid in (done_uuid, other_uuid):
        host.driver._guests[uuid] = hardware.InstanceInfo(
            state=power_state.RUNNING)

    host._destroy_evacuated_instances(ctx)

    # The finished evacuation's stale guest is gone and the record says
    # so; the failed one is not this code's business.
    assert host.driver.list_instance_uuids() == [other_uuid]
    assert objects.Migration.get_by_id(ctx, done.id).status == 'completed'
    server = objects.Instance.get_by_uuid(ctx, done_uuid)
    assert (server.host, server.vm_state) == ('dst', 'active')


def _guest(driver, name):
    instance = objects.Instance(uuid=uuidutils.generate_uuid(),
                                display_name=name, vcpus=1, memory_mb=512,
                                power_state=power_state.RUNNING)
    driver._guests[instance.uuid] = hardware.InstanceInfo(
        state=power_state.RUNNING, max_mem_kb=512 * 1024, num_cpu=1)
    return instance


def test_fake_cold_move_keeps_source_copy_until_confirm(conf):
    src, dst = fake.FakeDriver('src'), fake.FakeDriver('dst')
    instance = _guest(src, 'vm')
    src.migrate_disk_and_power_off(None, instance, 'dst', None)
    assert src.get_info(instance).state == power_state.SHUTDOWN
    instance.vcpus, instance.memory_mb = 2, 2048  # the new flavor
    dst.finish_migration(None, None, instance, None, None, None, True,
                         power_on=False)
    assert dst.get_info(instance).state == power_state.SHUTDOWN
    assert dst.get_info(instance).num_cpu == 2
    migration = objects.Migration(source_compute='src', dest_compute='dst')
    src.confirm_migration(None, migration, instance)
    assert src.list_instance_uuids() == []


def test_fake_migration_failure_leaves_guest_running(conf):
    conf.set_override('fail_migrate_for_names', ['doomed'],
                      group='fake_driver')
    src = fake.FakeDriver('src')
    instance = _guest(src, 'doomed')
    for move in (lambda: src.migrate_disk_and_power_off(
            None, instance, 'dst', None),
            lambda: src.live_migration(None, instance, 'dst')):
        try:
            move()
        except Exception as error:
            assert 'Simulated migration failure of doomed' in str(error)
        else:
            raise AssertionError('the move did not fail')
        assert src.get_info(instance).state == power_state.RUNNING
