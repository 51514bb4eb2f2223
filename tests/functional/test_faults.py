"""Nothing stuck after a fault, on split daemons with MariaDB + RabbitMQ.

One cloud for the module, its database and message bus reached through
TCP proxies the tests cut. Each test runs a burst of 20 boots and 20
deletes and, during it, SIGKILLs one daemon (restarted a moment later)
or cuts the database or RabbitMQ for a few seconds. Then, within 120 s
of the fault's end: no server in a transitional state, every ERROR with
a fault, the answers were 2xx or 503 (never 500), every accepted create
is a server and no refused one left anything, and quota usage, node
usage and allocated addresses equal what the servers hold. The recovery
intervals are short in this cloud's options so it settles far sooner.
"""

import concurrent.futures
import datetime
import threading
import time
import urllib.parse

import pytest
import requests
import requests.adapters
import sqlalchemy

import nova.conf
from tests.functional import cloud as cloud_lib
from tests.functional import tcp_proxy

CONF = nova.conf.CONF
PROJECT = 'faults'
BURST = 20
SETTLE = 120
# Seconds to hold a fault: long enough that requests and builds hit it.
OUTAGE = 8
FLAVOR = {'vcpus': 1, 'ram': 512}  # flavor 1 (m1.tiny)
RESERVED_MB = 512  # each node counts it as used


def _port(url, default):
    return urllib.parse.urlsplit(url.replace('+pymysql', '')).port or default


@pytest.fixture(scope='module')
def faulty(tmp_path_factory):
    """A split cloud on MariaDB + RabbitMQ through proxies; a dropped
    build is taken over after 12 s, checks run every second."""
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('faults'), database='mysql', split=True,
        simulated_hosts=2, options={
            'fake_driver.spawn_seconds': 0.5,
            'deadlines.check_interval': 1,
            'deadlines.build_pickup_timeout': 12,
            'rpc_response_timeout': 8,
            'api.outage_retry_after': 3,
            'database.max_retries': -1,
            'running_deleted_instance_poll_interval': 2,
            'reserved_host_memory_mb': RESERVED_MB,
            # The defaults and SameHostFilter, for a hint a take-over keeps.
            'filter_scheduler.enabled_filters': ','.join(
                CONF.filter_scheduler.enabled_filters + ['SameHostFilter']),
        })
    database = tcp_proxy.TcpProxy('127.0.0.1', _port(cloud_lib.MYSQL_URL,
                                                     3306))
    bus = tcp_proxy.TcpProxy('127.0.0.1', _port(cloud_lib.RABBIT_URL, 5672))
    running.direct_db_url = running.db.url
    running.options['database.connection'] = running.db.url.replace(
        '127.0.0.1:%d' % database.target[1], '127.0.0.1:%d' % database.port)
    running.rabbit.url = running.rabbit.url.replace(
        '127.0.0.1:%d' % bus.target[1], '127.0.0.1:%d' % bus.port)
    running.proxies = {'database': database, 'bus': bus}
    try:
        running.start()
        resp = running.api.put('/os-quota-sets/%s' % PROJECT, json={
            'quota_set': {'instances': -1, 'cores': -1, 'ram': -1,
                          'fixed_ips': -1}})
        assert resp.status_code == 200, resp.text
        running.user = running.api.as_user('alice:%s' % PROJECT)
        # One connection per request of a burst.
        running.user.session.mount('http://', requests.adapters.HTTPAdapter(
            pool_maxsize=BURST * 2))
        running.image = running.api.get('/images').json()['images'][0]['id']
        yield running
    finally:
        running.stop()
        database.stop()
        bus.stop()


