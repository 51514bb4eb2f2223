"""Batched reports of many simulated hosts: the conductor's side against a
real database, and the compute group's calls (how many, and the fall back
to one host at a time against an older conductor)."""

import oslo_messaging as messaging
from oslo_utils import uuidutils
import pytest

from nova.compute import host_group
from nova.compute import resource_tracker
from nova.conductor import host_reports
from nova import context as nova_context
from nova.db import instance_migrations as migrations_db
from nova.db import instances as instances_db
from nova import objects
from nova import service
from nova.virt import hardware


def _resources(vcpus=8):
    return hardware.HostResources(
        vcpus=vcpus, memory_mb=4096, local_gb=100, vcpus_used=0,
        memory_mb_used=0, local_gb_used=0, hypervisor_type='fake',
        hypervisor_version=1000, hypervisor_hostname='n',
        cpu_info='{}', disk_available_least=100)


def test_register_services_creates_missing_and_keeps_known(db):
    ctx = nova_context.get_admin_context()
    first = host_reports.register_services(
        ctx, ['h1', 'h2'], 'nova-compute', 'compute')
    again = host_reports.register_services(
        ctx, ['h2', 'h1', 'h3'], 'nova-compute', 'compute')
    assert [r.host for r in again] == ['h2', 'h1', 'h3']
    assert again[0].id == first[1].id and again[1].id == first[0].id
    assert len(objects.ServiceList.get_all(ctx, binary='nova-compute')) == 3
    assert {r.version for r in again} == {
        objects.service.SERVICE_VERSION}


def test_register_services_writes_the_missing_in_one_transaction(
        any_admin_context):
    from tests.unit import test_node_reports
    ctx = any_admin_context
    old = objects.Service(context=ctx, host='h0', binary='nova-compute',
                          topic='compute', version=1)
    old.create()
    hosts = ['h%d' % i for i in range(30)]
    with test_node_reports._commits() as commits:
        records = host_reports.register_services(
            ctx, hosts, 'nova-compute', 'compute')
    # The missing 29 in one; the old record brought to this version by
    # its own save (and notification).
    assert len(commits) == 2
    assert [r.host for r in records] == hosts
    assert records[0].id == old.id
    assert {r.version for r in records} == {
        objects.service.SERVICE_VERSION}
    assert len({r.id for r in records}) == 30


def test_heartbeat_services_marks_every_one_up_in_one_call(db):
    ctx = nova_context.get_admin_context()
    records = host_reports.register_services(
        ctx, ['h%d' % i for i in range(5)], 'nova-compute', 'compute')
    assert not any(service.is_up(r) and r.last_seen_up for r in records)
    assert host_reports.heartbeat_services(
        ctx, [r.id for r in records[:4]]) == 4
    fresh = {r.host: r for r in objects.ServiceList.get_all(ctx)}
    assert all(fresh['h%d' % i].last_seen_up for i in range(4))
    assert all(fresh['h%d' % i].report_count == 1 for i in range(4))
    assert fresh['h4'].last_seen_up is None
    assert all(service.is_up(fresh['h%d' % i]) for i in range(4))


def test_report_compute_nodes_creates_then_updates(db, conf):
    ctx = nova_context.get_admin_context()
    records = host_reports.register_services(
        ctx, ['h1', 'h2'], 'nova-compute', 'compute')
    reports = [resource_tracker.node_report(r.host, r.host, _resources(),
                                            r.id) for r in records]
    nodes = host_reports.report_compute_nodes(ctx, reports)
    assert [(n.host, n.vcpus, n.service_id) for n in nodes] == [
        ('h1', 8, records[0].id), ('h2', 8, records[1].id)]
    reports[1] = resource_tracker.node_report('h2', 'h2', _resources(16),
                                              records[1].id)
    again = host_reports.report_compute_nodes(ctx, reports)
    assert [n.id for n in again] == [n.id for n in nodes]
    stored = {n.host: n for n in objects.ComputeNodeList.get_all(ctx)}
    assert (stored['h1'].vcpus, stored['h2'].vcpus) == (8, 16)
    # Usage recounted, this host's reserved memory kept.
    assert stored['h2'].free_ram_mb == 4096 - conf.reserved_host_memory_mb


