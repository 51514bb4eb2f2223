"""POST /servers of two code trees, measured alternately on one cloud.

Starts split daemons (MariaDB + RabbitMQ by default, fake driver) and one
more nova-api per tree (PYTHONPATH=<tree>, its own ports) on the same
database and bus, then creates servers through them in turns, A B B A,
--rounds times per tree at microversion 2.1 and at the highest one (with
networks "auto"), one client, sequential POSTs not waiting for ACTIVE (a
burst, as api_bench.py times it). Between the two versions every server is
deleted, so both trees see the same cloud. Prints one JSON line: p50, p95
and mean per tree and version, and whether both trees answered the same
response shape (bodies and Location with ids, passwords and endpoints
replaced).

    .venv/bin/python tools/bench/post_ab.py --a /tmp/base --b . \
        [--rounds 40] [--shape mysql-rabbit]

--profile DIR runs tree B's nova-api alone with a cProfile around each
request and SQL statements counted per request (SQLAlchemy's cursor
events, on the request's thread), for --rounds POSTs at --version;
writes DIR/post.prof and DIR/statements.json and prints the statements
per POST.
"""

import argparse
import json
import os
import re
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from nova.api.openstack import microversions  # noqa: E402
from tests.functional import actions_helpers  # noqa: E402
from tools.bench import api_bench  # noqa: E402
from tools.bench import list_ab  # noqa: E402

# nova-api with each request profiled and its SQL counted: statements on
# the request's own thread, by kind (first keyword; "SELECT 1" is the
# connection ping), plus pool checkouts and transaction ends.
_MEASURED_API = '''
import collections, cProfile, json, os, resource, sys, threading, time
import traceback
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool
from nova.api.openstack import deploy
from nova.cmd import api
prof_out, stmt_out = sys.argv.pop(1), sys.argv.pop(1)
# CPU time of the request's thread, so other load does not count.
profile = cProfile.Profile(time.thread_time)
mine = threading.local()
# Only the CPU time and counts (a profiler's own cost is several times
# the request's).
cpu_only = bool(os.environ.get('POST_AB_CPU_ONLY'))
warm = threading.Event()
requests = []
# Where each connection checkout came from: the innermost frames of nova
# outside nova/db (the code that opened the transaction).
sites = collections.Counter()

def count(kind):
    counts = getattr(mine, 'counts', None)
    if counts is not None:
        counts[kind] += 1

def site():
    frames = [f for f in traceback.extract_stack()
              if '/nova/' in f.filename and '/nova/db/' not in f.filename
              and '/nova/objects/' not in f.filename]
    return ' < '.join('%s:%s' % (f.filename.split('/nova/', 1)[1], f.name)
                      for f in reversed(frames[-3:]))

@event.listens_for(Engine, 'before_cursor_execute')
def _statement(conn, cursor, statement, params, context, many):
    text = statement.lstrip().upper()
    kind = 'ping' if text.startswith('SELECT 1') else text.split(None, 1)[0]
    count(kind.lower())
    if getattr(mine, 'sql', None) is not None:
        mine.sql.append(' '.join(statement.split())[:160])

@event.listens_for(Engine, 'commit')
def _commit(conn):
    count('commit')

@event.listens_for(Engine, 'rollback')
def _rollback(conn):
    count('rollback')

@event.listens_for(Pool, 'checkout')
def _checkout(dbapi_conn, record, proxy):
    count('checkout')
    if getattr(mine, 'counts', None) is not None and not cpu_only:
        sites[site()] += 1

# Every command sent to MariaDB (a query, COMMIT, ROLLBACK, a ping) is
# one round trip.
try:
    from pymysql import connections as _pymysql
    _send = _pymysql.Connection._execute_command

    def _command(self, command, sql):
        count('round_trip')
        return _send(self, command, sql)
    _pymysql.Connection._execute_command = _command
except ImportError:
    pass

@event.listens_for(Pool, 'reset')
def _reset(dbapi_conn, record, reset_state):
    count('reset')

loadapp = deploy.loadapp
def measured(conf):
    app = loadapp(conf)
    def call(environ, start_response):
        mine.counts = collections.Counter()
        mine.sql = []
        cpu = time.thread_time()
        usage = resource.getrusage(resource.RUSAGE_THREAD)
        try:
            if cpu_only or not warm.is_set():
                return list(app(environ, start_response))
            return profile.runcall(lambda: list(app(environ,
                                                    start_response)))
        finally:
            requests.append({'method': environ['REQUEST_METHOD'],
                             'path': environ.get('PATH_INFO'),
                             'cpu_ms': (time.thread_time() - cpu) * 1000,
                             'sys_ms': (resource.getrusage(
                                 resource.RUSAGE_THREAD).ru_stime -
                                 usage.ru_stime) * 1000,
                             'counts': dict(mine.counts),
                             'sql': mine.sql})
            mine.counts = mine.sql = None
            # The first POST loads modules and compiles routes: not
            # profiled.
            if environ['REQUEST_METHOD'] == 'POST':
                warm.set()
    return call
deploy.loadapp = measured
try:
    api.main()
finally:
    profile.dump_stats(prof_out)
    with open(stmt_out, 'w') as f:
        json.dump({'requests': requests,
                   'checkout_sites': sites.most_common()}, f)
'''

_UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                   r'[0-9a-f]{12}')


def server_body(version, image_id, name):
    body = {'name': name, 'imageRef': image_id, 'flavorRef': '1'}
    if tuple(map(int, version.split('.'))) >= (2, 37):
        body['networks'] = 'auto'
    return {'server': body}


def timed_post(client, body):
    started = time.perf_counter()
    resp = client.post('/servers', json=body)
    took = time.perf_counter() - started
    if resp.status_code != 202:
        raise RuntimeError('POST /servers: %s %s' % (resp.status_code,
                                                     resp.text))
    return took, resp


def shape(resp):
    """The response with what differs per server and per API out."""
    body = resp.json()
    if 'adminPass' in body.get('server', {}):
        body['server']['adminPass'] = '<password>'
    text = json.dumps({'body': body,
                       'location': resp.headers.get('Location')},
                      sort_keys=True)
    text = re.sub(r'127\.0\.0\.1:\d+', '<endpoint>', text)
    return _UUID.sub('<uuid>', text)


def figures(samples):
    ordered = sorted(samples)
    last = len(ordered) - 1

    def pick(p):
        return round(ordered[min(last, int(round(p * last)))] * 1000, 1)
    return {'n': len(ordered), 'p50_ms': pick(0.5), 'p95_ms': pick(0.95),
            'mean_ms': round(statistics.mean(ordered) * 1000, 1)}


def delete_all(api, ids):
    for server_id in ids:
        api.delete('/servers/%s' % server_id)
    for server_id in ids:
        api.wait_for_deletion(server_id, timeout=300)


def measure(cloud, workdir, args):
    top = microversions.MAX_VERSION
    image_id = actions_helpers.seeded_image(cloud.api)
    result = {'shape': args.shape, 'label': args.label,
              'rounds': args.rounds,
              'load_before': api_bench.load_average()}
    clients = {'a': list_ab.start_api(cloud, args.a, workdir, 'api-a'),
               'b': list_ab.start_api(cloud, args.b, workdir, 'api-b')}
    try:
        for version in ('2.1', top):
            users = {k: c.as_user(cloud.api_token, version)
                     for k, c in clients.items()}
            samples = {'a': [], 'b': []}
            shapes = {'a': set(), 'b': set()}
            ids = []
            for k in ('a', 'b'):  # warm up each (caches, connections)
                ids.append(timed_post(users[k], server_body(
                    version, image_id, 'warm-%s' % k))[1].json()[
                        'server']['id'])
            for i in range(args.rounds):
                order = ('a', 'b') if i % 2 == 0 else ('b', 'a')
                for k in order:
                    took, resp = timed_post(users[k], server_body(
                        version, image_id, 'post-ab-%d' % i))
                    samples[k].append(took)
                    shapes[k].add(shape(resp))
                    ids.append(resp.json()['server']['id'])
                    if args.settle:
                        cloud.api.wait_for_status(ids[-1], 'ACTIVE',
                                                  interval=0.01)
            api_bench.wait_settled(cloud.api)
            for k in ('a', 'b'):
                result['post_%s_%s' % (version, k)] = figures(samples[k])
            result['post_%s_same_shape' % version] = (
                shapes['a'] == shapes['b'] and len(shapes['a']) == 1)
            if not result['post_%s_same_shape' % version]:
                result['post_%s_shapes' % version] = {
                    k: sorted(v) for k, v in shapes.items()}
            delete_all(cloud.api, ids)
        result['load_after'] = api_bench.load_average()
    finally:
        for name in ('api-a', 'api-b'):
            cloud.kill(name, signal.SIGTERM)
    api_bench.write_result('-'.join(filter(None, ['post_ab', args.label])),
                           result)