class Burst:
    """20 boots and 20 deletes at once; records every answer."""

    def __init__(self, cloud, doomed):
        self.cloud = cloud
        self.doomed = doomed
        self.created = set()      # ids of accepted creates
        self.deleted = set()      # ids of accepted deletes
        self.statuses = []        # (what, status or exception name)
        self.latencies = []
        self._lock = threading.Lock()
        self._pool = concurrent.futures.ThreadPoolExecutor(BURST * 2)
        self._futures = []

    def start(self):
        for index in range(BURST):
            self._futures.append(self._pool.submit(self._create, index))
        for server_id in self.doomed:
            self._futures.append(self._pool.submit(self._delete, server_id))
        return self

    def wait_answers(self, count, timeout=30):
        """Until count requests were answered: the fault then hits the
        burst in full flow."""
        deadline = time.monotonic() + timeout
        while len(self.statuses) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def wait(self):
        for future in self._futures:
            future.result()
        self._pool.shutdown()

    def _record(self, what, started, resp=None, error=None):
        with self._lock:
            self.latencies.append(time.monotonic() - started)
            if resp is None:
                self.statuses.append((what, type(error).__name__))
                return
            self.statuses.append((what, resp.status_code))
            if resp.status_code == 503:
                assert resp.headers.get('Retry-After') == '3', resp.text

    def _create(self, index):
        started = time.monotonic()
        try:
            resp = self.cloud.user.post('/servers', json={'server': {
                'name': 'burst-%d' % index, 'imageRef': self.cloud.image,
                'flavorRef': '1'}})
        except requests.RequestException as error:
            self._record('create', started, error=error)
            return
        self._record('create', started, resp)
        if resp.status_code == 202:
            with self._lock:
                self.created.add(resp.json()['server']['id'])

    def _delete(self, server_id):
        started = time.monotonic()
        try:
            resp = self.cloud.user.delete('/servers/%s' % server_id)
        except requests.RequestException as error:
            self._record('delete', started, error=error)
            return
        self._record('delete', started, resp)
        if resp.status_code == 204:
            with self._lock:
                self.deleted.add(server_id)


def _servers(cloud):
    resp = cloud.api.get('/servers/detail?all_tenants=1&project_id=%s'
                         % PROJECT)
    assert resp.status_code == 200, resp.text
    return resp.json()['servers']


def _settled(server):
    return (server['status'] in ('ACTIVE', 'ERROR') and
            server['OS-EXT-STS:task_state'] is None)


def _wait_settled(cloud, since):
    """Servers once none is in a transitional state; seconds it took."""
    while True:
        servers = _servers(cloud)
        if all(_settled(s) for s in servers):
            return servers, time.monotonic() - since
        if time.monotonic() - since > SETTLE:
            stuck = [(s['id'], s['status'], s['OS-EXT-STS:task_state'])
                     for s in servers if not _settled(s)]
            raise AssertionError('%d servers still in a transitional state '
                                 '%d s after the fault: %s\n%s' % (
                                     len(stuck), SETTLE, stuck,
                                     cloud.logs(tail=30)))
        time.sleep(0.5)


def _ready(cloud, count=BURST):
    """At least count ACTIVE servers of the project, to delete."""
    active = [s['id'] for s in _servers(cloud) if s['status'] == 'ACTIVE']
    for index in range(count - len(active)):
        resp = cloud.user.post('/servers', json={'server': {
            'name': 'ready-%d' % index, 'imageRef': cloud.image,
            'flavorRef': '1'}})
        assert resp.status_code == 202, resp.text
        active.append(resp.json()['server']['id'])
    for server_id in active:
        cloud.api.wait_for_status(server_id, 'ACTIVE', timeout=120)
    return active[:count]


def _check_usage(cloud, servers, timeout=30):
    """Quota, node usage and addresses equal what the servers hold."""
    deadline = time.time() + timeout
    while True:
        try:
            _usage_matches(cloud, servers)
            return
        except AssertionError:
            if time.time() > deadline:
                raise
            time.sleep(1)
            servers = _servers(cloud)


