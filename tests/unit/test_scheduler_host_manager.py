"""The scheduler's in-memory host states: bulk loads, cheap refreshes."""

import contextlib
import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.compute import task_states
from nova.db import api as db_api
from nova.db import host_states as host_states_db
from nova.db import models
from nova.db import instances as instances_db
from nova.db import services as services_db
from nova.scheduler import aggregates
from nova.scheduler import host_manager


def _hosts(ctx, names, stats='{}'):
    for name in names:
        services_db.service_create(ctx, {
            'host': name, 'binary': 'nova-compute', 'topic': 'compute',
            'last_seen_up': timeutils.utcnow()})
        services_db.compute_node_create(ctx, {
            'host': name, 'hypervisor_hostname': name,
            'hypervisor_type': 'fake', 'host_ip': '10.0.0.1',
            'vcpus': 8, 'memory_mb': 4096, 'local_gb': 100,
            'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
            'disk_allocation_ratio': 1.0, 'stats': stats})


def _instance(ctx, host, task_state=None, type_id=3):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'host': host, 'node': host,
        'instance_type_id': type_id, 'task_state': task_state})
    return uuid


@contextlib.contextmanager
def _count_queries():
    statements = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith('SELECT'):
            statements.append(statement)

    sa.event.listen(sa.engine.Engine, 'before_cursor_execute', count)
    try:
        yield statements
    finally:
        sa.event.remove(sa.engine.Engine, 'before_cursor_execute', count)


def _load_counting(ctx, manager=None):
    manager = manager or host_manager.HostManager()
    with _count_queries() as statements:
        states = manager.get_host_states(ctx)
    return states, len(statements)


def test_bulk_load_queries_do_not_grow_with_hosts(admin_context,
                                                  monkeypatch):
    # Both loads cold, as a new scheduler's: the aggregates cache (per
    # process) would answer one of them from an earlier test's load, or
    # not, as time passed.
    monkeypatch.setattr(aggregates._Cache, 'get', lambda self, context:
                        aggregates._placement(context))
    _hosts(admin_context, ['a1', 'a2'])
    _instance(admin_context, 'a1')
    states, few = _load_counting(admin_context)
    assert len(states) == 2
    _hosts(admin_context, ['b%d' % i for i in range(30)])
    for i in range(30):
        _instance(admin_context, 'b%d' % i)
    states, many = _load_counting(admin_context)
    assert len(states) == 32
    # Nodes, services, instances, plus one per loader of other slices.
    assert many == few <= 3 + len(host_manager.HOST_STATE_LOADERS)


def test_instances_io_ops_ip_and_stats_are_loaded(admin_context):
    _hosts(admin_context, ['h1', 'h2'],
           stats='{"metrics": {"cpu.frequency": 2400}}')
    idle = _instance(admin_context, 'h1', type_id=5)
    busy = _instance(admin_context, 'h1', task_states.SPAWNING)
    _instance(admin_context, 'h1', task_states.RESIZE_MIGRATING)
    _instance(admin_context, 'h2', task_states.IMAGE_SNAPSHOT)
    states = {s.host: s for s in
              host_manager.HostManager().get_host_states(admin_context)}
    h1 = states['h1']
    assert set(h1.instances) >= {idle, busy} and len(h1.instances) == 3
    assert h1.instances[idle] == 5
    assert h1.num_io_ops == 2 and states['h2'].num_io_ops == 1
    assert h1.host_ip == '10.0.0.1'
    assert h1.metrics == {'cpu.frequency': 2400.0}
    assert h1.supported_instances == [('x86_64', 'fake', 'hvm')]
    assert h1.aggregates == []


def test_refresh_reads_only_changes(admin_context, conf):
    _hosts(admin_context, ['h%d' % i for i in range(5)])
    manager = host_manager.HostManager()
    _load_counting(admin_context, manager)
    # A new instance and a new host appear; a host's usage changes.
    uuid = _instance(admin_context, 'h1', task_states.SPAWNING)
    _hosts(admin_context, ['late'])
    node = services_db.compute_node_get_all(admin_context, host='h2')[0]
    services_db.compute_node_update(admin_context, node.id,
                                    {'vcpus_used': 6})
    states, queries = _load_counting(admin_context, manager)
    states = {s.host: s for s in states}
    assert queries <= 3 + len(host_manager.HOST_STATE_LOADERS)
    assert 'late' in states
    assert uuid in states['h1'].instances
    assert states['h1'].num_io_ops == 1
    assert states['h2'].free_vcpus == 2
    # The instance finishes spawning, then is deleted.
    instances_db.instance_update(admin_context, uuid, {'task_state': None})
    states = {s.host: s for s in manager.get_host_states(admin_context)}
    assert states['h1'].num_io_ops == 0 and uuid in states['h1'].instances
    instances_db.instance_destroy(admin_context, uuid)
    states = {s.host: s for s in manager.get_host_states(admin_context)}
    assert uuid not in states['h1'].instances
    # A deleted service takes its host out.
    service = services_db.service_get_by_host_and_binary(
        admin_context, 'h3', 'nova-compute')
    services_db.service_destroy(admin_context, service.id)
    states = {s.host: s for s in manager.get_host_states(admin_context)}
    assert 'h3' not in states and len(states) == 5