def profile(cloud, workdir, args):
    out = os.path.abspath(args.profile)
    os.makedirs(out, exist_ok=True)
    prof, stmts = os.path.join(out, 'post.prof'), os.path.join(
        out, 'statements.json')
    image_id = actions_helpers.seeded_image(cloud.api)
    client = list_ab.start_api(cloud, args.b, workdir, 'api-prof',
                               profile=[prof, stmts],
                               script=_MEASURED_API)
    client = client.as_user(cloud.api_token, args.version)
    ids = []
    for i in range(args.rounds + 1):
        ids.append(timed_post(client, server_body(
            args.version, image_id, 'prof-%d' % i))[1].json()['server'][
                'id'])
        if args.settle:
            cloud.api.wait_for_status(ids[-1], 'ACTIVE', interval=0.01)
    cloud.kill('api-prof', signal.SIGTERM)
    api_bench.wait_settled(cloud.api)
    delete_all(cloud.api, ids)
    with open(stmts) as f:
        measured = json.load(f)
    posts = [r['counts'] for r in measured['requests']
             if r['method'] == 'POST' and r['path'].endswith('/servers')]
    posts = posts[1:]  # the first warms caches and connections up
    timed = [r for r in measured['requests']
             if r['method'] == 'POST' and r['path'].endswith('/servers')][1:]
    cpu = [r['cpu_ms'] for r in timed]
    sys_cpu = [r['sys_ms'] for r in timed]
    kinds = sorted({k for c in posts for k in c})
    per_post = {k: round(statistics.mean(c.get(k, 0) for c in posts), 2)
                for k in kinds}
    last = [r for r in measured['requests'] if r['method'] == 'POST'][-1]
    print(json.dumps({'version': args.version, 'posts': len(posts),
                      'last_post_sql': last['sql'],
                      'statements_per_post': per_post,
                      'cpu_ms_per_post': {
                          'p50': round(statistics.median(cpu), 2),
                          'mean': round(statistics.mean(cpu), 2),
                          'of_it_system_mean': round(
                              statistics.mean(sys_cpu), 2)},
                      'checkouts_by_site': {
                          s: round(n / (len(posts) + 1), 2)
                          for s, n in measured['checkout_sites']},
                      'profile': prof}, indent=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--a', help='tree A (PYTHONPATH)')
    parser.add_argument('--b', help='tree B (PYTHONPATH)')
    parser.add_argument('--shape', default='mysql-rabbit',
                        choices=sorted(api_bench.SHAPES))
    parser.add_argument('--rounds', type=int, default=40)
    parser.add_argument('--settle', action='store_true',
                        help='wait for each server to be ACTIVE before '
                             'the next POST (untimed)')
    parser.add_argument('--profile', help='directory for post.prof and '
                                          'statements.json (tree B)')
    parser.add_argument('--cpu-only', action='store_true',
                        help='with --profile: no cProfile, only the CPU '
                             'time and statement counts per POST')
    parser.add_argument('--version', default='2.1',
                        help='microversion of --profile')
    list_ab.add_cloud_args(parser)
    parser.add_argument('--label', default='')
    args = parser.parse_args()
    args.servers = 0
    if args.cpu_only:
        os.environ['POST_AB_CPU_ONLY'] = '1'
    list_ab.run(args, profile, measure)


if __name__ == '__main__':
    main()