def _usage_matches(cloud, servers):
    used = cloud.api.get('/os-quota-sets/%s/detail' % PROJECT).json()[
        'quota_set']
    assert (used['instances']['in_use'], used['cores']['in_use'],
            used['ram']['in_use']) == (
        len(servers), len(servers) * FLAVOR['vcpus'],
        len(servers) * FLAVOR['ram'])
    on_node = {}
    for server in servers:
        node = server['OS-EXT-SRV-ATTR:hypervisor_hostname']
        if node:
            on_node[node] = on_node.get(node, 0) + 1
    usage = _node_usage(cloud)
    assert usage == {node: (on_node.get(node, 0) * FLAVOR['vcpus'],
                            RESERVED_MB + on_node.get(node, 0) * FLAVOR['ram'])
                     for node in usage}
    held = {(s['id'], a['addr']) for s in servers
            for addrs in s['addresses'].values() for a in addrs}
    engine = sqlalchemy.create_engine(cloud.direct_db_url)
    try:
        with engine.connect() as conn:
            allocated = set(conn.execute(sqlalchemy.text(
                'SELECT instance_uuid, address FROM fixed_ips '
                'WHERE allocated = 1')))
    finally:
        engine.dispose()
    assert allocated == held


def _node_usage(cloud):
    return {h['hypervisor_hostname']: (h['vcpus_used'], h['memory_mb_used'])
            for h in cloud.api.get('/os-hypervisors/detail').json()[
                'hypervisors']}


def _check(cloud, burst, fault_ended, name):
    servers, took = _wait_settled(cloud, fault_ended)
    cloud.check_alive()
    answers = {}
    for what, status in burst.statuses:
        answers.setdefault((what, status), 0)
        answers[(what, status)] += 1
    assert not [a for a in answers if a[1] == 500], answers
    ids = {s['id'] for s in servers}
    # Accepted creates are servers; refused ones left nothing behind.
    assert burst.created <= ids
    new = {s['id'] for s in servers if s['name'].startswith('burst-')}
    unanswered = sum(1 for what, status in burst.statuses
                     if what == 'create' and not isinstance(status, int))
    # A create cut off with nova-api got no answer: its server may exist
    # (if nova-api had sent it), at most one per such create.
    assert len(new - burst.created) <= unanswered, answers
    burst.unanswered_made = len(new - burst.created)
    assert not ids & burst.deleted
    for server in servers:
        if server['status'] == 'ERROR':
            assert server['fault']['message'], server
    _check_usage(cloud, servers)
    errors = sum(s['status'] == 'ERROR' for s in servers
                 if s['id'] in burst.created)
    print('\n%s: settled %.1f s after the fault; answers %s; max latency '
          '%.1f s; %d of %d accepted creates in ERROR' % (
              name, took, sorted(answers.items(), key=str),
              max(burst.latencies), errors, len(burst.created)))
    # The next burst's boots get their names afresh.
    for server in servers:
        if server['name'].startswith('burst-'):
            cloud.user.put('/servers/%s' % server['id'],
                           json={'server': {'name': 'kept'}})


@pytest.mark.parametrize('binary', ['nova-api', 'nova-conductor',
                                    'nova-scheduler', 'nova-compute'])
def test_sigkill_during_a_burst(faulty, binary):
    burst = Burst(faulty, _ready(faulty)).start()
    burst.wait_answers(4)
    faulty.kill(binary)
    time.sleep(1)
    faulty.restart(binary)
    fault_ended = time.monotonic()
    burst.wait()
    if binary == 'nova-api':
        faulty.wait_ready()
    _check(faulty, burst, fault_ended, 'SIGKILL %s' % binary)


@pytest.mark.parametrize('service', ['database', 'bus'])
def test_an_outage_during_a_burst(faulty, service):
    proxy = faulty.proxies[service]
    burst = Burst(faulty, _ready(faulty)).start()
    burst.wait_answers(4)
    proxy.cut()
    time.sleep(OUTAGE)
    proxy.restore()
    fault_ended = time.monotonic()
    burst.wait()
    statuses = {status for _, status in burst.statuses}
    assert statuses <= {202, 204, 503}, burst.statuses
    _check(faulty, burst, fault_ended, '%s outage' % service)


SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'


