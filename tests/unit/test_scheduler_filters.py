"""Each scheduler filter and weigher on hand-built host states."""

import json
import types

from oslo_utils import timeutils
import pytest

import nova.conf
from nova import objects
from nova.scheduler.filters import affinity_filters
from nova.scheduler.filters import busy_host_filters
from nova.scheduler.filters import compute_capabilities_filter
from nova.scheduler.filters import extra_specs_ops
from nova.scheduler.filters import image_props_filter
from nova.scheduler.filters import isolated_hosts_filter
from nova.scheduler.filters import json_filter
from nova.scheduler.filters import metrics_filter
from nova.scheduler.filters import numa_topology_filter
from nova.scheduler.filters import pci_passthrough_filter
from nova.scheduler.filters import retry_filter
from nova.scheduler.filters import type_affinity_filter
from nova.scheduler import host_manager
from nova.scheduler import weights
from nova.scheduler.weights import io_ops
from nova.scheduler.weights import metrics as metrics_weigher
from nova.scheduler.weights import resources

CONF = nova.conf.CONF


def _host(name='h1', vcpus=8, memory_mb=4096, local_gb=100, host_ip=None,
          stats=None, cpu_info=None, vcpus_used=0, local_gb_used=0):
    node = objects.ComputeNode(
        id=1, uuid='00000000-0000-0000-0000-000000000001', host=name,
        hypervisor_hostname=name, hypervisor_type='fake',
        hypervisor_version=1000, host_ip=host_ip,
        cpu_info=json.dumps(cpu_info or {}), vcpus=vcpus,
        memory_mb=memory_mb, local_gb=local_gb, vcpus_used=vcpus_used,
        memory_mb_used=0, local_gb_used=local_gb_used, running_vms=0,
        cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
        disk_allocation_ratio=1.0, stats=json.dumps(stats or {}))
    service = types.SimpleNamespace(
        disabled=False, forced_down=False, last_seen_up=timeutils.utcnow(),
        updated_at=None, created_at=None)
    return host_manager.HostState(node, service)


def _spec(extra_specs=None, hints=None, image_id=None, image_props=None,
          vcpus=2, memory_mb=1024, flavor_id=7, ignore=()):
    flavor = objects.Flavor(id=flavor_id, flavorid=str(flavor_id),
                            name='f', vcpus=vcpus, memory_mb=memory_mb,
                            root_gb=1, ephemeral_gb=0, swap=0,
                            extra_specs=extra_specs or {})
    image = objects.ImageMeta(id=image_id, properties=image_props or {})
    return objects.RequestSpec(flavor=flavor, image=image,
                               scheduler_hints=hints or {},
                               ignore_hosts=list(ignore), instance_uuids=[])


@pytest.mark.parametrize('host_value,requirement,expected', [
    ('4', '= 4', True), ('8', '= 4', True), ('2', '= 4', False),
    ('4', '== 4', True), ('4.0', '== 4', True), ('5', '!= 4', True),
    ('4', '>= 5', False), ('4', '<= 5', True), ('abc', '<= 5', False),
    ('kvm', 's== kvm', True), ('KVM', 's== kvm', False),
    ('a', 's< b', True), ('b', 's>= b', True), ('c', 's!= c', False),
    ('sse sse2 avx', '<in> avx', True), ('sse', '<in> avx', False),
    (['sse', 'avx'], '<all-in> sse avx', True),
    ('sse avx', '<all-in> sse aes', False),
    ('x86_64', '<or> x86_64 <or> aarch64', True),
    ('ppc64', '<or> x86_64 <or> aarch64', False),
    ('fake', 'fake', True), ('fake', 'kvm', False),
])
def test_extra_specs_operators(host_value, requirement, expected):
    assert extra_specs_ops.match(host_value, requirement) is expected


def test_compute_capabilities_scoped_and_nested():
    flt = compute_capabilities_filter.ComputeCapabilitiesFilter()
    host = _host(cpu_info={'arch': 'x86_64'}, stats={'ssd': 'true'})
    assert flt.host_passes(host, _spec({
        'capabilities:hypervisor_type': 's== fake',
        'capabilities:cpu_info:arch': 'x86_64',
        'capabilities:total_vcpus': '>= 8', 'ssd': 'true',
        'hw:numa_nodes': '1'}))  # other scopes are not ours
    assert not flt.host_passes(host,
                               _spec({'capabilities:total_vcpus': '>= 9'}))
    assert not flt.host_passes(host, _spec({'capabilities:gpu': 'true'}))
    assert not flt.host_passes(
        host, _spec({'capabilities:cpu_info:arch': 'aarch64'}))


