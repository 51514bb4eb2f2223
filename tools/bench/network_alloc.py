"""Fixed and floating IP allocation under contention, in the database.

Creates a network of --addresses addresses, then --threads threads
allocate one address (and interface) for each of --instances instances at
once through nova.db.allocate_db.allocate_for_instance (the conditional
UPDATE that nova-api runs at boot); then as many floating IPs. Prints
allocations per second and latency percentiles.

    .venv/bin/python tools/bench/network_alloc.py
        [--db sqlite|mysql|postgresql] [--instances 500] [--threads 16]
"""

import argparse
import concurrent.futures
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from oslo_db.sqlalchemy import enginefacade  # noqa: E402
from oslo_utils import uuidutils  # noqa: E402

import nova.conf  # noqa: E402
from nova import context as nova_context  # noqa: E402
from nova.db import api as db_api  # noqa: E402
from nova.db import floating_ips as floating_db  # noqa: E402
from nova.db import instances as instances_db  # noqa: E402
from nova.db import migration  # noqa: E402
from nova.db import address_allocation as allocate_db  # noqa: E402
from nova.db import networks as networks_db  # noqa: E402
from nova.network import manage  # noqa: E402
from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402


def _timed(pool, func, items):
    def run(item):
        started = time.perf_counter()
        func(item)
        return time.perf_counter() - started
    started = time.perf_counter()
    latencies = sorted(pool.map(run, items))
    elapsed = time.perf_counter() - started
    return {'per_second': round(len(items) / elapsed, 1),
            'p50_ms': round(statistics.median(latencies) * 1000, 1),
            'p95_ms': round(latencies[int(len(latencies) * 0.95)] * 1000,
                            1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--db', default='sqlite',
                        choices=['sqlite', 'mysql', 'postgresql'])
    parser.add_argument('--instances', type=int, default=500)
    parser.add_argument('--threads', type=int, default=16)
    args = parser.parse_args()
    nova.conf.CONF([], project='nova', default_config_files=[])
    workdir = tempfile.mkdtemp(prefix='nova-bench-')
    database = cloud_lib.Database(args.db, workdir)
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url,
                      max_pool_size=args.threads + 4)
    db_api.context_manager.patch_factory(factory)
    try:
        migration.db_sync()
        ctx = nova_context.get_admin_context()
        size = 1 << (args.instances + 3).bit_length()
        [network] = manage.create_networks(ctx, 'bench', '10.128.0.0/%d' % (
            32 - size.bit_length() + 1))
        uuids = []
        for _ in range(args.instances):
            uuid = uuidutils.generate_uuid()
            instances_db.instance_create(ctx, {
                'uuid': uuid, 'project_id': 'p', 'user_id': 'u',
                'vm_state': 'building'})
            uuids.append(uuid)
        manage.create_floating_ips(ctx, '100.64.0.0/%d' % (
            32 - size.bit_length() + 1), 'bench', 'eth0')
        with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
            fixed = _timed(pool, lambda u: allocate_db.allocate_for_instance(
                nova_context.get_admin_context(), u, [(network.id, None)]),
                uuids)
            floating = _timed(pool, lambda i: floating_db.allocate(
                nova_context.get_admin_context(), 'p%d' % (i % 10),
                'bench'), range(args.instances))
        in_use = len(networks_db.fixed_ips_in_use(ctx, network.id))
        assert in_use == args.instances, in_use
    finally:
        database.drop()
    api_bench.write_result('network_alloc-%s' % args.db, {
        'db': args.db, 'instances': args.instances, 'threads': args.threads,
        'fixed_ip': fixed, 'floating_ip': floating})


if __name__ == '__main__':
    main()
