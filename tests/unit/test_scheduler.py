"""The scheduler filters, weighs and claims; failures explain themselves."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

import nova.conf
from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import exception
from nova import objects
from nova.scheduler import manager

CONF = nova.conf.CONF


def _host(ctx, name, memory_mb=4096, disabled=False):
    services_db.service_create(ctx, {
        'host': name, 'binary': 'nova-compute', 'topic': 'compute',
        'disabled': disabled, 'last_seen_up': timeutils.utcnow()})
    services_db.compute_node_create(ctx, {
        'host': name, 'hypervisor_hostname': name, 'hypervisor_type': 'fake',
        'vcpus': 8, 'memory_mb': memory_mb, 'local_gb': 100,
        'free_ram_mb': memory_mb, 'free_disk_gb': 100,
        'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def _spec(ctx, count=1, memory_mb=1024, ignore=()):
    flavor = objects.Flavor(id=1, flavorid='1', name='small',
                            memory_mb=memory_mb, vcpus=1, root_gb=10,
                            ephemeral_gb=0, swap=0)
    uuids = []
    for _ in range(count):
        uuid = uuidutils.generate_uuid()
        instances_db.instance_create(ctx, {
            'uuid': uuid, 'project_id': 'p', 'memory_mb': memory_mb,
            'vcpus': 1, 'root_gb': 10, 'ephemeral_gb': 0})
        uuids.append(uuid)
    return objects.RequestSpec(flavor=flavor, instance_uuids=uuids,
                               num_instances=count, ignore_hosts=list(ignore),
                               availability_zone=None, scheduler_hints={})


def test_spreads_by_free_ram(admin_context):
    _host(admin_context, 'big', memory_mb=8192)
    _host(admin_context, 'small', memory_mb=4096)
    scheduler = manager.SchedulerManager('sched')
    picks = scheduler.select_destinations(admin_context,
                                          _spec(admin_context, count=3))
    hosts = [s.service_host for s in picks]
    # The weigher keeps choosing the host with the most free RAM.
    assert hosts[0] == 'big'
    assert set(hosts) <= {'big', 'small'}
    for selection in picks:
        inst = instances_db.instance_get_by_uuid(admin_context,
                                                 selection.instance_uuid)
        assert inst.host == selection.service_host


def test_disabled_and_ignored_hosts_are_skipped(admin_context):
    _host(admin_context, 'off', disabled=True)
    _host(admin_context, 'tried')
    _host(admin_context, 'good')
    scheduler = manager.SchedulerManager('sched')
    picks = scheduler.select_destinations(
        admin_context, _spec(admin_context, ignore=['tried']))
    assert [s.service_host for s in picks] == ['good']


def test_no_room_says_why_and_claims_nothing(admin_context):
    _host(admin_context, 'h1', memory_mb=2048)
    scheduler = manager.SchedulerManager('sched')
    spec = _spec(admin_context, count=3, memory_mb=1024)
    with pytest.raises(exception.NoValidHost) as error:
        scheduler.select_destinations(admin_context, spec)
    message = error.value.format_message()
    assert '1 host(s) considered' in message
    assert 'RamFilter removed 1' in message or 'left without room' in message
    # All-or-nothing: the two instances that fit were released again.
    node = services_db.compute_node_get_all(admin_context)[0]
    assert node.memory_mb_used == CONF.reserved_host_memory_mb
    assert node.running_vms == 0
    for uuid in spec.instance_uuids:
        assert instances_db.instance_get_by_uuid(admin_context,
                                                 uuid).host is None
