"""The fake driver behaves like a hypervisor: guests, power, capacity."""

import types

import pytest

from nova.compute import power_state
from nova import exception
from nova.virt import fake


def _instance(name='vm', uuid='u1'):
    return types.SimpleNamespace(uuid=uuid, display_name=name, memory_mb=512,
                                 vcpus=2)


def test_spawn_power_and_destroy(conf):
    driver = fake.FakeDriver('host1')
    inst = _instance()
    driver.spawn(None, inst, None, [], 'pw')
    assert driver.get_info(inst).state == power_state.RUNNING
    assert driver.list_instances() == ['u1']
    with pytest.raises(exception.InstanceExists):
        driver.spawn(None, inst, None, [], 'pw')
    driver.power_off(inst)
    assert driver.get_info(inst).state == power_state.SHUTDOWN
    driver.power_on(None, inst, None)
    assert driver.get_info(inst).state == power_state.RUNNING
    res = driver.get_available_resource('host1')
    assert (res.vcpus_used, res.memory_mb_used) == (2, 512)
    driver.destroy(None, inst)
    assert not driver.instance_exists(inst)
    with pytest.raises(exception.InstanceNotFound):
        driver.get_info(inst)


def test_configured_spawn_failure(conf):
    conf.set_override('fail_spawn_for_names', ['bad'], 'fake_driver')
    driver = fake.FakeDriver('host1')
    with pytest.raises(exception.NovaException):
        driver.spawn(None, _instance('bad'), None, [], 'pw')
    assert driver.list_instances() == []
