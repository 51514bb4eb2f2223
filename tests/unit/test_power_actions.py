"""The compute side of power actions: outcome and failure handling."""

import concurrent.futures

import pytest

from nova.compute import power_actions
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects
from nova.virt import fake
from tests.unit import stored_instances


class BrokenPowerOff(fake.FakeDriver):
    def power_off(self, instance, timeout=0, retry_interval=0):
        raise exception.NovaException('Simulated power_off failure')


class Compute(power_actions.PowerActionsMixin):
    """Just what the mixin needs of ComputeManager."""

    def __init__(self, driver):
        self.host = 'host1'
        self.driver = driver
        self._workers = concurrent.futures.ThreadPoolExecutor(1)

    def run(self, method, context, instance, *args):
        getattr(self, method)(context, instance, *args)
        self._workers.shutdown(wait=True)


def _instance(context, driver, task_state):
    instance = stored_instances.create(
        context, task_state, uuid='e4d909c2-90d0-4c3e-9d4b-4b4c2b3b1f00')
    driver.spawn(context, instance, None, [], None)
    return instance


_reload = stored_instances.reload


def test_stop_stops(admin_context):
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, task_states.POWERING_OFF)
    Compute(driver).run('stop_instance', admin_context, instance)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state, stored.power_state) == (
        vm_states.STOPPED, None, power_state.SHUTDOWN)
    assert stored.fault is None


@pytest.mark.parametrize('reboot_type,task_state', [
    ('SOFT', task_states.REBOOTING), ('HARD', task_states.REBOOTING_HARD)])
def test_reboot_clears_its_own_task_state(admin_context, reboot_type,
                                          task_state):
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, task_state)
    Compute(driver).run('reboot_instance', admin_context, instance,
                        reboot_type)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)


def test_failed_stop_records_a_fault_and_stays_active(admin_context):
    driver = BrokenPowerOff('host1')
    instance = _instance(admin_context, driver, task_states.POWERING_OFF)
    Compute(driver).run('stop_instance', admin_context, instance)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state, stored.power_state) == (
        vm_states.ACTIVE, None, power_state.RUNNING)
    assert 'Simulated power_off failure' in stored.fault.message


def test_a_delete_that_took_over_wins(admin_context):
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, task_states.PAUSING)
    stale = objects.Instance.get_by_uuid(admin_context, instance.uuid)
    instance.task_state = task_states.DELETING
    instance.save()
    Compute(driver).run('pause_instance', admin_context, stale)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.ACTIVE, task_states.DELETING)