def test_image_properties_vs_supported_instances():
    flt = image_props_filter.ImagePropertiesFilter()
    host = _host()  # the fake hypervisor runs x86_64/fake/hvm
    assert flt.host_passes(host, _spec())
    assert flt.host_passes(host, _spec(image_props={
        'hw_architecture': 'x86_64', 'img_hv_type': 'fake',
        'hw_vm_mode': 'hvm'}))
    assert flt.host_passes(host, _spec(image_props={'architecture': 'X86_64'}))
    assert not flt.host_passes(host, _spec(image_props={
        'hw_architecture': 'aarch64'}))
    assert not flt.host_passes(host, _spec(image_props={
        'img_hv_type': 'kvm'}))


def test_isolated_hosts(conf):
    flt = isolated_hosts_filter.IsolatedHostsFilter()
    conf.set_override('isolated_images', ['img-iso'], 'filter_scheduler')
    conf.set_override('isolated_hosts', ['iso'], 'filter_scheduler')
    iso, plain = _host('iso'), _host('plain')
    assert flt.host_passes(iso, _spec(image_id='img-iso'))
    assert not flt.host_passes(plain, _spec(image_id='img-iso'))
    assert not flt.host_passes(iso, _spec(image_id='other'))
    assert flt.host_passes(plain, _spec(image_id='other'))
    conf.set_override('restrict_isolated_hosts_to_isolated_images', False,
                      'filter_scheduler')
    assert flt.host_passes(iso, _spec(image_id='other'))
    assert not flt.host_passes(plain, _spec(image_id='img-iso'))


def test_json_filter_query():
    flt = json_filter.JsonFilter()
    host = _host(memory_mb=4096, stats={'rack': 'r1'})
    query = ['and', ['>=', '$free_ram_mb', 2048],
             ['==', '$hypervisor_type', 'fake'], ['==', '$stats.rack', 'r1']]
    assert flt.host_passes(host, _spec(hints={'query': [json.dumps(query)]}))
    query = ['or', ['>', '$free_ram_mb', 8192], ['<', '$free_vcpus', 2]]
    assert not flt.host_passes(host,
                               _spec(hints={'query': [json.dumps(query)]}))
    unknown = ['==', '$no_such_thing', 1]
    assert not flt.host_passes(host,
                               _spec(hints={'query': [json.dumps(unknown)]}))
    assert not flt.host_passes(host, _spec(hints={'query': ['not json']}))
    assert flt.host_passes(host, _spec())


def test_same_and_different_host():
    same = affinity_filters.SameHostFilter()
    different = affinity_filters.DifferentHostFilter()
    host = _host()
    host.instances = {'a': 1, 'b': 1}
    assert same.host_passes(host, _spec(hints={'same_host': ['a', 'b']}))
    assert not same.host_passes(host, _spec(hints={'same_host': ['a', 'c']}))
    assert not different.host_passes(
        host, _spec(hints={'different_host': ['c', 'b']}))
    assert different.host_passes(host,
                                 _spec(hints={'different_host': ['c']}))
    assert same.host_passes(host, _spec()) and \
        different.host_passes(host, _spec())


def test_simple_cidr_affinity():
    flt = affinity_filters.SimpleCIDRAffinityFilter()
    host = _host(host_ip='10.0.1.7')
    near = {'build_near_host_ip': ['10.0.1.1'], 'cidr': ['/24']}
    assert flt.host_passes(host, _spec(hints=near))
    assert not flt.host_passes(host, _spec(hints={
        'build_near_host_ip': ['10.0.2.1'], 'cidr': ['/24']}))
    assert flt.host_passes(host, _spec(hints={
        'build_near_host_ip': ['10.0.2.1'], 'cidr': ['/16']}))
    assert not flt.host_passes(_host(host_ip=None), _spec(hints=near))
    assert flt.host_passes(host, _spec())


def test_retry_filter_skips_tried_hosts():
    flt = retry_filter.RetryFilter()
    assert not flt.host_passes(_host('h1'), _spec(ignore=['h1']))
    assert flt.host_passes(_host('h2'), _spec(ignore=['h1']))