def test_a_failing_node_report_leaves_the_others(db):
    ctx = nova_context.get_admin_context()
    record = host_reports.register_services(
        ctx, ['h1'], 'nova-compute', 'compute')[0]
    bad = resource_tracker.node_report('h0', 'h0', _resources(), record.id)
    del bad['vcpus']
    good = resource_tracker.node_report('h1', 'h1', _resources(), record.id)
    nodes = host_reports.report_compute_nodes(ctx, [bad, good])
    assert [n.host for n in nodes] == ['h1']


# The compute side -----------------------------------------------------------

class _Tracker:
    def __init__(self, host):
        self.host = host
        self.nodes = {}
        self.updates = 0

    changed = False

    def reports(self, service_id):
        return [{'host': self.host, 'nodename': self.host,
                 'service_id': service_id, 'vcpus': 2 + self.changed}]

    def take_nodes(self, nodes):
        self.service.reported_after_start = self.service.started is False
        self.nodes.update((n.hypervisor_hostname, n) for n in nodes)

    def update_available_resource(self, context, service_id=None):
        self.updates += 1


class _Recorder:
    """A host's power sync or reaper: what the group handed it."""
    seen = None

    def sync_power_states(self, context, instances):
        self.seen = instances

    def reap_unowned_guests(self, context, records):
        self.seen = records


class _Driver:
    def __init__(self):
        self.guests = []

    def list_instance_uuids(self):
        return self.guests


class _Manager:
    def __init__(self, host, service):
        self.tracker = _Tracker(host)
        self.tracker.service = service
        self.grouped = False
        self.consoles_cleaned = 0
        self.driver = _Driver()
        self.power_sync = _Recorder()
        self.reaper = _Recorder()

    def clean_expired_consoles(self, context):
        self.consoles_cleaned += 1

    def end_lost_builds(self, context, instances):
        self.watched = instances

    def share_workers(self, pool):
        self.workers = pool


class _Service:
    binary = 'nova-compute'
    topic = 'compute'

    def __init__(self, host):
        self.host = host
        self.manager = _Manager(host, self)
        self.reported_after_start = None
        self.record = None
        self.started = None
        self.beats = 0

    def _ensure_record(self, context):
        return objects.Service(id=int(self.host[1:]), host=self.host)

    def start(self, record=None, heartbeat=True, listen=True):
        self.record = record or self._ensure_record(None)
        self.started = heartbeat
        self.listens = listen

    def stop(self):
        self.started = None


class _Conductor:
    BATCH_VERSION = '1.7'

    def __init__(self, batch=True, refuse=False):
        self.batch = batch
        self.refuse = refuse
        self.calls = []

    def can_batch(self):
        return self.batch

    def register_services(self, context, hosts, binary, topic):
        self.calls.append(('register', len(hosts)))
        if self.refuse:
            raise messaging.RemoteError('UnsupportedVersion', 'too new')
        return [objects.Service(id=int(h[1:]), host=h) for h in hosts]

    def heartbeat_services(self, context, service_ids):
        self.calls.append(('heartbeat', len(service_ids)))
        return len(service_ids)

    def report_compute_nodes(self, context, reports):
        self.calls.append(('report', len(reports)))
        return [objects.ComputeNode(host=r['host'],
                                    hypervisor_hostname=r['nodename'])
                for r in reports]


class _SharedServer:
    def __init__(self, managers, services):
        self.managers = managers
        # Started once every host is: their messages wait till then.
        self.after_hosts = None
        self._services = services
        self.running = False

    def start(self):
        self.after_hosts = all(s.started is not None
                               for s in self._services)
        self.running = True

    def stop(self):
        self.running = False

    def wait(self):
        pass


@pytest.fixture
def group(db, monkeypatch):
    made = []

    def make(count, shared=False, **kwargs):
        conductor = _Conductor(**kwargs)
        monkeypatch.setattr(host_group.conductor_rpcapi, 'ConductorAPI',
                            lambda: conductor)
        monkeypatch.setattr(
            host_group.rpc, 'get_shared_server',
            lambda topic, managers: _SharedServer(
                managers, made[-1].services) if shared else None)
        unit = host_group.HostGroup(
            [_Service('h%d' % i) for i in range(1, count + 1)])
        made.append(unit)
        return unit, conductor
    yield make
    for unit in made:
        unit.stop()


