"""Issue 20 at scale: many simulated hosts and servers on split daemons.

Starts a split cloud (MariaDB + RabbitMQ by default) whose one
nova-compute process runs --hosts simulated fake hosts, and measures, in
order:

- registration: seconds until every host is registered and up, and hosts
  registered per second (sampled from GET /os-services);
- boot rate: --boots single-server POSTs from --threads clients, timed
  until all are ACTIVE, the rate POSTs were accepted at, and each
  daemon's CPU ms per boot over that time;
- fill: more servers until --servers exist (same clients, in
  multi-create POSTs of --fill-batch servers: setup, not timed per boot);
- list: GET /servers and /servers/detail pages of --page servers, walked
  with markers through all of them, p50/p95 per page;
- scheduler: p50/p99 of select_destinations against 1,000 and 10,000
  hosts (--scheduler-hosts), the scheduler alone in this process as
  scheduler_bench.py runs it, after the cloud stopped;
- RSS of each daemon and the load average at the end.

All printed as one JSON line (and kept in results/scale-<hosts>.json).

    .venv/bin/python tools/bench/scale_bench.py [--hosts 1000]
        [--boots 500] [--servers 10000] [--threads 8] [--page 1000]
        [--fill-batch 20] [--fill-minutes 0] [--strict-timeouts]
"""

import argparse
import concurrent.futures
import os
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402
from tools.bench import boot_rate  # noqa: E402

# A deployment's intervals, not the test clouds' fast ones (1 s
# heartbeats): the run measures what 1,000 hosts cost as configured.
OPTIONS = {'quota.instances': -1, 'quota.cores': -1, 'quota.ram': -1,
           'api.max_limit': 1000, 'report_interval': 10,
           'service_down_time': 60, 'update_resources_interval': 60,
           'fake_driver.vcpus': 64, 'fake_driver.memory_mb': 262144}
# On 2 cores shared with other work (load average 25-30), a burst of
# 500 builds queued in the one conductor for over a minute: its calls
# timed out at the default 60 s and the hosts' heartbeats, behind them,
# let every host go down. --patient (the default) waits longer; the
# build pick-up deadline stays above the RPC timeout, as it must.
PATIENT = {'rpc_response_timeout': 300, 'service_down_time': 300,
           'deadlines.build_pickup_timeout': 900}


def wait_registered(cloud, hosts, timeout, started=None):
    """Sample GET /os-services until hosts computes are up: [(seconds
    since started, registered, up)]."""
    samples, started = [], started or time.perf_counter()
    deadline = started + timeout
    while time.perf_counter() < deadline:
        cloud.check_alive()
        try:
            services = cloud.api.get(
                '/os-services?binary=nova-compute').json()['services']
        except Exception:
            services = None
        if services is not None:
            # Up by its first heartbeat: a record just created counts as
            # up too (its created_at is recent) before its host started.
            up = sum(1 for s in services
                     if s['state'] == 'up' and s['updated_at'])
            samples.append((round(time.perf_counter() - started, 1),
                            len(services), up))
            if up >= hosts:
                return samples
        time.sleep(1)
    raise RuntimeError('%d hosts not up in %d s: %s' % (
        hosts, timeout, samples[-3:]))


def registration_figures(samples, hosts):
    seconds = samples[-1][0]
    # Rate while hosts register: from the first sample that shows one.
    first = next((s for s in samples if s[1]), samples[-1])
    span = max(seconds - first[0], 1.0)
    return {'seconds_to_all_up': seconds,
            'hosts_registered_per_second': round(
                (hosts - first[1]) / span, 1)}


def boot_many(api, image_id, count, threads, offset=0):
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda i: boot_rate.boot(api, image_id, offset + i),
                      range(count)))


def fill_many(api, image_id, count, threads, batch, offset=0,
              progress=None):
    """count more servers in multi-create POSTs of batch each (min_count
    = max_count): setup, not a timed figure, so fewer requests. In
    rounds of threads POSTs, each waiting until the round is ACTIVE: the
    builds queue in the conductor no deeper than one round."""
    def post(start):
        size = min(batch, count - start)
        try:
            resp = api.post('/servers', json={'server': {
                'name': 'fill-%d' % (offset + start), 'imageRef': image_id,
                'flavorRef': '1', 'min_count': size, 'max_count': size}})
        except requests.exceptions.ReadTimeout:
            # The client's 60 s, not the API's answer: at a load average
            # of 47 a POST of 20 took 33-62 s and went on to build its
            # servers; the round's settle waits for them.
            return
        resp.raise_for_status()
    starts = list(range(0, count, batch))
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        for first in range(0, len(starts), threads):
            round_starts = starts[first:first + threads]
            list(pool.map(post, round_starts))
            done = min(count, round_starts[-1] + batch)
            _settle(api, timeout=1800)
            if progress:
                progress(offset + done)