def test_num_instances_and_io_ops(conf):
    conf.set_override('max_instances_per_host', 2, 'filter_scheduler')
    conf.set_override('max_io_ops_per_host', 1, 'filter_scheduler')
    num = busy_host_filters.NumInstancesFilter()
    io = busy_host_filters.IoOpsFilter()
    host = _host()
    flavor = _spec().flavor
    assert num.host_passes(host, _spec()) and io.host_passes(host, _spec())
    host.consume(flavor, 'u1')  # a new instance spawns: busy
    assert num.host_passes(host, _spec())
    assert not io.host_passes(host, _spec())
    host.consume(flavor, 'u2')
    assert not num.host_passes(host, _spec())


def test_type_affinity():
    flt = type_affinity_filter.TypeAffinityFilter()
    host = _host()
    assert flt.host_passes(host, _spec(flavor_id=7))
    host.instances = {'a': 7}
    assert flt.host_passes(host, _spec(flavor_id=7))
    assert not flt.host_passes(host, _spec(flavor_id=8))


def test_metrics_filter_and_weigher(conf):
    conf.set_override('weight_setting', ['cpu.frequency=1.0', 'load=-2'],
                      'metrics')
    flt = metrics_filter.MetricsFilter()
    fast = _host('fast', stats={'metrics': {'cpu.frequency': 3000,
                                            'load': 10}})
    slow = _host('slow', stats={'metrics': [
        {'name': 'cpu.frequency', 'value': 2000}, {'name': 'load',
                                                   'value': 1}]})
    blind = _host('blind')
    assert flt.host_passes(fast, _spec()) and flt.host_passes(slow, _spec())
    assert not flt.host_passes(blind, _spec())
    weigher = metrics_weigher.MetricsWeigher()
    assert weigher.raw_weight(fast, _spec()) == 3000 - 20
    ranked = weights.weigh([weigher], [slow, blind, fast], _spec())
    assert [h.host for h in ranked] == ['fast', 'slow', 'blind']
    assert weigher.raw_weight(blind, _spec()) == -10000.0


def test_numa_topology(conf):
    flt = numa_topology_filter.NUMATopologyFilter()
    two_cells = _host(vcpus=8, memory_mb=8192, cpu_info={'numa_nodes': 2})
    assert two_cells.numa_cells == [{'vcpus': 4, 'memory_mb': 4096}] * 2
    assert flt.host_passes(_host(), _spec())
    assert flt.host_passes(two_cells, _spec({'hw:numa_nodes': '2'},
                                            vcpus=8, memory_mb=8192))
    # Three cells wanted, two exist.
    assert not flt.host_passes(two_cells, _spec({'hw:numa_nodes': '3'}))
    # One cell must hold the whole flavor: 6 vCPUs exceed a cell's 4.
    assert not flt.host_passes(two_cells, _spec({'hw:numa_nodes': '1'},
                                                vcpus=6))


def test_pci_passthrough():
    flt = pci_passthrough_filter.PciPassthroughFilter()
    assert flt.host_passes(_host(), _spec())
    # The fake hypervisor reports no devices.
    assert not flt.host_passes(_host(), _spec(
        {'pci_passthrough:alias': 'gpu:1'}))
    with_gpus = _host(stats={'pci_pools': [{'name': 'gpu', 'count': 2}]})
    assert flt.host_passes(with_gpus, _spec(
        {'pci_passthrough:alias': 'gpu:2'}))
    assert not flt.host_passes(with_gpus, _spec(
        {'pci_passthrough:alias': 'gpu:2,nic:1'}))


def test_cpu_disk_and_io_ops_weighers(conf):
    roomy = _host('roomy', vcpus=16, local_gb=500)
    tight = _host('tight', vcpus=4, local_gb=50)
    tight.consume(_spec().flavor, 'busy')
    spec = _spec()
    cpu, disk = resources.CPUWeigher(), resources.DiskWeigher()
    ops = io_ops.IoOpsWeigher()
    for weigher in (cpu, disk, ops):
        assert [h.host for h in weights.weigh(
            [weigher], [tight, roomy], spec)] == ['roomy', 'tight']
    conf.set_override('cpu_weight_multiplier', -1.0, 'filter_scheduler')
    assert [h.host for h in weights.weigh(
        [cpu], [roomy, tight], spec)] == ['tight', 'roomy']