def test_hosts_register_beat_and_report_a_batch_at_a_time(group):
    unit, conductor = group(250)
    unit.start()
    assert conductor.calls == [
        ('register', 100), ('register', 100), ('register', 50)] + [
        ('report', 100), ('report', 100), ('report', 50)] + [
        ('heartbeat', 100), ('heartbeat', 100), ('heartbeat', 50)]
    # Nodes are reported only once every host takes messages; each host's
    # start got its instances read with those of the others.
    assert all(s.reported_after_start and
               s.manager.prefetched_instances == []
               for s in unit.services)
    # Each host took its record and node, and leaves beating to the group.
    assert all(s.record.host == s.host and s.started is False and
               s.manager.grouped and s.host in s.manager.tracker.nodes
               for s in unit.services)
    conductor.calls.clear()
    # Nothing changed: no report; one host's capacity changed: its own.
    unit.update_resources(None)
    unit.services[7].manager.tracker.changed = True
    unit.update_resources(None)
    unit.heartbeat(None)
    assert conductor.calls == [('report', 1)] + [
        ('heartbeat', 100), ('heartbeat', 100), ('heartbeat', 50)]
    # Every FULL_EVERY-th time, all of them.
    unit._updates = host_group.FULL_EVERY - 1
    conductor.calls.clear()
    unit.update_resources(None)
    assert conductor.calls == [('report', 100), ('report', 100),
                               ('report', 50)]


def _instance(ctx, host, vm_state='active', task_state=None):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'host': host, 'node': host,
        'vm_state': vm_state, 'task_state': task_state, 'vcpus': 1,
        'memory_mb': 512, 'root_gb': 1, 'ephemeral_gb': 0})
    return uuid


def test_host_tasks_read_a_batch_of_hosts_at_a_time(group, monkeypatch):
    """The evacuation check at start, the power state sync and the reaper
    read for 100 hosts a call (the evacuations of all in one), and each
    host gets what is its own."""
    ctx = nova_context.get_admin_context()
    on_h2 = _instance(ctx, 'h2')
    evacuated = _instance(ctx, 'h9')
    migrations_db.migration_create(ctx, {
        'instance_uuid': evacuated, 'migration_type': 'evacuation',
        'status': 'done', 'source_compute': 'h4', 'source_node': 'h4',
        'dest_compute': 'h9', 'dest_node': 'h9'})
    reads = []
    for cls in (objects.InstanceList, objects.MigrationList):
        real = cls.get_by_filters

        def counted(context, *args, _real=real, _name=cls.__name__,
                    **kwargs):
            reads.append(_name)
            return _real(context, *args, **kwargs)
        monkeypatch.setattr(cls, 'get_by_filters', counted)
    unit, _conductor = group(150)
    unit.start()
    assert sorted(reads) == ['InstanceList'] * 2 + ['MigrationList']
    by_host = {s.host: s.manager for s in unit.services}
    assert [m.instance_uuid for m in by_host['h4'].prefetched_evacuations
            ] == [evacuated]
    assert by_host['h5'].prefetched_evacuations == []
    assert [i.uuid for i in by_host['h2'].prefetched_instances] == [on_h2]

    reads.clear()
    unit.sync_power_states(ctx)
    assert reads == ['InstanceList'] * 2
    assert [i.uuid for i in by_host['h2'].power_sync.seen] == [on_h2]
    assert by_host['h3'].power_sync.seen == []

    reads.clear()
    by_host['h3'].driver.guests = [on_h2]  # left behind
    unit.reap_unowned_guests(ctx)
    assert reads == ['InstanceList']  # the second 100 hosts run no guest
    assert [i.uuid for i in by_host['h3'].reaper.seen] == [on_h2]
    assert by_host['h2'].reaper.seen == []


def test_the_lost_build_watch_reads_only_servers_in_a_watched_task(group):
    """Idle servers are never a lost build: the group reads only those
    in a build step or deleting, for 100 hosts a call."""
    ctx = nova_context.get_admin_context()
    _instance(ctx, 'h2')
    _instance(ctx, 'h2', task_state='powering-off')
    _instance(ctx, 'h2', vm_state='building', task_state='scheduling')
    spawning = _instance(ctx, 'h2', vm_state='building',
                         task_state='spawning')
    deleting = _instance(ctx, 'h120', task_state='deleting')
    unit, _conductor = group(150)
    unit.start()
    unit.end_lost_builds(ctx)
    by_host = {s.host: s.manager for s in unit.services}
    assert [i.uuid for i in by_host['h2'].watched] == [spawning]
    assert [i.uuid for i in by_host['h120'].watched] == [deleting]
    assert by_host['h3'].watched == []


