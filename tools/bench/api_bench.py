"""Benchmarks of the Compute API on a real cloud (fake driver).

Measures boot-to-ACTIVE latency and GET /servers/detail latency with 0 and
N servers, on the all-in-one or on split daemons over RabbitMQ, and writes
the percentiles as JSON (stdout and tools/bench/results/).

    .venv/bin/python tools/bench/api_bench.py [--shape sqlite-inproc]
        [--boots 50] [--servers 1000] [--lists 50]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests.functional import cloud as cloud_lib  # noqa: E402

SHAPES = {
    'sqlite-inproc': dict(database='sqlite', split=False),
    'mysql-rabbit': dict(database='mysql', split=True),
    'postgresql-rabbit': dict(database='postgresql', split=True),
}


def percentiles(samples):
    ordered = sorted(samples)

    def pick(p):
        last = len(ordered) - 1
        return ordered[min(last, int(round(p * last)))]
    return {'n': len(ordered), 'p50_ms': round(pick(0.5) * 1000, 2),
            'p90_ms': round(pick(0.9) * 1000, 2),
            'p99_ms': round(pick(0.99) * 1000, 2),
            'mean_ms': round(statistics.mean(ordered) * 1000, 2)}


def boot_latency(api, image_id, count):
    samples = []
    for i in range(count):
        started = time.perf_counter()
        resp = api.post('/servers', json={'server': {
            'name': 'bench-boot-%d' % i, 'imageRef': image_id,
            'flavorRef': '1'}})
        resp.raise_for_status()
        server_id = resp.json()['server']['id']
        api.wait_for_status(server_id, 'ACTIVE', interval=0.005)
        samples.append(time.perf_counter() - started)
        api.delete('/servers/%s' % server_id)
        api.wait_for_deletion(server_id)
    return percentiles(samples)


def list_latency(api, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        resp = api.get('/servers/detail')
        resp.raise_for_status()
        samples.append(time.perf_counter() - started)
    result = percentiles(samples)
    result['servers_listed'] = len(resp.json()['servers'])
    return result


def fill(api, image_id, total, batch=100):
    ids = []
    while len(ids) < total:
        n = min(batch, total - len(ids))
        resp = api.post('/servers', json={'server': {
            'name': 'bench-fill', 'imageRef': image_id, 'flavorRef': '1',
            'min_count': n, 'max_count': n, 'return_reservation_id': True}})
        resp.raise_for_status()
        rid = resp.json()['reservation_id']
        servers = api.get('/servers?reservation_id=%s&limit=1000'
                          % rid).json()['servers']
        ids += [s['id'] for s in servers]
    deadline = time.time() + 600
    while time.time() < deadline:
        building = api.get('/servers?status=BUILD&limit=1000').json()[
            'servers']
        if not building:
            break
        time.sleep(0.5)
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shape', default='sqlite-inproc',
                        choices=sorted(SHAPES))
    parser.add_argument('--boots', type=int, default=50)
    parser.add_argument('--servers', type=int, default=1000)
    parser.add_argument('--lists', type=int, default=50)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='nova-bench-')
    options = {'quota.instances': -1, 'quota.cores': -1, 'quota.ram': -1,
               'fake_driver.vcpus': 100000,
               'fake_driver.memory_mb': 100000000,
               'fake_driver.local_gb': 100000000,
               'api.max_limit': 1000}
    cloud = cloud_lib.Cloud(workdir, options=options, **SHAPES[args.shape])
    cloud.start()
    try:
        api = cloud.api
        image_id = api.get('/images').json()['images'][0]['id']
        result = {'shape': args.shape,
                  'boot_to_active': boot_latency(api, image_id, args.boots),
                  'servers_detail_0': list_latency(api, args.lists)}
        fill(api, image_id, args.servers)
        result['servers_detail_%d' % args.servers] = list_latency(
            api, args.lists)
    finally:
        cloud.stop()
    write_result('api_bench-%s' % args.shape, result)


def write_result(name, result):
    """Print result as one JSON line and keep it in results/<name>.json."""
    line = json.dumps(result)
    print(line, flush=True)
    out = os.path.join(os.path.dirname(__file__), 'results')
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, name + '.json'), 'w') as f:
        f.write(line + '\n')


if __name__ == '__main__':
    main()