def _events(cloud, server_id, name):
    """How many events name the server's create action has."""
    actions = cloud.api.get('/servers/%s/os-instance-actions'
                            % server_id).json()['instanceActions']
    found = 0
    for action in actions:
        shown = cloud.api.get('/servers/%s/os-instance-actions/%s' % (
            server_id, action['request_id'])).json()['instanceAction']
        found += sum(e['event'] == name for e in shown.get('events', []))
    return found


def _wait_events(cloud, server_id, name, count, timeout=30):
    deadline = time.monotonic() + timeout
    while _events(cloud, server_id, name) < count:
        assert time.monotonic() < deadline, (server_id, name, count)
        time.sleep(0.2)


def _boot(client, name, **extra):
    body = {'server': dict({'name': name, 'imageRef': client.image,
                            'flavorRef': '1'}, **extra.pop('server', {}))}
    body.update(extra)
    resp = client.post('/servers', json=body)
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def test_a_build_taken_over_keeps_its_hints_and_forced_host(faulty):
    """Root cause: a build whose conductor died was scheduled again by
    the take-over with a request spec rebuilt from the instance row,
    which holds no scheduler hints and no forced host: a same_host hint
    and an admin's zone:host were dropped and the weighers sent both
    servers to the emptier host. The spec is now stored with the
    instance (request_specs) and the take-over reads it."""
    admin = faulty.api.as_user('admin:%s' % PROJECT)
    admin.image = faulty.image
    # The busier host: the weighers alone would pick the other one.
    busy = max((h['memory_mb_used'], h['service']['host']) for h in
               faulty.api.get('/os-hypervisors/detail').json()[
                   'hypervisors'])[1]
    anchor = _boot(admin, 'anchor',
                   server={'availability_zone': 'nova:%s' % busy})
    faulty.api.wait_for_status(anchor, 'ACTIVE', timeout=60)
    faulty.kill('nova-scheduler')
    try:
        hinted = _boot(admin, 'hinted',
                       **{'os:scheduler_hints': {'same_host': [anchor]}})
        forced = _boot(admin, 'forced',
                       server={'availability_zone': 'nova:%s' % busy})
        # The conductor took both and waits on the scheduler: kill it.
        for server_id in (hinted, forced):
            _wait_events(faulty, server_id, SCHEDULE_EVENT, 1)
        asked = time.monotonic()
        faulty.kill('nova-conductor')
        # Its select_destinations calls leave the scheduler's queue when
        # they expire (rpc_response_timeout, 8 s); a scheduler back
        # sooner would place those builds instead of the take-over.
        time.sleep(max(0.0, asked + 9 - time.monotonic()))
    finally:
        faulty.restart('nova-scheduler')
        # Started after the scheduler: its take-over's calls find it.
        faulty.restart('nova-conductor')
    for server_id in (hinted, forced):
        server = faulty.api.wait_for_status(server_id, ('ACTIVE', 'ERROR'),
                                            timeout=90)
        assert server['status'] == 'ACTIVE', server.get('fault')
        assert server['OS-EXT-SRV-ATTR:host'] == busy, server
        # Scheduled twice: by the conductor killed, then the take-over.
        assert _events(faulty, server_id, SCHEDULE_EVENT) == 2
    print('\ntake-over: same_host hint and forced host %s kept' % busy)


def _ambiguous(cloud, since):
    """Servers of the burst since then that the database holds deleted,
    split by whether nova-api had recorded their create action."""
    engine = sqlalchemy.create_engine(cloud.direct_db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sqlalchemy.text(
                'SELECT i.uuid, COUNT(a.id) FROM instances i LEFT JOIN '
                'instance_actions a ON a.instance_uuid = i.uuid '
                'WHERE i.deleted != 0 AND i.project_id = :project AND '
                "i.display_name LIKE 'burst-%' AND i.created_at >= :since "
                'GROUP BY i.uuid'), {'project': PROJECT, 'since': since})
            return [bool(count) for _, count in rows]
    finally:
        engine.dispose()


