"""Recovery of a compute host's servers after its service restarted."""

from oslo_utils import uuidutils
import pytest

from nova.compute import manager
from nova.compute import power_state
from nova.compute import recovery
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects
from nova.virt import fake
from tests.unit import stored_instances
from tests.unit import test_deadlines


class Tracker:
    def __init__(self):
        self.refreshed = 0

    def refresh_usage(self, context, node=None):
        self.refreshed += 1


class Compute(recovery.RecoveryMixin):
    """Just what recovery needs of ComputeManager, its delete included."""

    _terminate = manager.ComputeManager._terminate
    release_block_devices = manager.ComputeManager.release_block_devices
    forget_consoles = manager.ComputeManager.forget_consoles

    def __init__(self, driver):
        self.host = 'host1'
        self.driver = driver
        self.tracker = Tracker()


def _instance(context, task_state, vm_state=vm_states.ACTIVE, guest=None,
              host='host1', driver=None):
    instance = stored_instances.create(context, task_state, vm_state, host)
    objects.InstanceAction.action_start(context, instance.uuid, 'act')
    if guest is not None:
        driver.spawn(context, instance, None, [], None)
        driver._set_state(instance, guest)
    return instance


_reload = stored_instances.reload


def _recover(context, driver):
    Compute(driver)._recover_interrupted_tasks(context)


@pytest.fixture
def driver():
    return fake.FakeDriver('host1')