def test_full_reload_heals_missed_changes(admin_context, conf):
    """A change whose timestamp the incremental refresh cannot see (a
    clock far behind) is picked up by the periodic full reload."""
    _hosts(admin_context, ['h1'])
    manager = host_manager.HostManager()
    manager.get_host_states(admin_context)
    long_ago = timeutils.utcnow() - datetime.timedelta(hours=1)
    engine = db_api.get_engine()
    with engine.begin() as conn:
        conn.execute(sa.update(models.ComputeNode).values(
            vcpus_used=8, updated_at=long_ago, created_at=long_ago))
    assert manager.get_host_states(admin_context)[0].free_vcpus == 8
    manager._last_full -= datetime.timedelta(
        seconds=conf.filter_scheduler.host_state_full_reload_seconds)
    assert manager.get_host_states(admin_context)[0].free_vcpus == 0


def test_loaders_hook_sees_every_state(admin_context):
    _hosts(admin_context, ['h1', 'h2'])
    seen = []
    host_manager.HOST_STATE_LOADERS.append(
        lambda ctx, states: seen.extend(s.host for s in states))
    try:
        host_manager.HostManager().get_host_states(admin_context)
    finally:
        host_manager.HOST_STATE_LOADERS.pop()
    assert sorted(seen) == ['h1', 'h2']


def test_heartbeats_are_not_read_per_request(admin_context, conf):
    _hosts(admin_context, ['h1', 'h2'])
    manager = host_manager.HostManager()
    manager.get_host_states(admin_context)
    h1 = services_db.service_get_by_host_and_binary(
        admin_context, 'h1', 'nova-compute')
    since = timeutils.utcnow()
    services_db.service_heartbeat(admin_context, h1.id)
    assert host_states_db.services(admin_context, 'nova-compute',
                                   since=since) == []
    # Disabling is seen at once.
    services_db.service_update(admin_context, h1.id, {'disabled': True})
    states = {s.host: s for s in manager.get_host_states(admin_context)}
    assert states['h1'].service.disabled
    assert not host_manager.service_is_usable(states['h1'].service)
    # A heartbeat that stopped long ago is seen at the liveness refresh.
    h2 = services_db.service_get_by_host_and_binary(
        admin_context, 'h2', 'nova-compute')
    stale = timeutils.utcnow() - datetime.timedelta(hours=1)
    with db_api.get_engine().begin() as conn:
        conn.execute(sa.update(models.Service).where(
            models.Service.id == h2.id).values(last_seen_up=stale,
                                               updated_at=stale))
    manager._last_liveness -= datetime.timedelta(seconds=60)
    states = {s.host: s for s in manager.get_host_states(admin_context)}
    assert states['h2'].service.last_seen_up == stale
    assert not host_manager.service_is_usable(states['h2'].service)


def test_enable_between_two_refreshes_survives_a_heartbeat(admin_context):
    """Regression: a scheduler kept a re-enabled host disabled. Root
    cause: the heartbeat wrote updated_at = last_seen_up, and
    host_states.services took rows with equal times for heartbeats, so
    an enable followed by a heartbeat before the next refresh (or made in
    the same second as one, on MySQL) was never read."""
    _hosts(admin_context, ['h1'])
    long_ago = timeutils.utcnow() - datetime.timedelta(hours=1)
    with db_api.get_engine().begin() as conn:
        conn.execute(sa.update(models.Service).values(created_at=long_ago))
        conn.execute(sa.update(models.ComputeNode).values(
            created_at=long_ago, updated_at=long_ago))
    h1 = services_db.service_get_by_host_and_binary(
        admin_context, 'h1', 'nova-compute')
    manager = host_manager.HostManager()
    services_db.service_update(admin_context, h1.id, {'disabled': True})
    assert manager.get_host_states(admin_context)[0].service.disabled
    services_db.service_update(admin_context, h1.id, {'disabled': False})
    services_db.service_heartbeat(admin_context, h1.id)
    assert not manager.get_host_states(admin_context)[0].service.disabled
    # Heartbeats alone are still not read as changes afterwards.
    services_db.service_heartbeat(admin_context, h1.id)
    since = timeutils.utcnow()
    services_db.service_heartbeat(admin_context, h1.id)
    assert host_states_db.services(admin_context, 'nova-compute',
                                   since=since) == []