def test_nova_api_killed_in_a_database_partition(faulty):
    """The double fault: the database stops answering (requests still
    reach it, so a COMMIT may land without nova-api learning it) and
    nova-api is killed meanwhile, so it can neither undo its rows nor
    answer. Each create then ends one way: nothing made, or a server
    without its create action (deleted by a conductor's take-over), or a
    dispatched server (built to ACTIVE, or ERROR with a fault); usage
    equals what survives."""
    proxy = faulty.proxies['database']
    since = datetime.datetime.utcnow().replace(microsecond=0)
    burst = Burst(faulty, []).start()
    burst.wait_answers(4)
    proxy.mute()
    try:
        faulty.kill('nova-api')
    finally:
        proxy.cut()
        proxy.restore()
    faulty.restart('nova-api')
    fault_ended = time.monotonic()
    burst.wait()
    faulty.wait_ready()
    _check(faulty, burst, fault_ended, 'nova-api killed in a database '
           'partition')
    deleted = _ambiguous(faulty, since)
    print('double fault: %d servers of unanswered creates kept; %d made '
          'but never dispatched, deleted by the take-over' % (
              burst.unanswered_made, deleted.count(False)))


def test_a_retried_create_with_the_same_key_makes_one_server(faulty):
    """During a bus outage the create answers 503; the client's retries
    with the same Idempotency-Key make exactly one server."""
    proxy = faulty.proxies['bus']
    body = {'server': {'name': 'keyed', 'imageRef': faulty.image,
                       'flavorRef': '1'}}
    headers = {'Idempotency-Key': 'boot-keyed-1'}
    proxy.cut()
    try:
        started = time.monotonic()
        refused = faulty.user.post('/servers', json=body, headers=headers)
        refused_after = time.monotonic() - started
    finally:
        proxy.restore()
    assert refused.status_code == 503, refused.text
    deadline = time.monotonic() + 60
    while True:
        first = faulty.user.post('/servers', json=body, headers=headers)
        if first.status_code != 503 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert first.status_code == 202, first.text
    again = faulty.user.post('/servers', json=body, headers=headers)
    assert again.status_code == 202, again.text
    assert again.json()['server']['id'] == first.json()['server']['id']
    assert 'adminPass' not in again.json()['server']
    keyed = [s for s in _servers(faulty) if s['name'] == 'keyed']
    assert [s['id'] for s in keyed] == [first.json()['server']['id']]
    print('\nbus outage: create refused with 503 after %.1f s'
          % refused_after)


def test_an_action_refused_during_a_bus_outage_leaves_no_task(faulty):
    """A stop, a snapshot and a rebuild the bus refuses answer 503; the
    server keeps no task (nothing would ever run it), its name and
    image, and no snapshot image is left behind."""
    server_id = _ready(faulty, count=1)[0]
    before = faulty.user.get('/servers/%s' % server_id).json()['server']
    proxy = faulty.proxies['bus']
    proxy.cut()
    try:
        refused = [faulty.user.post('/servers/%s/action' % server_id,
                                    json=body) for body in (
            {'os-stop': None},
            {'createImage': {'name': 'refused-snapshot'}},
            {'rebuild': {'imageRef': faulty.image, 'name': 'rebuilt'}})]
        server = faulty.user.get('/servers/%s' % server_id).json()['server']
    finally:
        proxy.restore()
    assert [r.status_code for r in refused] == [503] * 3, refused[-1].text
    assert refused[0].headers['Retry-After'] == '3'
    assert server['status'] == 'ACTIVE'
    assert server['OS-EXT-STS:task_state'] is None
    assert (server['name'], server['image']) == (before['name'],
                                                 before['image'])
    images = faulty.user.get('/images?name=refused-snapshot').json()
    assert images['images'] == []
    # Once the bus is back the same action runs.
    deadline = time.monotonic() + 60
    while True:
        again = faulty.user.post('/servers/%s/action' % server_id,
                                 json={'os-stop': None})
        if again.status_code != 503 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert again.status_code == 202, again.text
    faulty.api.wait_for_status(server_id, 'SHUTOFF')