def test_an_interrupted_build_goes_to_error_naming_its_last_step(
        admin_context, driver):
    instance = _instance(admin_context, task_states.SPAWNING,
                         vm_state=vm_states.BUILDING)
    _recover(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert ('the compute service on host1 restarted during the build '
            '(last step: spawning)') in stored.fault.message
    assert stored.fault.host == 'host1'
    action = objects.InstanceAction.get_latest(admin_context, instance.uuid)
    [event] = objects.InstanceActionEventList.get_by_action(admin_context,
                                                            action.id)
    assert (event.event, event.result) == (recovery.EVENT, 'Error')


def test_a_build_not_started_yet_waits_for_its_queued_message(
        admin_context, driver):
    instance = _instance(admin_context, task_states.SCHEDULING,
                         vm_state=vm_states.BUILDING)
    _recover(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state, stored.fault) == (
        vm_states.BUILDING, task_states.SCHEDULING, None)


@pytest.mark.parametrize('task_state,guest,vm_state,expected', [
    (task_states.POWERING_OFF, power_state.SHUTDOWN, vm_states.ACTIVE,
     vm_states.STOPPED),
    (task_states.POWERING_OFF, power_state.RUNNING, vm_states.ACTIVE,
     vm_states.ACTIVE),
    (task_states.POWERING_ON, power_state.RUNNING, vm_states.STOPPED,
     vm_states.ACTIVE),
    (task_states.PAUSING, power_state.PAUSED, vm_states.ACTIVE,
     vm_states.PAUSED),
    (task_states.RESUMING, power_state.SUSPENDED, vm_states.SUSPENDED,
     vm_states.SUSPENDED),
    (task_states.REBOOTING_HARD, power_state.RUNNING, vm_states.RESCUED,
     vm_states.RESCUED),
    (task_states.IMAGE_SNAPSHOT, power_state.RUNNING, vm_states.ACTIVE,
     vm_states.ACTIVE),
])
def test_an_interrupted_power_action_settles_on_what_the_guest_is(
        admin_context, driver, task_state, guest, vm_state, expected):
    instance = _instance(admin_context, task_state, vm_state=vm_state,
                         guest=guest, driver=driver)
    _recover(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state, stored.power_state) == (
        expected, None, guest)
    assert 'restarted during task_state %s' % task_state in \
        stored.fault.message


def test_a_power_action_whose_guest_is_gone_goes_to_error(admin_context,
                                                          driver):
    instance = _instance(admin_context, task_states.POWERING_ON,
                         vm_state=vm_states.STOPPED)
    _recover(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert 'its guest is gone' in stored.fault.message


def test_an_interrupted_delete_is_finished(admin_context, driver):
    instance = _instance(admin_context, task_states.DELETING,
                         guest=power_state.RUNNING, driver=driver)
    compute = Compute(driver)
    compute._recover_interrupted_tasks(admin_context)
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(admin_context, instance.uuid)
    assert not driver.instance_exists(instance)
    assert compute.tracker.refreshed == 1


@pytest.mark.parametrize('task_state', [
    task_states.RESIZE_MIGRATING, task_states.RESIZE_FINISH,
    task_states.RESIZE_REVERTING, task_states.MIGRATING,
    task_states.REBUILDING, task_states.UNSHELVING])
def test_an_interrupted_move_goes_to_error_naming_the_step(
        admin_context, driver, task_state):
    instance = _instance(admin_context, task_state,
                         guest=power_state.RUNNING, driver=driver)
    _recover(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert 'task_state %s' % task_state in stored.fault.message


@pytest.mark.parametrize('task_state', test_deadlines.ALL_TASK_STATES)
def test_no_task_survives_a_restart(admin_context, driver, task_state):
    vm_state = (vm_states.BUILDING if task_state in (
        task_states.BLOCK_DEVICE_MAPPING, task_states.NETWORKING,
        task_states.SPAWNING) else vm_states.ACTIVE)
    instance = _instance(admin_context, task_state, vm_state=vm_state,
                         guest=power_state.RUNNING, driver=driver)
    _recover(admin_context, driver)
    try:
        stored = _reload(admin_context, instance)
    except exception.InstanceNotFound:
        assert task_state == task_states.DELETING
        return
    if task_state == task_states.SCHEDULING:
        assert stored.task_state == task_states.SCHEDULING
    else:
        assert stored.task_state is None
        assert stored.fault is not None


def test_servers_of_other_hosts_are_not_touched(admin_context, driver):
    instance = _instance(admin_context, task_states.SPAWNING,
                         vm_state=vm_states.BUILDING, host='host2')
    _recover(admin_context, driver)
    assert _reload(admin_context, instance).task_state == \
        task_states.SPAWNING


def _migration(context, instance, status, source='host1', dest='host2',
               migration_type='resize'):
    migration = objects.Migration(context=context)
    migration.uuid = uuidutils.generate_uuid()
    migration.instance_uuid = instance.uuid
    migration.migration_type = migration_type
    migration.status = status
    migration.source_compute = migration.source_node = source
    migration.dest_compute = migration.dest_node = dest
    migration.create()
    return migration


def _migration_status(context, migration):
    return objects.Migration.get_by_id(context, migration.id).status


def test_an_interrupted_resize_ends_its_migration_in_error(admin_context,
                                                           driver):
    instance = _instance(admin_context, task_states.RESIZE_MIGRATING,
                         guest=power_state.RUNNING, driver=driver)
    migration = _migration(admin_context, instance, 'migrating')
    _recover(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert 'task_state resize_migrating' in stored.fault.message
    assert _migration_status(admin_context, migration) == 'error'


@pytest.mark.parametrize('task_state,migration_type,status', [
    (task_states.RESIZE_FINISH, 'resize', 'post-migrating'),
    (task_states.RESIZE_PREP, 'migration', 'pre-migrating'),
    (task_states.REBUILDING, 'evacuation', 'accepted')])
def test_a_step_the_destination_runs_is_left_to_it(
        admin_context, driver, task_state, migration_type, status):
    # The server still names this host (the source) during these steps.
    instance = _instance(admin_context, task_state)
    migration = _migration(admin_context, instance, status,
                           migration_type=migration_type)
    _recover(admin_context, driver)
    assert _reload(admin_context, instance).task_state == task_state
    assert _migration_status(admin_context, migration) == status


def test_a_confirm_is_left_to_the_source(admin_context, driver):
    instance = _instance(admin_context, task_states.RESIZE_CONFIRMING,
                         vm_state=vm_states.RESIZED, host='host1')
    migration = _migration(admin_context, instance, 'confirming',
                           source='host2', dest='host1')
    _recover(admin_context, driver)
    # Confirming runs on the source (host2): the destination leaves it.
    assert _reload(admin_context, instance).task_state == \
        task_states.RESIZE_CONFIRMING
    assert _migration_status(admin_context, migration) == 'confirming'
