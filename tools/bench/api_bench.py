"""Benchmarks of the Compute API on a real cloud (fake driver).

On the all-in-one or on split daemons over RabbitMQ, measures: boot-to-
ACTIVE latency one server at a time; POST /servers alone at 2.1 and at the
highest microversion (sending networks), and the time from the first of
--burst sequential POSTs to all of them ACTIVE; DELETE; GET /servers/detail
at 0, --burst and --servers servers (2.1 and highest) and GET /servers
(names) at --servers; the peak RSS of each service; the load average
before and after (the machine is shared: compare runs made under the same
load, alternating the code measured). Writes the figures as one JSON line
(stdout and tools/bench/results/).

    .venv/bin/python tools/bench/api_bench.py [--shape sqlite-inproc]
        [--boots 50] [--burst 50] [--servers 1000] [--lists 50]

To measure other code with the same script, put its tree first:
PYTHONPATH=/path/to/tree (the daemons inherit it).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from nova.api.openstack import microversions  # noqa: E402
from tests.functional import actions_helpers  # noqa: E402
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


def burst(api, image_id, count, version, networks=None):
    """count sequential POSTs at version: their latency, then the time
    from the first POST to all ACTIVE; returns (figures, server ids)."""
    client = api.as_user('admin:admin', version)
    samples, ids = [], []
    first = time.perf_counter()
    for i in range(count):
        body = {'name': 'bench-burst-%d' % i, 'imageRef': image_id,
                'flavorRef': '1'}
        if networks is not None:
            body['networks'] = networks
        started = time.perf_counter()
        resp = client.post('/servers', json={'server': body})
        samples.append(time.perf_counter() - started)
        resp.raise_for_status()
        ids.append(resp.json()['server']['id'])
    wait_settled(api)
    result = {'post': percentiles(samples),
              'first_post_to_all_active_s': round(
                  time.perf_counter() - first, 2)}
    return result, ids


def delete_latency(api, ids):
    samples = []
    for server_id in ids:
        started = time.perf_counter()
        api.delete('/servers/%s' % server_id).raise_for_status()
        samples.append(time.perf_counter() - started)
    for server_id in ids:
        api.wait_for_deletion(server_id)
    return percentiles(samples)


def wait_settled(api, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not api.get('/servers?status=BUILD&limit=1000').json()[
                'servers']:
            return
        time.sleep(0.05)
    raise RuntimeError('servers still building after %ds' % timeout)


def rss_mib(cloud):
    """Peak resident memory (VmHWM) of each service, in MiB."""
    result = {}
    for name, proc in cloud.processes.items():
        try:
            with open('/proc/%d/status' % proc.pid) as f:
                fields = dict(line.split(':', 1) for line in f)
        except OSError:
            continue
        result[name] = round(int(fields['VmHWM'].split()[0]) / 1024, 1)
    result['total'] = round(sum(result.values()), 1)
    return result


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def list_latency(api, count, path='/servers/detail', version=None):
    if version:
        api = api.as_user('admin:admin', version)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        resp = api.get(path)
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
    parser.add_argument('--burst', type=int, default=50)
    parser.add_argument('--label', default='',
                        help='names the run in the output (e.g. before)')
    parser.add_argument('--servers', type=int, default=1000)
    parser.add_argument('--lists', type=int, default=50)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='nova-bench-')
    # Limits high enough for the run, not unlimited: the quota checks a
    # cloud normally makes are part of what a POST costs.
    options = {'quota.instances': 100000, 'quota.cores': 100000,
               'quota.ram': 100000000,
               'fake_driver.vcpus': 100000,
               'fake_driver.memory_mb': 100000000,
               'fake_driver.local_gb': 100000000,
               'api.max_limit': 1000}
    cloud = cloud_lib.Cloud(workdir, options=options, **SHAPES[args.shape])
    cloud.start()
    top = microversions.MAX_VERSION
    result = {'shape': args.shape, 'label': args.label,
              'load_before': load_average()}
    try:
        api = cloud.api
        image_id = actions_helpers.seeded_image(api)
        result['servers_detail_0'] = list_latency(api, args.lists)
        result['boot_to_active'] = boot_latency(api, image_id, args.boots)
        result['burst_2.1'], ids = burst(api, image_id, args.burst, '2.1')
        result['servers_detail_%d' % args.burst] = list_latency(
            api, args.lists)
        result['delete'] = delete_latency(api, ids)
        result['burst_%s' % top], ids = burst(api, image_id, args.burst,
                                              top, networks='auto')
        delete_latency(api, ids)
        fill(api, image_id, args.servers)
        n = args.servers
        result['servers_detail_%d' % n] = list_latency(api, args.lists)
        result['servers_detail_%d_%s' % (n, top)] = list_latency(
            api, args.lists, version=top)
        result['servers_%d' % n] = list_latency(api, args.lists,
                                                path='/servers')
        result['rss_mib'] = rss_mib(cloud)
        result['load_after'] = load_average()
    finally:
        cloud.stop()
    write_result('-'.join(filter(None, ['api_bench', args.shape,
                                        args.label])), result)


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
