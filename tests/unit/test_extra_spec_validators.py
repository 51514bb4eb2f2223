"""Flavor extra spec validation (API 2.86): known namespaces hold known
specs with valid values; other keys are left alone."""

import pytest

from nova.api.openstack.compute import extra_spec_validators as validators
from nova import exception


@pytest.mark.parametrize('key,value', [
    ('hw:numa_nodes', '2'), ('hw:numa_cpus.0', '0-1,^1'),
    ('hw:numa_mem.1', '512'), ('hw:cpu_policy', 'dedicated'),
    ('hw:mem_page_size', '2MB'), ('hw:mem_page_size', 'large'),
    ('hw:watchdog_action', 'reset'), ('hw_rng:allowed', 'True'),
    ('quota:disk_read_iops_sec', '100'), ('quota:cpu_shares_level', 'high'),
    ('resources:VCPU', '2'), ('resources1:CUSTOM_GPU', '1'),
    ('resources_fast:MEMORY_MB', '64'), ('trait2:HW_CPU_X86_AVX', 'forbidden'),
    ('aggregate_instance_extra_specs:ssd', 'anything'),
    ('capabilities:hypervisor_type', 'fake'),
    ('pci_passthrough:alias', 'gpu:2,nic:1'), ('group_policy', 'isolate'),
    ('hide_hypervisor_id', 'no'), ('os:secure_boot', 'required'),
    # Not in a namespace this cloud knows: unchecked.
    ('plain', 'x'), ('vendor:whatever', 'y'), ('hwx:thing', 'z'),
])
def test_valid(key, value):
    validators.validate(key, value)


@pytest.mark.parametrize('key,value,words', [
    ('hw:numa_nodes', '0', 'at least 1'),
    ('hw:numa_nodes', 'two', 'an integer'),
    ('hw:cpu_policy', 'greedy', 'one of shared'),
    ('hw:numa_cpus.0', 'all', 'of the form'),
    ('hw_rng:allowed', 'perhaps', 'a boolean'),
    ('os:monitors', '9', 'at most 8'),
    ('trait:HW_CPU_X86_AVX', 'yes', 'required, forbidden'),
    ('hw:no_such_spec', '1', 'does not appear to be a valid extra spec'),
    ('quota:bananas', '1', 'does not appear'),
    ('resources:lower_case', '1', 'does not appear'),
    ('accel:other', 'x', 'does not appear'),
])
def test_refused(key, value, words):
    with pytest.raises(exception.Invalid) as error:
        validators.validate(key, value)
    assert words in error.value.format_message()
    assert error.value.code == 400
