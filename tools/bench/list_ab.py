"""Server listings of two code trees, measured alternately on one cloud.

Starts split daemons (MariaDB + RabbitMQ by default, fake driver), fills
--servers servers in bulk (min_count), then starts one more nova-api per
tree (PYTHONPATH=<tree>, its own ports) on the same database and takes
turns: one request to A, one to B, --rounds times, for each listing
(/servers/detail at 2.1 and at the highest microversion, /servers). On a
shared machine the load changes under a run; alternating the trees
request by request keeps it the same for both. Prints one JSON line of
medians (and writes it to tools/bench/results/).

    .venv/bin/python tools/bench/list_ab.py --a /tmp/base --b . \
        [--servers 1000] [--rounds 30] [--shape mysql-rabbit]

Each nova-api also notes the CPU time of the thread that served each
request (time.thread_time, so other work on the machine does not count):
the medians are printed as cpu_ms beside the wall-clock figures.

--profile DIR instead runs cProfile (CPU-time timer) inside tree B's
nova-api over --rounds listings of --path at --version and writes
DIR/list.prof.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from nova.api.openstack import microversions  # noqa: E402
from tests.functional import actions_helpers  # noqa: E402
from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402

# cProfile around each request of the nova-api started for --profile
# (one client at a time); the file is written when it stops.
_PROFILED_API = '''
import cProfile, sys, time
from nova.api.openstack import deploy
from nova.cmd import api
profile = cProfile.Profile(time.thread_time)
out = sys.argv.pop(1)
loadapp = deploy.loadapp
def profiled(conf):
    app = loadapp(conf)
    def call(environ, start_response):
        return profile.runcall(lambda: list(app(environ, start_response)))
    return call
deploy.loadapp = profiled
try:
    api.main()
finally:
    profile.dump_stats(out)
'''

# CPU time of the thread serving each request, one line per request
# appended to the file named first.
_TIMED_API = '''
import sys, time
from nova.api.openstack import deploy
from nova.cmd import api
out = open(sys.argv.pop(1), 'a', buffering=1)
loadapp = deploy.loadapp
def timed(conf):
    app = loadapp(conf)
    def call(environ, start_response):
        started = time.thread_time()
        try:
            return list(app(environ, start_response))
        finally:
            out.write('%.3f\\n' % ((time.thread_time() - started) * 1000))
    return call
deploy.loadapp = timed
api.main()
'''


class _Held:
    """A cloud another run of this script started (serve)."""

    def __init__(self, state):
        self.config_file = state['config_file']
        self.api_token = state['api_token']
        self.processes = {}

    def check_alive(self):
        for name, proc in self.processes.items():
            if proc.poll() is not None:
                raise RuntimeError('%s exited with %s' % (name,
                                                          proc.returncode))

    def logs(self):
        return ''

    def kill(self, name, sig=signal.SIGTERM):
        proc = self.processes.pop(name)
        os.killpg(proc.pid, sig)
        proc.wait(timeout=60)


def start_api(cloud, tree, workdir, name, profile=None,
              script=_PROFILED_API):
    """One more nova-api from tree on the cloud's database and bus;
    with profile (a path, or a list of them), script runs it instead,
    given those paths first."""
    port, image_port = cloud_lib.free_port(), cloud_lib.free_port()
    extra = os.path.join(workdir, name + '.conf')
    with open(extra, 'w') as conf:
        conf.write('[DEFAULT]\nosapi_compute_listen_port = %d\n'
                   'image_api_listen_port = %d\n' % (port, image_port))
    env = dict(os.environ, PYTHONPATH=os.path.abspath(tree))
    if profile:
        cmd = [sys.executable, '-c', script] + (
            list(profile) if isinstance(profile, (list, tuple))
            else [profile])
    else:
        cmd = [os.path.join(cloud_lib.BIN, 'nova-api')]
    cmd += ['--config-file', cloud.config_file, '--config-file', extra]
    log = open(os.path.join(workdir, name + '.log'), 'ab')
    # Run from workdir: "python -c" puts the current directory first on
    # sys.path, before PYTHONPATH (another tree's nova would be imported).
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True, cwd=workdir)
    cloud.processes[name] = proc
    client = cloud_lib.Client('http://127.0.0.1:%d/v2.1' % port,
                              token=cloud.api_token)
    deadline = time.time() + 120
    while time.time() < deadline:
        cloud.check_alive()
        try:
            if client.get('/flavors').status_code == 200:
                return client
        except Exception:
            pass
        time.sleep(0.2)
    # A served cloud (--cloud) outlives this script: stop the API here,
    # or it would stay behind.
    proc.kill()
    proc.wait()
    cloud.processes.pop(name, None)
    raise RuntimeError('%s did not start:\n%s' % (name, cloud.logs()))


def add_cloud_args(parser, serve='start a cloud'):
    """--serve and --cloud, which run() reads: one run keeps a cloud,
    later runs measure on it."""
    parser.add_argument('--serve', metavar='STATE',
                        help=serve + ', write STATE (JSON) and keep it '
                        'until SIGINT or SIGTERM')
    parser.add_argument('--cloud', metavar='STATE',
                        help='use the cloud a --serve run keeps')


def timed(client, path):
    started = time.perf_counter()
    resp = client.get(path)
    resp.raise_for_status()
    return time.perf_counter() - started, resp


def new_cloud(args):
    workdir = tempfile.mkdtemp(prefix='nova-list-ab-')
    options = {'quota.instances': 100000, 'quota.cores': 100000,
               'quota.ram': 100000000, 'fake_driver.vcpus': 100000,
               'fake_driver.memory_mb': 100000000,
               'fake_driver.local_gb': 100000000, 'api.max_limit': 1000}
    shape = dict(api_bench.SHAPES[args.shape])
    shape['split'] = True
    cloud = cloud_lib.Cloud(workdir, options=options, **shape)
    cloud.start()
    try:
        image_id = actions_helpers.seeded_image(cloud.api)
        if args.servers:
            api_bench.fill(cloud.api, image_id, args.servers)
    except BaseException:
        cloud.stop()
        raise
    return cloud, workdir


def profile(cloud, workdir, args):
    os.makedirs(args.profile, exist_ok=True)
    out = os.path.join(os.path.abspath(args.profile), 'list.prof')
    client = start_api(cloud, args.b, workdir, 'api-prof', profile=out)
    client = client.as_user(cloud.api_token, args.version)
    timed(client, args.path)
    for _ in range(args.rounds):
        timed(client, args.path)
    cloud.kill('api-prof', signal.SIGTERM)
    print('profile in %s' % out)


def measure(cloud, workdir, args):
    top = microversions.MAX_VERSION
    result = {'shape': args.shape, 'label': args.label,
              'rounds': args.rounds,
              'load_before': api_bench.load_average()}
    cpu_files = {k: os.path.join(workdir, 'api-%s.cpu' % k)
                 for k in ('a', 'b')}
    for path in cpu_files.values():
        open(path, 'w').close()
    clients = {k: start_api(cloud, tree, workdir, 'api-' + k,
                            profile=cpu_files[k], script=_TIMED_API)
               for k, tree in (('a', args.a), ('b', args.b))}
    try:
        listings = [('detail_2.1', '/servers/detail', '2.1'),
                    ('detail_%s' % top, '/servers/detail', top),
                    ('names', '/servers', '2.1')]
        for label, path, version in listings:
            users = {k: c.as_user(cloud.api_token, version)
                     for k, c in clients.items()}
            samples = {'a': [], 'b': []}
            bodies, raw = {}, {}
            for k in ('a', 'b'):  # warm up each (caches, connections)
                timed(users[k], path)
            seen = {k: _cpu_ms(cpu_files[k]) for k in ('a', 'b')}
            for i in range(args.rounds):
                order = ('a', 'b') if i % 2 == 0 else ('b', 'a')
                for k in order:
                    took, resp = timed(users[k], path)
                    samples[k].append(took)
                    bodies[k] = resp.json()
                    raw[k] = _raw(resp.content)
            for k in ('a', 'b'):
                cpu = _cpu_ms(cpu_files[k])[len(seen[k]):]
                result['%s_%s' % (label, k)] = {
                    'cpu_ms': round(statistics.median(cpu), 1),
                    'p50_ms': round(statistics.median(samples[k]) * 1000,
                                    1),
                    'p95_ms': round(statistics.quantiles(
                        samples[k], n=20)[18] * 1000, 1),
                    'min_ms': round(min(samples[k]) * 1000, 1),
                    'listed': len(bodies[k]['servers'])}
            result['%s_same_body' % label] = (
                _comparable(bodies['a']) == _comparable(bodies['b']))
            # Byte for byte too (key order, spacing, escaping).
            result['%s_same_bytes' % label] = raw['a'] == raw['b']
        result['load_after'] = api_bench.load_average()
    finally:
        for name in ('api-a', 'api-b'):
            cloud.kill(name, signal.SIGTERM)
    api_bench.write_result('-'.join(filter(None, ['list_ab', args.label])),
                           result)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--a', help='tree A (PYTHONPATH)')
    parser.add_argument('--b', help='tree B (PYTHONPATH)')
    parser.add_argument('--shape', default='mysql-rabbit',
                        choices=sorted(api_bench.SHAPES))
    parser.add_argument('--servers', type=int, default=1000)
    parser.add_argument('--rounds', type=int, default=30)
    parser.add_argument('--profile', help='directory for list.prof')
    parser.add_argument('--path', default='/servers/detail',
                        help='what --profile lists')
    parser.add_argument('--version', default='2.1',
                        help='microversion of --profile')
    add_cloud_args(parser, 'start and fill a cloud')
    parser.add_argument('--label', default='')
    args = parser.parse_args()
    run(args, profile, measure)


def run(args, profile, measure):
    """Start a cloud (or use the one --cloud names), then keep it for
    other runs (--serve), profile it (--profile) or measure on it; a
    cloud this run started is stopped at the end."""
    if args.cloud:
        with open(args.cloud) as f:
            state = json.load(f)
        cloud, workdir = _Held(state), state['workdir']
        cloud.api = cloud_lib.Client(state['api_endpoint'],
                                     token=state['api_token'])
    else:
        cloud, workdir = new_cloud(args)
    try:
        if args.serve:
            with open(args.serve, 'w') as f:
                json.dump({'config_file': cloud.config_file,
                           'api_token': cloud.api_token,
                           'api_endpoint': cloud.api.endpoint,
                           'workdir': workdir}, f)
            print('serving, state in %s' % args.serve, flush=True)
            signal.signal(signal.SIGTERM, signal.default_int_handler)
            while True:
                time.sleep(3600)
        elif args.profile:
            profile(cloud, workdir, args)
        else:
            measure(cloud, workdir, args)
    finally:
        if not args.cloud:
            cloud.stop()


def _cpu_ms(path):
    with open(path) as f:
        return [float(line) for line in f if line.strip()]


def _raw(content):
    """The body's bytes with its links' host:port out."""
    return re.sub(rb'127\.0\.0\.1:\d+', b'', content)


def _comparable(body):
    """The body with its links' host:port (each API has its own) out."""
    return re.sub(r'127\.0\.0\.1:\d+', '', json.dumps(body, sort_keys=True))


if __name__ == '__main__':
    main()
