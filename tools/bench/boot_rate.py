"""Boots per second: many servers booted at once onto many fake hosts.

Starts a cloud with --hosts simulated fake hosts, fires --servers
single-server POST /servers from --threads threads, and measures the wall
time until every server is ACTIVE (the whole path: API, conductor,
scheduler with its claims, compute).

    .venv/bin/python tools/bench/boot_rate.py [--shape sqlite-inproc]
        [--hosts 100] [--servers 300] [--threads 8]
"""

import argparse
import concurrent.futures
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402


def boot(api, image_id, index):
    resp = api.post('/servers', json={'server': {
        'name': 'rate-%d' % index, 'imageRef': image_id,
        'flavorRef': '1'}})
    resp.raise_for_status()
    return resp.json()['server']['id']


def wait_all_active(api, count, timeout=600):
    """Until no server builds; then all count must be ACTIVE (the
    status filters keep each poll one short page at any server count)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if api.get('/servers?status=ERROR&limit=1').json()['servers']:
            raise RuntimeError('servers in ERROR')
        if not api.get('/servers?status=BUILD&limit=1').json()['servers']:
            active = _count(api, 'ACTIVE')
            if active < count:
                raise RuntimeError('%d of %d servers ACTIVE' % (active,
                                                                count))
            return
        time.sleep(0.2)
    raise RuntimeError('not all servers became ACTIVE')


def _count(api, status):
    """Servers in status, page by page."""
    total, marker = 0, None
    while True:
        path = '/servers?status=%s&limit=1000' % status
        if marker:
            path += '&marker=%s' % marker
        page = api.get(path).json()['servers']
        total += len(page)
        if len(page) < 1000:
            return total
        marker = page[-1]['id']


def _hosts_used(api):
    hosts, marker = set(), None
    while True:
        path = '/servers/detail?limit=1000'
        if marker:
            path += '&marker=%s' % marker
        page = api.get(path).json()['servers']
        hosts.update(s['OS-EXT-SRV-ATTR:host'] for s in page)
        if len(page) < 1000:
            return len(hosts)
        marker = page[-1]['id']


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shape', default='sqlite-inproc',
                        choices=sorted(api_bench.SHAPES))
    parser.add_argument('--hosts', type=int, default=100)
    parser.add_argument('--servers', type=int, default=300)
    parser.add_argument('--threads', type=int, default=8)
    args = parser.parse_args()
    options = {'quota.instances': -1, 'quota.cores': -1, 'quota.ram': -1,
               'api.max_limit': 1000}
    cloud = cloud_lib.Cloud(tempfile.mkdtemp(prefix='nova-bench-'),
                            options=options, simulated_hosts=args.hosts,
                            **api_bench.SHAPES[args.shape])
    try:
        cloud.start()
        api = cloud.api
        image_id = api.get('/images').json()['images'][0]['id']
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
            list(pool.map(lambda i: boot(api, image_id, i),
                          range(args.servers)))
        accepted = time.perf_counter() - started
        wait_all_active(api, args.servers)
        elapsed = time.perf_counter() - started
        hosts_used = _hosts_used(api)
    finally:
        cloud.stop()
    api_bench.write_result('boot_rate-%s-%d' % (args.shape, args.hosts), {
        'shape': args.shape, 'hosts': args.hosts, 'servers': args.servers,
        'threads': args.threads, 'seconds_to_all_active': round(elapsed, 2),
        'boots_per_second': round(args.servers / elapsed, 1),
        'seconds_to_accept_all': round(accepted, 2),
        'hosts_used': hosts_used})


if __name__ == '__main__':
    main()