def test_an_older_conductor_by_pin_gets_host_by_host_calls(group):
    unit, conductor = group(3, batch=False)
    unit.start()
    assert conductor.calls == []
    # Each host registers, beats and reports on its own, as before.
    assert all(s.started is True and s.record.host == s.host and
               not s.manager.grouped for s in unit.services)


def test_an_older_conductor_without_pin_is_detected(group):
    unit, conductor = group(3, refuse=True)
    unit.start()
    assert conductor.calls == [('register', 3)]
    assert not unit.batched
    assert all(s.started is True and s.record.host == s.host and
               not s.manager.grouped for s in unit.services)


def test_the_hosts_build_on_one_bounded_pool(group):
    """1,000 hosts of build_workers threads each took hundreds of builds
    at once, their conductor calls queued past the RPC timeout."""
    unit, _conductor = group(5)
    pools = {id(s.manager.workers) for s in unit.services}
    assert pools == {id(unit._workers)}
    assert unit._workers._max_workers == host_group.GROUP_WORKERS


def test_a_host_hands_its_pool_over(conf):
    import concurrent.futures
    from nova.compute import manager as compute_manager
    from nova import rpc
    from nova.virt import fake
    conf.set_override('transport_url', 'inproc://')
    rpc.cleanup()
    rpc.init(conf)
    host = compute_manager.ComputeManager('h1', driver=fake.FakeDriver('h1'))
    own, live = host._workers, host._live_workers
    shared = concurrent.futures.ThreadPoolExecutor(2)
    try:
        host.share_workers(shared)
        assert host._workers is shared and host._live_workers is live
        assert own._shutdown
    finally:
        host.cleanup_host()
        rpc.cleanup()


def test_one_shared_rpc_server_takes_the_messages_of_all_hosts(group):
    unit, conductor = group(5, shared=True)
    unit.start()
    server = unit._rpc_server
    assert sorted(server.managers) == ['h%d' % i for i in range(1, 6)]
    assert server.running and server.after_hosts
    assert not any(s.listens for s in unit.services)
    unit.stop()
    assert not server.running


class _Echo:
    def __init__(self, host):
        self.host = host

    def ping(self, ctxt, arg):
        return (self.host, arg)


def test_the_router_hands_a_message_to_the_host_it_was_sent_to():
    from nova.messaging import host_router
    from nova import rpc
    router = host_router.HostRouter(
        messaging.Target(version='1.0'), {'a': _Echo('a'), 'b': _Echo('b')})
    serializer = rpc.RequestContextSerializer(None)
    ctxt = nova_context.get_admin_context().to_dict()
    ctxt[host_router.CONTEXT_KEY] = 'b'
    ctxt = serializer.deserialize_context(ctxt)
    assert router.ping(ctxt, arg=1) == ('b', 1)
    assert host_router.CONTEXT_KEY not in ctxt.to_dict()
    ctxt.rpc_host = 'nowhere'
    with pytest.raises(messaging.NoSuchMethod):
        router.ping(ctxt, arg=1)
    with pytest.raises(AttributeError):
        router._private


def test_a_grouped_host_leaves_its_reading_tasks_to_the_group(conf):
    from nova.compute import manager as compute_manager
    from nova import rpc
    from nova.virt import fake
    conf.set_override('transport_url', 'inproc://')
    rpc.cleanup()
    rpc.init(conf)
    host = compute_manager.ComputeManager('h1', driver=fake.FakeDriver('h1'))
    group_runs = [host.power_sync.sync_power_states,
                  host.reaper.reap_unowned_guests, host.end_lost_builds,
                  host.clean_expired_consoles]
    try:
        alone = [task for _interval, task in host.periodic_tasks()]
        assert all(task in alone for task in group_runs)
        host.grouped = True
        grouped = [task for _interval, task in host.periodic_tasks()]
        assert not any(task in grouped for task in group_runs)
    finally:
        host.cleanup_host()
        rpc.cleanup()
