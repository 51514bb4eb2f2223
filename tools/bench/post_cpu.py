"""CPU time of POST /servers inside nova-api, and where it goes.

Loads the Compute API app of a tree in this process, configured for a
cloud that ``post_ab.py --serve STATE`` keeps (MariaDB + RabbitMQ), and
calls it directly, one POST at a time (each server is left to become
ACTIVE before the next, as ``post_ab.py --settle`` does, untimed). Each
POST's CPU time is its thread's (``time.thread_time``), so other work
on the machine does not count. With --sample, a SIGPROF timer (process
CPU time) samples the stack every --interval ms during the POSTs: a
profile of CPU time whose cost does not grow with the number of Python
calls, unlike cProfile's. Prints one JSON line (CPU ms p50 and mean,
the top functions by own and by inclusive samples).

    PYTHONPATH=<tree> .venv/bin/python tools/bench/post_cpu.py \\
        --cloud STATE [--version 2.1] [--rounds 60] [--sample [--wall]]

Run it from outside <tree> (``python file.py`` puts the script's
directory first on sys.path, not the tree's).
"""

import argparse
import collections
import json
import os
import signal
import statistics
import sys
import time

# The tree under test comes from PYTHONPATH; this script's own tree only
# for the test client, after it.
sys.path.append(os.path.join(os.path.dirname(__file__), '..', '..'))


def _where(code):
    name = code.co_filename
    for marker in ('/site-packages/', '/nova/', '/lib/python3.11/'):
        if marker in name:
            name = name.split(marker, 1)[1]
            if marker == '/nova/':
                name = 'nova/' + name
            break
    return '%s:%s' % (name, code.co_qualname)


class Sampler:
    """Stacks of the main thread on every interval of process CPU time,
    while armed."""

    def __init__(self, interval, wall=False):
        self.interval = interval
        self.armed = False
        self.own = collections.Counter()
        self.inclusive = collections.Counter()
        self.stacks = collections.Counter()
        self.total = 0
        # Wall-clock time (SIGALRM) also samples the waits: socket reads
        # of the database's answers, the bus, locks.
        self.timer, signum = ((signal.ITIMER_REAL, signal.SIGALRM) if wall
                              else (signal.ITIMER_PROF, signal.SIGPROF))
        signal.signal(signum, self._sample)
        signal.setitimer(self.timer, interval, interval)

    def _sample(self, signum, frame):
        if not self.armed:
            return
        self.total += 1
        self.own[_where(frame.f_code)] += 1
        seen = set()
        stack = []
        while frame is not None:
            where = _where(frame.f_code)
            stack.append(where)
            if where not in seen:
                seen.add(where)
                self.inclusive[where] += 1
            frame = frame.f_back
        self.stacks[';'.join(reversed(stack))] += 1

    def stop(self):
        signal.setitimer(self.timer, 0, 0)

    def top(self, counter, n):
        return ['%5.1f%% %s' % (100.0 * c / max(self.total, 1), w)
                for w, c in counter.most_common(n)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cloud', required=True,
                        help='state file of post_ab.py --serve')
    parser.add_argument('--version', default='2.1')
    parser.add_argument('--rounds', type=int, default=60)
    parser.add_argument('--sample', action='store_true')
    parser.add_argument('--interval', type=float, default=1.0,
                        help='sampling interval, ms of CPU time')
    parser.add_argument('--wall', action='store_true',
                        help='with --sample: sample every --interval ms '
                             'of wall-clock time instead (waits count)')
    parser.add_argument('--top', type=int, default=40)
    parser.add_argument('--stacks', metavar='FILE',
                        help='write the sampled stacks there (collapsed: '
                             'frames joined by ";", then the count)')
    args = parser.parse_args()
    with open(args.cloud) as f:
        state = json.load(f)

    import webob
    from nova.api.openstack import deploy
    from nova.cmd import common
    import nova.conf
    from tests.functional import actions_helpers
    from tests.functional import cloud as cloud_lib

    sys.argv = ['nova-api', '--config-file', state['config_file']]
    common.init(prog='nova-api')
    common.init_rpc(api=True)
    app = deploy.loadapp(nova.conf.CONF)
    api = cloud_lib.Client(state['api_endpoint'], token=state['api_token'])
    image_id = actions_helpers.seeded_image(api)

    def post(i):
        body = {'name': 'cpu-%d' % i, 'imageRef': image_id,
                'flavorRef': '1'}
        if tuple(map(int, args.version.split('.'))) >= (2, 37):
            body['networks'] = 'auto'
        req = webob.Request.blank(
            '/v2.1/servers', method='POST',
            headers={'X-Auth-Token': state['api_token'],
                     'Content-Type': 'application/json',
                     'OpenStack-API-Version': 'compute ' + args.version},
            body=json.dumps({'server': body}).encode())
        resp = req.get_response(app)
        if resp.status_int != 202:
            raise RuntimeError('%s %s' % (resp.status, resp.text))
        return resp.json['server']['id']

    sampler = Sampler(args.interval / 1000.0,
                      wall=args.wall) if args.sample else None
    ids, cpu, wall = [], [], []
    try:
        for i in range(args.rounds + 1):
            started = time.thread_time()
            wall_started = time.perf_counter()
            if sampler and i:
                sampler.armed = True
            ids.append(post(i))
            if sampler:
                sampler.armed = False
            if i:  # the first warms caches and connections up
                cpu.append((time.thread_time() - started) * 1000)
                wall.append((time.perf_counter() - wall_started) * 1000)
            api.wait_for_status(ids[-1], ['ACTIVE', 'ERROR'],
                                interval=0.01)
    finally:
        if sampler:
            sampler.stop()
        for server_id in ids:
            api.delete('/servers/%s' % server_id)
    result = {'version': args.version, 'posts': len(cpu),
              'cpu_ms_p50': round(statistics.median(cpu), 2),
              'cpu_ms_mean': round(statistics.mean(cpu), 2),
              'wall_ms_p50': round(statistics.median(wall), 2),
              'load': os.getloadavg()[0]}
    if sampler:
        result.update(samples=sampler.total,
                      own=sampler.top(sampler.own, args.top),
                      inclusive=sampler.top(sampler.inclusive,
                                            args.top * 3))
    if sampler and args.stacks:
        with open(args.stacks, 'w') as f:
            for stack, count in sampler.stacks.items():
                f.write('%s %d\n' % (stack, count))
    print(json.dumps(result, indent=1))
    for server_id in ids:
        api.wait_for_deletion(server_id, timeout=300)


if __name__ == '__main__':
    main()
