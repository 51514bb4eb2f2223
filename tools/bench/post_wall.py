"""Where the wall time of POST and DELETE /servers goes, per phase.

Starts one more nova-api of --tree on a cloud (MariaDB + RabbitMQ split
daemons by default, or the one a --serve run keeps: --cloud STATE) with
each request's phases timed on its own thread: wall clock, the thread's
CPU time and its wait for a CPU (run queue, from
/proc/self/task/<tid>/schedstat), per database round trip (by statement
kind, GET_LOCK and RELEASE_LOCK apart, COMMIT, ROLLBACK, pings), pool
checkout, the RPC cast and its publish, plus any functions TRACE_FUNCS
names ("module:function" or "module:Class.method", comma-separated).
Phases nest; each reports its self time. Wall minus CPU minus run queue
is time blocked: waiting on the database, the bus, a lock, a sleep.

Then one client POSTs --posts servers in a row (--settle: each ACTIVE
before the next, untimed) and DELETEs them, and the mean per request of
every phase is printed, with the last request's statements in order.

    .venv/bin/python tools/bench/post_wall.py [--cloud STATE] \
        [--tree .] [--posts 30] [--version 2.1] [--settle]
"""

import argparse
import json
import os
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests.functional import actions_helpers  # noqa: E402
from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402
from tools.bench import list_ab  # noqa: E402

_TRACED_API = '''
# nova-api with per-request phase accounting: wall, thread CPU and
# run-queue wait (schedstat) per phase; phases nest (self time reported).
import collections, json, os, sys, threading, time, functools, importlib
out = sys.argv.pop(1)
mine = threading.local()
records = []

def _sched():
    tid = threading.get_native_id()
    with open('/proc/self/task/%d/schedstat' % tid) as f:
        a, b, _ = f.read().split()
    return int(a), int(b)

class Phase:
    __slots__ = ('name', 't', 'c', 'w')
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        st = getattr(mine, 'stack', None)
        if st is None:
            self.t = None
            return self
        self.t = time.perf_counter_ns()
        self.c, self.w = _sched()
        st.append([self.name, 0, 0, 0])  # child wall,cpu,runq
        return self
    def __exit__(self, *exc):
        if self.t is None:
            return False
        dt = time.perf_counter_ns() - self.t
        c, w = _sched()
        dc, dw = c - self.c, w - self.w
        st = mine.stack
        name, cw, cc, cr = st.pop()
        acc = mine.acc[name]
        acc[0] += dt - cw; acc[1] += dc - cc; acc[2] += dw - cr; acc[3] += 1
        if st:
            st[-1][1] += dt; st[-1][2] += dc; st[-1][3] += dw
        return False

_NO_SQL = ('db:commit', 'db:rollback', 'db:ping()', 'db:connect',
           'db:pool_checkout')

def wrap(obj, attr, name=None, namer=None):
    fn = getattr(obj, attr)
    label = name or '%s.%s' % (getattr(obj, '__name__', obj), attr)
    @functools.wraps(fn)
    def w(*a, **k):
        nm = namer(a, k) if namer else label
        if nm.startswith('db:') and getattr(mine, 'sql', None) is not None:
            sql = a[1] if nm not in _NO_SQL else nm
            if not isinstance(sql, str):
                sql = bytes(sql[:200]).decode('utf8', 'replace')
            mine.sql.append(sql[:150])
        with Phase(nm):
            return fn(*a, **k)
    setattr(obj, attr, w)

def wrapmod(mod, attr, name=None):
    m = importlib.import_module(mod)
    wrap(m, attr, name or '%s.%s' % (mod.split('.')[-1], attr))

import pymysql.connections as pc
def _sqlkind(a, k):
    sql = a[1] if len(a) > 1 else k.get('sql', '')
    if not isinstance(sql, str):
        sql = bytes(sql[:200]).decode('utf8', 'replace')
    s = sql.lstrip().upper()
    if 'GET_LOCK' in s: return 'db:get_lock'
    if 'RELEASE_LOCK' in s: return 'db:release_lock'
    if s.startswith('SELECT 1'): return 'db:ping'
    if s.startswith('SET'): return 'db:set'
    return 'db:' + (s.split(None, 1)[0].lower() if s else '?')
wrap(pc.Connection, 'query', namer=_sqlkind)
wrap(pc.Connection, 'commit', 'db:commit')
wrap(pc.Connection, 'rollback', 'db:rollback')
wrap(pc.Connection, 'ping', 'db:ping()')
wrap(pc.Connection, 'connect', 'db:connect')
from sqlalchemy.pool import base as poolbase
wrap(poolbase._ConnectionFairy, '_checkout', 'db:pool_checkout')
import kombu.messaging
wrap(kombu.messaging.Producer, 'publish', 'rpc:kombu_publish')
import oslo_messaging.rpc.client as rc
wrap(rc._BaseCallContext, 'cast', 'rpc:cast')
wrap(rc._BaseCallContext, 'call', 'rpc:call')
import oslo_messaging._drivers.impl_rabbit as ir
for attr in ('_ensure_publishing', '_publish', 'topic_send'):
    if hasattr(ir.Connection, attr):
        wrap(ir.Connection, attr, 'rpc:rabbit.' + attr)
import oslo_messaging._drivers.amqpdriver as ad
wrap(ad.AMQPDriverBase, '_send', 'rpc:driver_send')
import oslo_messaging._drivers.amqp as amqp
if hasattr(amqp, 'ConnectionContext'):
    wrap(amqp.ConnectionContext, '__init__', 'rpc:conn_acquire')
    wrap(amqp.ConnectionContext, '_done', 'rpc:conn_release')

for spec in os.environ.get('TRACE_FUNCS', '').split(','):
    if spec:
        mod, attr = spec.rsplit(':', 1)
        if '.' in attr:
            cls, meth = attr.split('.')
            wrap(getattr(importlib.import_module(mod), cls), meth,
                 '%s.%s' % (cls, meth))
        else:
            wrapmod(mod, attr)

from nova.api.openstack import deploy
from nova.cmd import api
loadapp = deploy.loadapp
def traced(conf):
    app = loadapp(conf)
    def call(environ, start_response):
        mine.stack = []
        mine.sql = []
        mine.acc = collections.defaultdict(lambda: [0, 0, 0, 0])
        try:
            with Phase('app'):
                return list(app(environ, start_response))
        finally:
            records.append({'m': environ['REQUEST_METHOD'],
                            'p': environ.get('PATH_INFO'),
                            'acc': dict(mine.acc), 'sql': mine.sql})
            mine.stack = None
    return call
deploy.loadapp = traced
import signal
def dump(*a):
    with open(out, 'w') as f:
        json.dump(records, f)
signal.signal(signal.SIGUSR1, dump)
try:
    api.main()
finally:
    dump()
'''


