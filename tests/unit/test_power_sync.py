"""The database follows the hypervisor: power state sync, the fake
hypervisor's external events and the reaping of unowned guests."""

import pytest

from nova.compute import power_state
from nova.compute import power_sync
from nova.compute import reaper
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova.virt import fake
from nova.virt import fake_external
from tests.unit import test_recovery

_instance = test_recovery._instance
_reload = test_recovery._reload


@pytest.fixture
def driver():
    return fake.FakeDriver('host1')


def _sync(context, driver):
    power_sync.PowerStateSync('host1', driver).sync_power_states(context)


# The fake hypervisor's external events -----------------------------------

def test_an_external_event_changes_the_guest_once(admin_context, driver):
    instance = _instance(admin_context, None, guest=power_state.RUNNING,
                         driver=driver)
    fake_external.inject(instance.uuid, 'crashed')
    assert driver.get_info(instance).state == power_state.CRASHED
    driver.power_on(admin_context, instance, None)
    assert driver.get_info(instance).state == power_state.RUNNING


def test_a_gone_guest_disappears_from_the_list(admin_context, driver):
    instance = _instance(admin_context, None, guest=power_state.RUNNING,
                         driver=driver)
    fake_external.inject(instance.uuid, 'gone')
    assert driver.list_instance_uuids() == []
    with pytest.raises(exception.InstanceNotFound):
        driver.get_info(instance)


def test_events_of_other_hosts_guests_are_left_for_them(admin_context,
                                                        driver):
    other = fake.FakeDriver('host2')
    instance = _instance(admin_context, None, guest=power_state.RUNNING,
                         driver=other)
    fake_external.inject(instance.uuid, 'shutdown')
    assert driver.list_instance_uuids() == []
    assert other.get_info(instance).state == power_state.SHUTDOWN


def test_unknown_events_are_refused(conf):
    with pytest.raises(ValueError):
        fake_external.inject('some-uuid', 'exploded')


# Power state sync --------------------------------------------------------

@pytest.mark.parametrize('vm_state,event,expected_vm,expected_power', [
    (vm_states.ACTIVE, 'shutdown', vm_states.STOPPED, power_state.SHUTDOWN),
    (vm_states.ACTIVE, 'crashed', vm_states.STOPPED, power_state.CRASHED),
    (vm_states.ACTIVE, 'paused', vm_states.PAUSED, power_state.PAUSED),
    (vm_states.PAUSED, 'suspended', vm_states.SUSPENDED,
     power_state.SUSPENDED),
    (vm_states.STOPPED, 'running', vm_states.ACTIVE, power_state.RUNNING),
    (vm_states.RESCUED, 'shutdown', vm_states.RESCUED,
     power_state.SHUTDOWN),
])
def test_the_server_follows_its_guest(admin_context, driver, vm_state,
                                      event, expected_vm, expected_power):
    instance = _instance(admin_context, None, vm_state=vm_state,
                         guest=power_state.RUNNING, driver=driver)
    fake_external.inject(instance.uuid, event)
    _sync(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.power_state, stored.task_state) == (
        expected_vm, expected_power, None)
    assert stored.fault is None


def test_a_vanished_guest_puts_the_server_in_error(admin_context, driver):
    instance = _instance(admin_context, None, guest=power_state.RUNNING,
                         driver=driver)
    fake_external.inject(instance.uuid, 'gone')
    _sync(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.power_state) == (vm_states.ERROR,
                                                     power_state.NOSTATE)
    assert stored.fault.message == (
        'The guest of instance %s is no longer on host host1, where the '
        'server was active.' % instance.uuid)


def test_servers_in_a_task_are_left_to_it(admin_context, driver):
    instance = _instance(admin_context, task_states.POWERING_OFF,
                         guest=power_state.RUNNING, driver=driver)
    fake_external.inject(instance.uuid, 'shutdown')
    _sync(admin_context, driver)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state, stored.power_state) == (
        vm_states.ACTIVE, task_states.POWERING_OFF, power_state.RUNNING)


def test_an_action_started_since_the_listing_wins(admin_context, driver):
    instance = _instance(admin_context, None, guest=power_state.RUNNING,
                         driver=driver)
    listed = _reload(admin_context, instance)
    instance.task_state = task_states.POWERING_OFF
    instance.save()
    driver.power_off(instance)
    power_sync.PowerStateSync('host1', driver)._sync(admin_context, listed)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.ACTIVE, task_states.POWERING_OFF)


def test_building_servers_without_a_guest_yet_are_fine(admin_context,
                                                       driver):
    instance = _instance(admin_context, None, vm_state=vm_states.BUILDING)
    _sync(admin_context, driver)
    assert _reload(admin_context, instance).vm_state == vm_states.BUILDING


# Unowned guests ----------------------------------------------------------

def _reap(context, driver, tracker=None):
    tracker = tracker or test_recovery.Tracker()
    return reaper.GuestReaper('host1', driver, tracker).reap_unowned_guests(
        context)


def test_guests_of_deleted_or_moved_servers_are_destroyed(admin_context,
                                                          driver):
    deleted = _instance(admin_context, None, guest=power_state.RUNNING,
                        driver=driver)
    deleted.destroy()
    moved = _instance(admin_context, None, guest=power_state.RUNNING,
                      driver=driver)
    moved.host = 'host2'
    moved.save()
    mine = _instance(admin_context, None, guest=power_state.RUNNING,
                     driver=driver)
    tracker = test_recovery.Tracker()
    reaped = _reap(admin_context, driver, tracker)
    assert {i.uuid for i in reaped} == {deleted.uuid, moved.uuid}
    assert driver.list_instance_uuids() == [mine.uuid]
    assert tracker.refreshed == 1


@pytest.mark.parametrize('task_state,vm_state', [
    (task_states.RESIZE_MIGRATED, vm_states.ACTIVE),
    (None, vm_states.RESIZED),
    (task_states.REBUILDING, vm_states.ACTIVE)])
def test_guests_of_servers_moving_are_kept(admin_context, driver,
                                           task_state, vm_state):
    moving = _instance(admin_context, task_state, vm_state=vm_state,
                       guest=power_state.RUNNING, driver=driver,
                       host='host2')
    assert _reap(admin_context, driver) == []
    assert driver.list_instance_uuids() == [moving.uuid]


@pytest.mark.parametrize('action', ['log', 'noop'])
def test_log_and_noop_keep_the_guest(conf, admin_context, driver, action):
    conf.set_override('running_deleted_instance_action', action)
    deleted = _instance(admin_context, None, guest=power_state.RUNNING,
                        driver=driver)
    deleted.destroy()
    _reap(admin_context, driver)
    assert driver.list_instance_uuids() == [deleted.uuid]
