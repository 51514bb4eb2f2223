"""Benchmark of server actions on a real cloud (fake driver).

For each action, the time from POST /servers/{id}/action to the server
settled in the status the action leads to with no task running, over
--rounds repetitions on one server; and the latency of
GET /servers/{id}/os-instance-actions once the history holds them all.

    .venv/bin/python tools/bench/action_bench.py [--shape sqlite-inproc]
        [--rounds 20]
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402

# (label, [(action body, status it leads to), ...]): each round runs the
# steps in order so the server ends where it started.
CYCLES = [
    ('reboot', [({'reboot': {'type': 'SOFT'}}, 'ACTIVE')]),
    ('stop+start', [({'os-stop': None}, 'SHUTOFF'),
                    ({'os-start': None}, 'ACTIVE')]),
    ('pause+unpause', [({'pause': None}, 'PAUSED'),
                       ({'unpause': None}, 'ACTIVE')]),
    ('rescue+unrescue', [({'rescue': None}, 'RESCUE'),
                         ({'unrescue': None}, 'ACTIVE')]),
    ('resize+confirm', [({'resize': {'flavorRef': '2'}}, 'VERIFY_RESIZE'),
                        ({'confirmResize': None}, 'ACTIVE'),
                        ({'resize': {'flavorRef': '1'}}, 'VERIFY_RESIZE'),
                        ({'confirmResize': None}, 'ACTIVE')]),
    ('migrate+revert', [({'migrate': None}, 'VERIFY_RESIZE'),
                        ({'revertResize': None}, 'ACTIVE')]),
    ('live-migrate', [({'os-migrateLive': {
        'host': None, 'block_migration': False,
        'disk_over_commit': False}}, 'ACTIVE')]),
    ('shelve+unshelve', [({'shelve': None}, 'SHELVED_OFFLOADED'),
                         ({'unshelve': None}, 'ACTIVE')]),
]


def settle(api, server_id, status, interval=0.005, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = api.get('/servers/%s' % server_id).json()['server']
        if server['status'] == status and \
                server['OS-EXT-STS:task_state'] is None:
            return server
        time.sleep(interval)
    raise RuntimeError('%s did not settle in %s' % (server_id, status))


def act(api, server_id, body):
    resp = api.post('/servers/%s/action' % server_id, json=body)
    if resp.status_code not in (200, 202, 204):
        raise RuntimeError('%s: %s %s' % (body, resp.status_code, resp.text))


def step_latency(api, server_id, steps, rounds):
    """Percentiles per action of a cycle, each step timed on its own."""
    samples = {}
    for _ in range(rounds):
        for body, status in steps:
            started = time.perf_counter()
            act(api, server_id, body)
            settle(api, server_id, status)
            samples.setdefault(next(iter(body)), []).append(
                time.perf_counter() - started)
    return {name: api_bench.percentiles(values)
            for name, values in samples.items()}


def history_latency(api, server_id, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        resp = api.get('/servers/%s/os-instance-actions' % server_id)
        resp.raise_for_status()
        samples.append(time.perf_counter() - started)
    return api_bench.percentiles(samples), len(
        resp.json()['instanceActions'])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shape', default='sqlite-inproc',
                        choices=sorted(api_bench.SHAPES))
    parser.add_argument('--rounds', type=int, default=20)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='nova-bench-')
    cloud = cloud_lib.Cloud(workdir, options={}, simulated_hosts=2,
                            **api_bench.SHAPES[args.shape])
    cloud.start()
    try:
        api = cloud.api
        image_id = api.get('/images').json()['images'][0]['id']
        resp = api.post('/servers', json={'server': {
            'name': 'bench-actions', 'imageRef': image_id,
            'flavorRef': '1'}})
        resp.raise_for_status()
        server_id = resp.json()['server']['id']
        settle(api, server_id, 'ACTIVE')
        result = {'shape': args.shape, 'rounds': args.rounds}
        for label, steps in CYCLES:
            result[label] = step_latency(api, server_id, steps, args.rounds)
        result['os-instance-actions'], result['history_length'] = \
            history_latency(api, server_id, 50)
    finally:
        cloud.stop()
    api_bench.write_result('action_bench-%s' % args.shape, result)


if __name__ == '__main__':
    main()