def list_walk(api, path, page):
    """Seconds per page walking every server with markers."""
    times, marker, total = [], None, 0
    while True:
        url = '%s?limit=%d' % (path, page)
        if marker:
            url += '&marker=%s' % marker
        started = time.perf_counter()
        resp = api.get(url)
        times.append(time.perf_counter() - started)
        resp.raise_for_status()
        servers = resp.json()['servers']
        total += len(servers)
        if len(servers) < page:
            return times, total
        marker = servers[-1]['id']


def _per_daemon(cloud, read):
    """{daemon: the sum of read(pid) over its whole process group}; a
    process gone meanwhile counts nothing."""
    out = {}
    for name, proc in cloud.processes.items():
        total = 0
        for pid in _group_pids(proc.pid):
            try:
                total += read(pid)
            except (OSError, IndexError, ValueError):
                pass
        out[name] = total
    return out


def _rss_kb(pid):
    with open('/proc/%d/status' % pid) as f:
        return sum(int(line.split()[1]) for line in f
                   if line.startswith('VmRSS:'))


def _cpu_ticks(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_mb(cloud):
    """Resident memory of each daemon (its whole process group)."""
    return {name: round(kb / 1024.0, 1)
            for name, kb in _per_daemon(cloud, _rss_kb).items()}


def cpu_seconds(cloud):
    """CPU seconds (user + system) each daemon has used so far (its
    whole process group): unlike wall time, hardly moved by other work
    on the machine."""
    tick = os.sysconf('SC_CLK_TCK')
    return {name: ticks / tick
            for name, ticks in _per_daemon(cloud, _cpu_ticks).items()}


def _group_pids(pgid):
    pids = []
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    pids.append(int(entry))
            except OSError:
                pass
    return pids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shape', default='mysql-rabbit',
                        choices=sorted(api_bench.SHAPES))
    parser.add_argument('--hosts', type=int, default=1000)
    parser.add_argument('--boots', type=int, default=500)
    parser.add_argument('--servers', type=int, default=10000)
    parser.add_argument('--threads', type=int, default=8)
    parser.add_argument('--page', type=int, default=1000)
    parser.add_argument('--fill-minutes', type=float, default=0,
                        help='stop filling after this long (0: never) and '
                             'measure the lists at the servers there are')
    parser.add_argument('--fill-batch', type=int, default=20,
                        help='servers per multi-create POST of the fill '
                             '(1: single-server POSTs as the boot phase)')
    parser.add_argument('--register-only', action='store_true',
                        help='stop after the hosts are up')
    parser.add_argument('--scheduler-hosts', type=int, nargs='*',
                        default=[1000, 10000],
                        help='also time select_destinations alone against '
                             'this many hosts each (scheduler_bench.py, '
                             'same database engine), after the cloud')
    parser.add_argument('--strict-timeouts', action='store_true',
                        help='the default 60 s RPC timeout and service '
                             'down time, not the longer ones (PATIENT)')
    parser.add_argument('--test-intervals', action='store_true',
                        help="the test clouds' 1 s heartbeats and 5 s "
                             "resource updates instead of the defaults")
    args = parser.parse_args()
    options = dict(OPTIONS)
    if not args.strict_timeouts:
        options.update(PATIENT)
    if args.test_intervals:
        for name in ('report_interval', 'service_down_time',
                     'update_resources_interval'):
            del options[name]
    cloud = cloud_lib.Cloud(tempfile.mkdtemp(prefix='nova-bench-'),
                            options=options,
                            simulated_hosts=args.hosts,
                            **api_bench.SHAPES[args.shape])
    result = {'shape': args.shape, 'hosts': args.hosts,
              'threads': args.threads}
    # The cloud is ready once its API answers; the hosts are timed here.
    cloud.wait_ready = lambda timeout=None: wait_registered(cloud, 0, 300)
    hosts = args.hosts
    result['intervals'] = 'test' if args.test_intervals else 'default'
    result['timeouts'] = 'default' if args.strict_timeouts else PATIENT
    try:
        # From the daemons' start (the database made and seeded before).
        cloud._seed = _timed(cloud._seed, result)
        cloud.start()
        samples = wait_registered(cloud, hosts, timeout=3600,
                                  started=result['daemons_started'])
        result.update(registration_figures(samples, hosts))
        result['registration_samples'] = samples[::max(1, len(samples) // 10)]
        if not args.register_only:
            _load(cloud, args, result)
        result['rss_mb'] = rss_mb(cloud)
    finally:
        # Interrupted (a long fill), the figures so far still count.
        result.pop('daemons_started', None)
        result['load_average'] = [round(x, 1) for x in os.getloadavg()]
        result.setdefault('rss_mb', rss_mb(cloud))
        cloud.stop()
        api_bench.write_result('scale-%s-%d' % (args.shape, hosts),
                               result)
    if args.scheduler_hosts:
        result['scheduler'] = _scheduler(args)
        api_bench.write_result('scale-%s-%d' % (args.shape, hosts),
                               result)


def _scheduler(args):
    """select_destinations p50/p99 against N hosts, N in
    --scheduler-hosts (the scheduler in this process, as
    scheduler_bench.py runs it)."""
    from nova import objects
    from tools.bench import scheduler_bench
    scheduler_bench.CONF([], project='nova', default_config_files=[])
    scheduler_bench.CONF.set_override('service_down_time', 3600)
    objects.register_all()
    kind = api_bench.SHAPES[args.shape]['database']
    out = {}
    for hosts in args.scheduler_hosts:
        run = scheduler_bench.run(hosts, 300, kind)
        out[str(hosts)] = dict(run['select_destinations'],
                               first_request_ms=run['first_request_ms'])
    return out


def _timed(seed, result):
    def run():
        seed()
        result['daemons_started'] = time.perf_counter()
    return run


def _load(cloud, args, result):
    api = cloud.api
    image_id = api.get('/images').json()['images'][0]['id']
    if args.boots:
        _boot_phase(cloud, api, image_id, args, result)
    fill = args.servers - args.boots
    if fill > 0:
        _fill(cloud, api, image_id, fill, args, result)
    result['servers'] = boot_rate._count(api, 'ACTIVE')
    for path in ('/servers', '/servers/detail'):
        times, total = list_walk(api, path, args.page)
        result['list%s' % path.replace('/servers', '').replace('/', '_')
               or 'list'] = dict(api_bench.percentiles(times), pages=len(
                   times), servers=total, page=args.page,
                   per_page_ms=[round(t * 1000) for t in times])
    result['hosts_used'] = boot_rate._hosts_used(api)


def _fill(cloud, api, image_id, fill, args, result):
    """Up to --servers; past --fill-minutes (or on an error) the run goes
    on with what there is, the figures then say how many."""
    started = time.perf_counter()
    deadline = started + 60 * args.fill_minutes if args.fill_minutes \
        else None

    def progress(done):
        elapsed = time.perf_counter() - started
        result['fill_samples'].append(
            (round(elapsed), done, round(os.getloadavg()[0], 1)))
        print('filled %d at %.0f s, load %.1f' % (
            done, elapsed, os.getloadavg()[0]), flush=True)
        if deadline and time.perf_counter() > deadline:
            raise _FillStopped('--fill-minutes reached')
    result['fill_samples'] = []
    cpu_before = cpu_seconds(cloud)
    try:
        if args.fill_batch > 1:
            fill_many(api, image_id, fill, args.threads, args.fill_batch,
                      offset=args.boots, progress=progress)
        else:
            boot_many(api, image_id, fill, args.threads, offset=args.boots)
        boot_rate.wait_all_active(api, args.servers, timeout=7200)
    except Exception as error:
        result['fill_stopped'] = '%s: %s' % (type(error).__name__, error)
        try:
            _settle(api)
        except RuntimeError:
            pass
    filled = boot_rate._count(api, 'ACTIVE') - args.boots
    elapsed = time.perf_counter() - started
    cpu_after = cpu_seconds(cloud)
    result['fill_boots_per_second'] = round(filled / elapsed, 1)
    result['fill_cpu_ms_per_server'] = {
        name: round(1000 * (cpu_after[name] - cpu_before[name]) /
                    max(filled, 1), 1) for name in cpu_after}
    result['fill_samples'] = result['fill_samples'][
        ::max(1, len(result['fill_samples']) // 20)]
    print(result, flush=True)


class _FillStopped(Exception):
    pass


def _settle(api, timeout=900):
    """Until nothing builds (a round of the fill, or a stopped fill's
    last one); a server in ERROR stops the fill. No count of the ACTIVE
    ones: at thousands of servers that is pages of listing a round."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if api.get('/servers?status=ERROR&limit=1').json()['servers']:
            raise RuntimeError('servers in ERROR')
        if not api.get('/servers?status=BUILD&limit=1').json()['servers']:
            return
        time.sleep(1)
    raise RuntimeError('the fill did not settle in %d s' % timeout)


def _boot_phase(cloud, api, image_id, args, result):
    cpu_before = cpu_seconds(cloud)
    started = time.perf_counter()
    boot_many(api, image_id, args.boots, args.threads)
    posted = time.perf_counter() - started
    boot_rate.wait_all_active(api, args.boots, timeout=3600)
    elapsed = time.perf_counter() - started
    cpu_after = cpu_seconds(cloud)
    result['boots'] = args.boots
    result['boots_per_second'] = round(args.boots / elapsed, 1)
    result['posts_per_second'] = round(args.boots / posted, 1)
    # What one boot costs each daemon, whatever else ran meanwhile.
    result['cpu_ms_per_boot'] = {
        name: round(1000 * (cpu_after[name] - cpu_before[name]) /
                    args.boots, 1) for name in cpu_after}
    result['load_average_after_boots'] = [
        round(x, 1) for x in os.getloadavg()]
    result['rss_mb_after_boots'] = rss_mb(cloud)
    print(result, flush=True)


if __name__ == '__main__':
    main()