def _requests(client, admin, image_id, args):
    def body(i):
        server = {'name': 'wall-%d' % i, 'imageRef': image_id,
                  'flavorRef': '1'}
        if args.version != '2.1':
            server['networks'] = 'auto'
        return {'server': server}
    ids, walls = [], {'POST': [], 'DELETE': []}
    for i in range(args.posts + 1):
        started = time.perf_counter()
        resp = client.post('/servers', json=body(i))
        took = time.perf_counter() - started
        if resp.status_code != 202:
            raise RuntimeError('POST: %s %s' % (resp.status_code, resp.text))
        ids.append(resp.json()['server']['id'])
        if i:
            walls['POST'].append(took)
        if args.settle:
            admin.wait_for_status(ids[-1], 'ACTIVE', interval=0.01)
    for server_id in ids:
        admin.wait_for_status(server_id, ['ACTIVE', 'ERROR'], interval=0.05)
    for i, server_id in enumerate(ids):
        started = time.perf_counter()
        resp = client.delete('/servers/%s' % server_id)
        took = time.perf_counter() - started
        if resp.status_code != 204:
            raise RuntimeError('DELETE: %s %s' % (resp.status_code,
                                                  resp.text))
        if i:
            walls['DELETE'].append(took)
        if args.settle:
            admin.wait_for_status(server_id, 'DELETED', interval=0.01)
    for server_id in ids:
        admin.wait_for_status(server_id, 'DELETED', timeout=300)
    return walls


def _report(records, walls):
    for method in ('POST', 'DELETE'):
        done = [r for r in records if r['m'] == method and
                '/servers' in r['p']][1:]  # the first warms up
        if not done:
            continue
        print('%s: %d, client wall p50 %.1f ms' % (
            method, len(done), statistics.median(walls[method]) * 1000))
        print('  %-34s %8s %8s %8s %8s %6s' % (
            'phase (self, ms per request)', 'wall', 'cpu', 'runq',
            'blocked', 'calls'))
        rows = []
        for name in sorted({k for r in done for k in r['acc']}):
            values = [r['acc'].get(name, [0, 0, 0, 0]) for r in done]
            wall, cpu, runq, calls = (
                statistics.mean(v[i] for v in values) for i in range(4))
            rows.append((wall / 1e6, name, cpu / 1e6, runq / 1e6, calls))
        for wall, name, cpu, runq, calls in sorted(rows, reverse=True):
            print('  %-34s %8.2f %8.2f %8.2f %8.2f %6.1f' % (
                name, wall, cpu, runq, wall - cpu - runq, calls))
        print('  last %s, in order:' % method)
        for statement in done[-1]['sql']:
            print('    ' + ' '.join(statement.split())[:110])


def measure(cloud, workdir, args):
    out = os.path.join(workdir, 'post-wall-trace.json')
    image_id = actions_helpers.seeded_image(cloud.api)
    print('load before: %s' % (api_bench.load_average(),))
    client = list_ab.start_api(cloud, args.tree, workdir, 'api-wall',
                               profile=[out], script=_TRACED_API)
    try:
        walls = _requests(client.as_user(cloud.api_token, args.version),
                          cloud_lib.Client(cloud.api.endpoint,
                                           token=cloud.api_token),
                          image_id, args)
    finally:
        cloud.kill('api-wall', signal.SIGTERM)
    print('load after: %s' % (api_bench.load_average(),))
    with open(out) as f:
        _report(json.load(f), walls)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--tree', default='.', help='the nova-api\'s tree')
    parser.add_argument('--shape', default='mysql-rabbit',
                        choices=sorted(api_bench.SHAPES))
    parser.add_argument('--posts', type=int, default=30)
    parser.add_argument('--version', default='2.1')
    parser.add_argument('--settle', action='store_true',
                        help='wait for each server to be ACTIVE (and then '
                             'gone) before the next request (untimed)')
    list_ab.add_cloud_args(parser)
    args = parser.parse_args()
    args.servers, args.profile = 0, None
    args.tree = os.path.abspath(args.tree)
    list_ab.run(args, None, measure)


if __name__ == '__main__':
    main()
