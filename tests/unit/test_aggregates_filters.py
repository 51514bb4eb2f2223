"""The Aggregate* scheduler filters on in-memory host states."""

import pytest

from nova import objects
from nova.scheduler import filters

objects.register_all()


class _Node:
    vcpus = 4
    memory_mb = 4096
    local_gb = 100
    cpu_allocation_ratio = 2.0
    ram_allocation_ratio = 1.0
    disk_allocation_ratio = 1.0


class _State:
    def __init__(self, *metadatas, ram_used=0, vcpus_used=0, disk_used=0):
        self.host = 'h1'
        self.node = _Node()
        self.ram_used_mb = ram_used
        self.vcpus_used = vcpus_used
        self.disk_used_gb = disk_used
        self.aggregates = [objects.Aggregate(id=i, name='a%d' % i,
                                             hosts=['h1'], metadata=md)
                           for i, md in enumerate(metadatas)]


def _spec(memory_mb=1024, vcpus=1, root_gb=10, extra_specs=None,
          name='small', project_id='p1', image_props=None):
    flavor = objects.Flavor(id=1, flavorid='1', name=name,
                            memory_mb=memory_mb, vcpus=vcpus,
                            root_gb=root_gb, ephemeral_gb=0, swap=0,
                            extra_specs=extra_specs or {})
    image = objects.ImageMeta(properties=image_props or {})
    return objects.RequestSpec(flavor=flavor, project_id=project_id,
                               image=image, instance_uuids=[],
                               ignore_hosts=[], scheduler_hints={})


def _passes(name, state, spec):
    return filters.load_filters([name])[0].host_passes(state, spec)


def test_ram_ratio_from_aggregate_min_wins():
    # Node: 4096 MB at ratio 1.0, 3000 used.
    state = _State(ram_used=3000)
    assert _passes('AggregateRamFilter', state, _spec(memory_mb=1024))
    state = _State({'ram_allocation_ratio': '0.5'}, ram_used=1500)
    assert not _passes('AggregateRamFilter', state, _spec(memory_mb=1024))
    state = _State({'ram_allocation_ratio': '2.0'},
                   {'ram_allocation_ratio': '1.5'}, ram_used=4096)
    assert _passes('AggregateRamFilter', state, _spec(memory_mb=2048))
    assert not _passes('AggregateRamFilter', state, _spec(memory_mb=2049))


def test_invalid_ratio_falls_back_to_node():
    state = _State({'ram_allocation_ratio': 'lots'}, ram_used=3000)
    assert _passes('AggregateRamFilter', state, _spec(memory_mb=1096))
    assert not _passes('AggregateRamFilter', state, _spec(memory_mb=1097))


def test_core_and_disk_ratios():
    state = _State({'cpu_allocation_ratio': '1.0'}, vcpus_used=3)
    assert _passes('AggregateCoreFilter', state, _spec(vcpus=1))
    assert not _passes('AggregateCoreFilter', state, _spec(vcpus=2))
    # Node ratio 2.0 without aggregates: 8 vCPUs, but never more than 4
    # for one server.
    assert _passes('AggregateCoreFilter', _State(vcpus_used=4),
                   _spec(vcpus=4))
    assert not _passes('AggregateCoreFilter', _State(), _spec(vcpus=5))
    state = _State({'disk_allocation_ratio': '2'}, disk_used=150)
    assert _passes('AggregateDiskFilter', state, _spec(root_gb=50))
    assert not _passes('AggregateDiskFilter', state, _spec(root_gb=51))


@pytest.mark.parametrize('extra_specs,passes', [
    ({}, True),
    ({'ssd': 'true'}, True),
    ({'aggregate_instance_extra_specs:ssd': 'true'}, True),
    ({'aggregate_instance_extra_specs:ssd': 'false'}, False),
    ({'gpus': '>= 2'}, True),
    ({'gpus': '>= 3'}, False),
    ({'missing': 'x'}, False),
    ({'hw:cpu_policy': 'dedicated'}, True),  # another scope
    ({'ssd': '<or> false <or> true'}, True),
])
def test_instance_extra_specs(extra_specs, passes):
    state = _State({'ssd': 'true'}, {'gpus': '2'})
    assert _passes('AggregateInstanceExtraSpecsFilter', state,
                   _spec(extra_specs=extra_specs)) is passes


def test_instance_extra_specs_host_without_aggregates():
    assert not _passes('AggregateInstanceExtraSpecsFilter', _State(),
                       _spec(extra_specs={'ssd': 'true'}))


def test_image_properties_isolation(conf):
    state = _State({'os_distro': 'windows', 'other.x': 'y'})
    name = 'AggregateImagePropertiesIsolation'
    assert _passes(name, state, _spec(image_props={'os_distro': 'windows'}))
    assert not _passes(name, state,
                       _spec(image_props={'os_distro': 'ubuntu'}))
    assert _passes(name, state, _spec())  # the image does not say
    conf.set_override('aggregate_image_properties_isolation_namespace',
                      'other', group='filter_scheduler')
    assert _passes(name, state, _spec(image_props={'os_distro': 'ubuntu'}))
    assert not _passes(name, state, _spec(image_props={'other.x': 'z'}))


def test_multi_tenancy_isolation():
    name = 'AggregateMultiTenancyIsolation'
    assert _passes(name, _State(), _spec(project_id='anyone'))
    state = _State({'filter_tenant_id': 'p1,p2'},
                   {'filter_tenant_id_3': 'p3'})
    assert _passes(name, state, _spec(project_id='p2'))
    assert _passes(name, state, _spec(project_id='p3'))
    assert not _passes(name, state, _spec(project_id='p4'))


def test_type_affinity():
    name = 'AggregateTypeAffinityFilter'
    assert _passes(name, _State(), _spec(name='big'))
    state = _State({'instance_type': 'small, medium'})
    assert _passes(name, state, _spec(name='medium'))
    assert not _passes(name, state, _spec(name='big'))
