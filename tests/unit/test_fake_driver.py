"""The fake driver behaves like a hypervisor: guests, power, capacity."""

import types

import pytest

from nova.compute import power_state
from nova import exception
from nova.virt import fake
from nova.volume import exception as volume_exception


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


def test_guests_outlive_the_driver_like_a_hypervisor(conf):
    """A restarted fake host finds its guests as it left them."""
    first = fake.FakeDriver('host1')
    first.init_host('host1')
    running, stopped, gone = (_instance(uuid=u) for u in ('a', 'b', 'c'))
    for inst in (running, stopped, gone):
        first.spawn(None, inst, None, [], 'pw')
    first.power_off(stopped)
    first.destroy(None, gone)

    restarted = fake.FakeDriver('host1')
    restarted.init_host('host1')
    assert sorted(restarted.list_instances()) == ['a', 'b']
    assert restarted.get_info(running).state == power_state.RUNNING
    assert restarted.get_info(stopped).state == power_state.SHUTDOWN
    assert restarted.get_available_resource('host1').memory_mb_used == 1024
    # Another host of the same cloud has guests of its own.
    other = fake.FakeDriver('host2')
    other.init_host('host2')
    assert other.list_instances() == []


def test_standard_diagnostics_match_the_legacy_counters(conf):
    driver = fake.FakeDriver('host1')
    inst = _instance()
    inst.config_drive = ''
    driver.spawn(None, inst, None, [], 'pw')
    legacy = driver.get_diagnostics(inst)
    diag = driver.get_instance_diagnostics(inst)
    assert (diag['state'], diag['num_cpus']) == ('running', 2)
    assert [c['id'] for c in diag['cpu_details']] == [0, 1]
    assert diag['memory_details'] == {'maximum': 512, 'used': 512}
    assert diag['disk_details'][0]['read_bytes'] == legacy['vda_read']
    assert diag['nic_details'][0]['tx_octets'] == legacy['tap0_tx']
    assert diag['hypervisor_os'] is None


def test_extend_volume_records_the_size_on_the_device(conf, tmp_path):
    conf.set_override('state_path', str(tmp_path))
    driver = fake.FakeDriver('host1')
    inst = _instance()
    driver.spawn(None, inst, None, [], 'pw')
    info = {'driver_volume_type': 'file',
            'data': {'device_path': '/vols/v1', 'volume_id': 'v1'}}
    with pytest.raises(volume_exception.VolumeNotAttached):
        driver.extend_volume(None, info, inst, 2 * 1024 ** 3)
    driver.attach_volume(None, info, inst, '/dev/vdb')
    driver.extend_volume(None, info, inst, 2 * 1024 ** 3)
    assert driver.attached_volumes('u1')['/dev/vdb']['size_bytes'] == \
        2 * 1024 ** 3
