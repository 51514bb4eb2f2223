"""Benchmark of the scheduler alone: SchedulerManager.select_destinations
in process against a database of many simulated compute nodes.

Fills a fresh database (SQLite file, or --database mysql|postgresql on
the local servers) with --hosts services and compute nodes in bulk, then
measures one-instance requests with the default filters and weighers
(latency percentiles; apart: the first request, which loads every host,
and one that re-reads every heartbeat as happens every few seconds) and
the scheduling throughput (requests per second, claims included).

    .venv/bin/python tools/bench/scheduler_bench.py [--hosts 10000]
        [--requests 300] [--database sqlite]
"""

import argparse
import datetime
import os
import sys
import tempfile
import time

from oslo_db.sqlalchemy import enginefacade
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

import nova.conf  # noqa: E402
from nova import context as nova_context  # noqa: E402
from nova.db import api as db_api  # noqa: E402
from nova.db import migration  # noqa: E402
from nova.db import models  # noqa: E402
from nova import objects  # noqa: E402
from nova.scheduler import manager  # noqa: E402
from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402

CONF = nova.conf.CONF
BATCH = 1000


def _database(kind, workdir):
    """A migrated database; returns a callable that drops it."""
    database = cloud_lib.Database(kind, workdir)
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url)
    reader_url = db_api.sqlite_reader_url(database.url)
    if reader_url:
        factory.configure(slave_connection=reader_url,
                          synchronous_reader=False)
    restore = db_api.context_manager.patch_factory(factory)
    migration.db_sync()

    def drop():
        restore()
        database.drop()
    return drop


def fill(hosts):
    """hosts services and compute nodes, inserted in batches; created an
    hour ago like in a running cloud (the incremental refresh reads rows
    changed in the last seconds)."""
    now = timeutils.utcnow()
    created = now - datetime.timedelta(hours=1)
    engine = db_api.get_engine()
    with engine.begin() as conn:
        for start in range(0, hosts, BATCH):
            names = ['bench-%05d' % i for i in
                     range(start, min(hosts, start + BATCH))]
            conn.execute(sa.insert(models.Service), [
                {'uuid': uuidutils.generate_uuid(), 'host': name,
                 'binary': 'nova-compute', 'topic': 'compute',
                 'last_seen_up': now, 'created_at': created, 'deleted': 0,
                 'report_count': 1, 'disabled': False, 'forced_down': False,
                 'version': 0} for name in names])
            conn.execute(sa.insert(models.ComputeNode), [
                {'uuid': uuidutils.generate_uuid(), 'host': name,
                 'hypervisor_hostname': name, 'hypervisor_type': 'fake',
                 'hypervisor_version': 1000, 'cpu_info': '{}',
                 'vcpus': 64, 'memory_mb': 262144, 'local_gb': 4096,
                 'vcpus_used': 0, 'memory_mb_used': 0, 'local_gb_used': 0,
                 'free_ram_mb': 262144, 'free_disk_gb': 4096,
                 'running_vms': 0, 'current_workload': 0,
                 'cpu_allocation_ratio': 16.0, 'ram_allocation_ratio': 1.5,
                 'disk_allocation_ratio': 1.0, 'generation': 0,
                 'stats': '{}', 'created_at': created, 'deleted': 0}
                for name in names])


def request(context, flavor):
    """A one-instance RequestSpec with its instance row."""
    uuid = uuidutils.generate_uuid()
    engine = db_api.get_engine()
    with engine.begin() as conn:
        conn.execute(sa.insert(models.Instance).values(
            uuid=uuid, project_id='bench', user_id='bench',
            vm_state='building', memory_mb=flavor.memory_mb,
            vcpus=flavor.vcpus, root_gb=flavor.root_gb, ephemeral_gb=0,
            instance_type_id=flavor.id, deleted=0, power_state=0,
            locked=False, created_at=timeutils.utcnow()))
    return objects.RequestSpec(
        flavor=flavor, image=None, instance_uuids=[uuid], num_instances=1,
        project_id='bench', user_id='bench', availability_zone=None,
        ignore_hosts=[], scheduler_hints={})


def run(hosts, requests, kind):
    workdir = tempfile.mkdtemp(prefix='sched-bench-')
    drop = _database(kind, workdir)
    try:
        fill(hosts)
        context = nova_context.get_admin_context()
        flavor = objects.Flavor(id=1, flavorid='1', name='m1.small',
                                vcpus=1, memory_mb=512, root_gb=1,
                                ephemeral_gb=0, swap=0, extra_specs={})
        scheduler = manager.SchedulerManager('bench')
        specs = [request(context, flavor) for _ in range(requests + 1)]
        started = time.perf_counter()
        scheduler.select_destinations(context, specs[0])
        first = time.perf_counter() - started
        samples = []
        for spec in specs[1:]:
            started = time.perf_counter()
            scheduler.select_destinations(context, spec)
            samples.append(time.perf_counter() - started)
        # One request that also re-reads every service's heartbeat, as
        # happens every few seconds in a live cloud.
        scheduler.host_manager._last_liveness -= datetime.timedelta(
            seconds=60)
        started = time.perf_counter()
        scheduler.select_destinations(context, request(context, flavor))
        liveness = time.perf_counter() - started
        result = {'hosts': hosts, 'database': kind,
                  'first_request_ms': round(first * 1000, 1),
                  'with_heartbeats_ms': round(liveness * 1000, 1),
                  'select_destinations': api_bench.percentiles(samples),
                  'requests_per_second': round(len(samples) /
                                               sum(samples), 1)}
        return result
    finally:
        drop()
        cloud_lib.cleanup_workdir(workdir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--hosts', type=int, nargs='+',
                        default=[100, 1000, 10000])
    parser.add_argument('--requests', type=int, default=300)
    parser.add_argument('--database', default='sqlite',
                        choices=['sqlite', 'mysql', 'postgresql'])
    args = parser.parse_args()
    CONF([], project='nova', default_config_files=[])
    CONF.set_override('service_down_time', 3600)
    objects.register_all()
    for hosts in args.hosts:
        api_bench.write_result(
            'scheduler_bench-%s-%d' % (args.database, hosts),
            run(hosts, args.requests, args.database))


if __name__ == '__main__':
    main()
