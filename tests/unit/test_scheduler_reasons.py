"""Multi-create in one pass, and failures that explain themselves."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import exception
from nova import objects
from nova.scheduler import manager


def _host(ctx, name, memory_mb=4096):
    services_db.service_create(ctx, {
        'host': name, 'binary': 'nova-compute', 'topic': 'compute',
        'last_seen_up': timeutils.utcnow()})
    services_db.compute_node_create(ctx, {
        'host': name, 'hypervisor_hostname': name, 'hypervisor_type': 'fake',
        'vcpus': 8, 'memory_mb': memory_mb, 'local_gb': 100,
        'free_ram_mb': memory_mb, 'free_disk_gb': 100,
        'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def _spec(ctx, count=1, memory_mb=512, hints=None):
    flavor = objects.Flavor(id=1, flavorid='1', name='small',
                            memory_mb=memory_mb, vcpus=1, root_gb=1,
                            ephemeral_gb=0, swap=0, extra_specs={})
    uuids = []
    for _ in range(count):
        uuid = uuidutils.generate_uuid()
        instances_db.instance_create(ctx, {
            'uuid': uuid, 'project_id': 'p', 'memory_mb': memory_mb,
            'vcpus': 1, 'root_gb': 1, 'ephemeral_gb': 0,
            'instance_type_id': 1})
        uuids.append(uuid)
    return objects.RequestSpec(flavor=flavor, instance_uuids=uuids,
                               num_instances=count, ignore_hosts=[],
                               availability_zone=None,
                               scheduler_hints=hints or {})


def _scheduler(conf, filters):
    conf.set_override('enabled_filters', filters, 'filter_scheduler')
    return manager.SchedulerManager('sched')


def test_later_instances_see_earlier_ones(admin_context, conf):
    conf.set_override('max_instances_per_host', 1, 'filter_scheduler')
    for name in ('h1', 'h2', 'h3'):
        _host(admin_context, name)
    scheduler = _scheduler(conf, ['ComputeFilter', 'NumInstancesFilter'])
    picks = scheduler.select_destinations(admin_context,
                                          _spec(admin_context, count=3))
    assert sorted(s.service_host for s in picks) == ['h1', 'h2', 'h3']


def test_multi_create_failure_names_the_filter(admin_context, conf):
    conf.set_override('max_instances_per_host', 1, 'filter_scheduler')
    _host(admin_context, 'h1')
    _host(admin_context, 'h2')
    scheduler = _scheduler(conf, ['ComputeFilter', 'NumInstancesFilter'])
    spec = _spec(admin_context, count=3)
    with pytest.raises(exception.NoValidHost) as error:
        scheduler.select_destinations(admin_context, spec)
    message = error.value.format_message()
    # The two placed instances made both hosts full for the third.
    assert 'NumInstancesFilter removed 2 after 2 instance(s) placed' in \
        message
    assert 'the last host(s) were removed by NumInstancesFilter' in message
    assert 'h1' not in message and 'h2' not in message
    details = error.value.kwargs['details']
    assert 'For instance 3 of 3: NumInstancesFilter removed h' in details
    # Nothing stays claimed.
    for uuid in spec.instance_uuids:
        assert instances_db.instance_get_by_uuid(admin_context,
                                                 uuid).host is None


def test_impossible_flavor_fault_hides_hosts_from_owner(
        admin_context, conf):
    _host(admin_context, 'small-1', memory_mb=1024)
    _host(admin_context, 'small-2', memory_mb=1024)
    scheduler = _scheduler(conf, ['ComputeFilter', 'RamFilter'])
    spec = _spec(admin_context, memory_mb=65536)
    with pytest.raises(exception.NoValidHost) as error:
        scheduler.select_destinations(admin_context, spec)
    fault = objects.InstanceFault.from_exception(
        admin_context, spec.instance_uuids[0], error.value)
    assert fault.message.startswith('No valid host was found. There are '
                                    'not enough hosts')
    assert 'RamFilter removed 2' in fault.message
    assert 'small-1' not in fault.message
    assert fault.details == (
        'Hosts considered: 2\n'
        'For every instance: RamFilter removed small-1, small-2')


def test_same_host_hint_follows_existing_server(admin_context, conf):
    _host(admin_context, 'h1')
    _host(admin_context, 'h2')
    scheduler = _scheduler(conf, ['ComputeFilter', 'SameHostFilter',
                                  'DifferentHostFilter'])
    first = scheduler.select_destinations(admin_context,
                                          _spec(admin_context))[0]
    for _ in range(3):
        near = scheduler.select_destinations(admin_context, _spec(
            admin_context, hints={'same_host': [first.instance_uuid]}))[0]
        assert near.service_host == first.service_host
        away = scheduler.select_destinations(admin_context, _spec(
            admin_context,
            hints={'different_host': [first.instance_uuid]}))[0]
        assert away.service_host != first.service_host
