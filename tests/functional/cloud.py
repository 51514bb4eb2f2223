"""Starts a real cloud in subprocesses for functional tests.

Two shapes: the all-in-one (nova-all: SQLite and the in-process transport)
and split daemons (nova-api, nova-conductor, nova-scheduler, nova-compute
each in its own process) on RabbitMQ with MariaDB or PostgreSQL. Every
cloud gets its own database, RabbitMQ vhost, state directory and ports.
"""

import atexit
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

import requests

from tests.functional import listeners
from tools.peers import common as peers_common

BIN = os.path.dirname(sys.executable)
MYSQL_URL = os.environ.get('NOVA_TEST_MYSQL',
                           'mysql+pymysql://root@127.0.0.1:3306')
POSTGRES_URL = os.environ.get('NOVA_TEST_POSTGRES',
                              'postgresql+psycopg2://postgres@127.0.0.1:5432')
RABBIT_URL = os.environ.get('NOVA_TEST_RABBIT',
                            'rabbit://guest:guest@127.0.0.1:5672')
# The clouds this test process has running: a failing test prints their
# daemons' stacks and logs (tests/functional/conftest.py).
RUNNING = []


def daemon_env():
    """The environment of the daemons: with bytecode caching on. Without
    it (PYTHONDONTWRITEBYTECODE, as some shells and CI images set) every
    daemon compiled nova's ~550 modules from source, about a third of a
    second of CPU each, for hundreds of test clouds. The cache goes beside
    the venv, not into the source tree, when the caller had turned it off.
    """
    env = dict(os.environ)
    if env.pop('PYTHONDONTWRITEBYTECODE', None):
        env.setdefault('PYTHONPYCACHEPREFIX',
                       os.path.join(sys.prefix, 'pycache'))
    return env


# Clouds stopping in the background (Cloud.stop), waited for at exit.
_STOPPING = []


class _Background:
    """func() on a thread of its own; result() waits and re-raises."""

    def __init__(self, func):
        self._error = None
        self._thread = threading.Thread(target=self._run, args=(func,),
                                        daemon=True)
        self._thread.start()

    def _run(self, func):
        try:
            func()
        except BaseException as error:
            self._error = error

    def result(self, timeout=None):
        self._thread.join(timeout)
        if self._error is not None:
            raise self._error


@atexit.register
def wait_for_stopping_clouds():
    """Wait for the clouds stopping in the background (at exit)."""
    while _STOPPING:
        try:
            _STOPPING.pop().result(timeout=120)
        except Exception as error:
            sys.stderr.write('a test cloud did not stop cleanly: %r\n'
                             % error)


def free_port():
    return peers_common.free_port()


def _run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, **kw)


class Database:
    """A throw-away database on a real server (or a SQLite file)."""

    def __init__(self, kind, state_path):
        self.kind = kind
        self.name = 'nova_test_%s' % uuid.uuid4().hex[:12]
        if kind == 'sqlite':
            self.url = 'sqlite:///%s/nova.sqlite' % state_path
        elif kind == 'mysql':
            self.url = '%s/%s?charset=utf8mb4' % (MYSQL_URL, self.name)
        else:
            self.url = '%s/%s' % (POSTGRES_URL, self.name)

    def admin_url(self):
        """Where databases of this kind are created and dropped."""
        return MYSQL_URL if self.kind == 'mysql' else POSTGRES_URL + \
            '/postgres'

    def _admin(self, statement):
        import sqlalchemy
        engine = sqlalchemy.create_engine(self.admin_url(),
                                          isolation_level='AUTOCOMMIT')
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text(statement))
        engine.dispose()

    def create(self):
        """An empty database (for the tests of the migrations)."""
        if self.kind != 'sqlite':
            self._admin('CREATE DATABASE %s' % self.name)

    def create_at_head(self, reuse=False):
        """A database at the newest schema, copied from a template (see
        tests/db_templates.py for reuse)."""
        from tests import db_templates
        db_templates.create_at_head(self, reuse=reuse)
        self._lent = reuse and self.kind == 'mysql'

    def drop(self):
        if getattr(self, '_lent', False):
            from tests import db_templates
            db_templates.give_back(self)
        elif self.kind == 'mysql':
            self._admin('DROP DATABASE IF EXISTS %s' % self.name)
        elif self.kind == 'postgresql':
            self._admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.name)


class RabbitVhost:
    """A RabbitMQ vhost of its own, so parallel clouds never share queues."""

    def __init__(self):
        self.name = 'nova-test-%s' % uuid.uuid4().hex[:12]
        self.url = '%s/%s' % (RABBIT_URL, self.name)

    def create(self):
        _run(['rabbitmqctl', 'add_vhost', self.name])
        _run(['rabbitmqctl', 'set_permissions', '-p', self.name, 'guest',
              '.*', '.*', '.*'])

    def drop(self):
        subprocess.run(['rabbitmqctl', 'delete_vhost', self.name],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


_PR_SET_PDEATHSIG = 1


def _terminate_with_parent(parent):
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG,
                                            signal.SIGTERM)
    if os.getppid() != parent:  # it died before the line above
        os.kill(os.getpid(), signal.SIGTERM)


def dies_with_test_process():
    """A Popen preexec_fn: the daemon gets SIGTERM when the test process
    dies, so a killed pytest run leaves no cloud behind (their own
    sessions keep them from a terminal's signals). None off the main
    thread: the signal follows the thread that started the child."""
    if threading.current_thread() is not threading.main_thread():
        return None
    parent = os.getpid()
    return lambda: _terminate_with_parent(parent)


class Cloud:
    """A running cloud; .api is a Client of its Compute API."""

    def __init__(self, workdir, database='sqlite', split=False, options=None,
                 simulated_hosts=1, schedulers=1, ec2_metadata=False,
                 api_token='admin:admin'):
        self.workdir = str(workdir)
        self.state_path = os.path.join(self.workdir, 'state')
        os.makedirs(self.state_path, exist_ok=True)
        self.split = split
        self.db = Database(database, self.state_path)
        self.rabbit = RabbitVhost() if split else None
        self.port = free_port()
        self.image_port = free_port()
        # The EC2 API and the metadata service (in nova-all; split clouds
        # run their own processes only when ec2_metadata is set).
        self.ec2_port = free_port()
        self.metadata_port = free_port()
        # The Neutron API (in nova-all; nova-api-network when split).
        self.network_port = free_port()
        # The Block Storage API (in nova-all; nova-api-volume when split).
        self.volume_port = free_port()
        # The console proxies (in nova-all).
        self.novnc_port = free_port()
        self.serial_port = free_port()
        self.ec2_metadata = ec2_metadata
        self.options = options or {}
        self.simulated_hosts = simulated_hosts
        # Split clouds only: more nova-scheduler processes on the same
        # topic, so RabbitMQ spreads select_destinations over them.
        self.schedulers = schedulers
        self.processes = {}
        # Process name -> (console script, extra config file) for the
        # processes that are not simply named after their binary.
        self._commands = {}
        self.endpoint = 'http://127.0.0.1:%d/v2.1' % self.port
        self.image_endpoint = 'http://127.0.0.1:%d' % self.image_port
        self.ec2_endpoint = 'http://127.0.0.1:%d' % self.ec2_port
        self.metadata_endpoint = 'http://127.0.0.1:%d' % self.metadata_port
        self.network_endpoint = 'http://127.0.0.1:%d' % self.network_port
        self.volume_endpoint = 'http://127.0.0.1:%d' % self.volume_port
        self.config_file = os.path.join(self.workdir, 'nova.conf')
        self.host = 'func-%s' % uuid.uuid4().hex[:6]
        # The administrator's token of self.api: user:project with noauth2,
        # a Keystone token with [api] auth_strategy = keystone.
        self.api_token = api_token

    def _write_config(self):
        sections = {
            'DEFAULT': {
                'state_path': self.state_path,
                'osapi_compute_listen': '127.0.0.1',
                'osapi_compute_listen_port': self.port,
                'image_api_listen': '127.0.0.1',
                'image_api_listen_port': self.image_port,
                'ec2_listen': '127.0.0.1',
                'ec2_listen_port': self.ec2_port,
                'metadata_listen': '127.0.0.1',
                'metadata_listen_port': self.metadata_port,
                'host': self.host,
                'report_interval': 1,
                'service_down_time': 15,
                'update_resources_interval': 5,
                'debug': 'false',
            },
            'database': {'connection': self.db.url},
            'network_api': {'bind_host': '127.0.0.1',
                            'bind_port': self.network_port},
            'volume_api': {'bind_host': '127.0.0.1',
                           'bind_port': self.volume_port},
            'fake_driver': {'simulated_hosts': self.simulated_hosts},
            'vnc': {'novncproxy_host': '127.0.0.1',
                    'novncproxy_port': self.novnc_port,
                    'novncproxy_base_url':
                        'http://127.0.0.1:%d/vnc_lite.html' % self.novnc_port},
            'serial_console': {'serialproxy_host': '127.0.0.1',
                               'serialproxy_port': self.serial_port,
                               'base_url':
                                   'ws://127.0.0.1:%d/' % self.serial_port},
        }
        if self.rabbit:
            sections['DEFAULT']['transport_url'] = self.rabbit.url
        if self.split:
            # nova-compute has no database: it reaches the built-in image
            # store through nova-api's image API.
            sections['glance'] = {'api_servers': self.image_endpoint}
        for key, value in self.options.items():
            group, _, name = key.rpartition('.')
            section = sections.setdefault(group or 'DEFAULT', {})
            if value is None:
                # None: leave the option out, its default applies.
                section.pop(name, None)
            else:
                section[name] = value
        with open(self.config_file, 'w') as conf:
            for section, values in sections.items():
                conf.write('[%s]\n' % section)
                for name, value in values.items():
                    conf.write('%s = %s\n' % (name, value))
                conf.write('\n')

    def _spawn(self, name):
        binary, extra_config = self._commands.get(name, (name, None))
        cmd = [os.path.join(BIN, binary), '--config-file', self.config_file]
        if extra_config:
            cmd += ['--config-file', extra_config]
        log = open(os.path.join(self.workdir, name + '.log'), 'ab')
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                env=daemon_env(), start_new_session=True,
                                preexec_fn=dies_with_test_process())
        self.processes[name] = proc
        return proc

    def _add_scheduler(self, index):
        """Declare nova-scheduler-<index>: its own host name (service
        record, RPC server name) over the shared config, same topic."""
        name = 'nova-scheduler-%d' % index
        path = os.path.join(self.workdir, name + '.conf')
        with open(path, 'w') as conf:
            conf.write('[DEFAULT]\nhost = %s-scheduler-%d\n' % (
                self.host, index))
        self._commands[name] = ('nova-scheduler', path)
        return name

    def start(self):
        RUNNING.append(self)
        # The vhost (two rabbitmqctl runs, seconds under load) is made
        # while the database is copied and seeded: they are independent.
        vhost = _Background(self.rabbit.create) if self.rabbit else None
        try:
            # At head already: the daemons' own sync finds nothing to do
            # (tests/db_templates.py; test_manage runs `nova-manage db
            # sync`).
            self.db.create_at_head()
            self._write_config()
            if self.split:
                self._seed()
        finally:
            if vhost:
                vhost.result()
        if self.split:
            for binary in ('nova-conductor', 'nova-scheduler',
                           'nova-volume', 'nova-compute', 'nova-api',
                           'nova-api-network', 'nova-api-volume'):
                self._spawn(binary)
            for index in range(2, self.schedulers + 1):
                self._spawn(self._add_scheduler(index))
            if self.ec2_metadata:
                self._spawn('nova-api-ec2')
                self._spawn('nova-api-metadata')
        else:
            self._spawn('nova-all')
        self.api = Client(self.endpoint, token=self.api_token, cloud=self)
        self.wait_ready()
        return self

    def _seed(self):
        """What nova-all does on first start: flavors and one image."""
        code = ('import sys; from nova.cmd import common, all as a; '
                'common.init(sys.argv[1:]); a._seed_defaults()')
        _run([sys.executable, '-c', code, '--config-file',
              self.config_file], env=daemon_env())

    def wait_ready(self, timeout=90):
        """Until the compute API answers, the services are up and every
        listener the configuration opens accepts connections (nova-all
        opens its others a moment after the compute API)."""
        # A scale run's simulated hosts register a few at a time.
        timeout += self.simulated_hosts * 0.3
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.check_alive()
            if self._services_up():
                break
            time.sleep(0.1)
        else:
            raise RuntimeError('cloud did not become ready:\n' + self.logs())
        wanted = listeners.expected(self.config_file, self.processes)
        while True:
            closed = sorted('%s (%d)' % (name, port)
                            for name, port in wanted.items()
                            if port not in listeners.listening_ports())
            if not closed:
                return
            if time.time() > deadline:
                raise RuntimeError('cloud did not open %s:\n%s' % (
                    ', '.join(closed), self.logs()))
            self.check_alive()
            time.sleep(0.1)

    def _services_up(self):
        try:
            services = self.api.get('/os-services').json()['services']
        except (requests.ConnectionError, KeyError, ValueError):
            return False
        # Up by a heartbeat (updated_at): the simulated hosts of a
        # process are registered together before they start.
        up = [s['binary'] for s in services
              if s['state'] == 'up' and s['updated_at']]
        # Extra schedulers must consume from the topic before a test
        # relies on them sharing the load.
        schedulers = self.schedulers if self.schedulers > 1 else 0
        return (up.count('nova-compute') >= self.simulated_hosts and
                up.count('nova-scheduler') >= schedulers)

    def check_alive(self):
        for binary, proc in list(self.processes.items()):
            if proc.poll() is not None:
                raise RuntimeError('%s exited with %s:\n%s' % (
                    binary, proc.returncode, self.logs()))

    def logs(self, tail=60):
        out = []
        for binary in list(self.processes):
            path = os.path.join(self.workdir, binary + '.log')
            if os.path.exists(path):
                with open(path, errors='replace') as f:
                    lines = f.readlines()[-tail:]
                out.append('==> %s <==\n%s' % (binary, ''.join(lines)))
        return '\n'.join(out)

    def kill(self, binary, sig=signal.SIGKILL):
        proc = self.processes.pop(binary)
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        except ProcessLookupError:
            pass

    def restart(self, binary):
        if binary in self.processes:
            self.kill(binary, signal.SIGTERM)
        self._spawn(binary)

    def dead_daemons(self, lines=20, tail_bytes=8192):
        """[(binary, exit code, last log lines)] of daemons that exited."""
        dead = []
        for binary, proc in list(self.processes.items()):
            if proc.poll() is None:
                continue
            path = os.path.join(self.workdir, binary + '.log')
            tail = ''
            if os.path.exists(path):
                with open(path, 'rb') as f:
                    f.seek(max(0, os.path.getsize(path) - tail_bytes))
                    tail = '\n'.join(f.read().decode(
                        errors='replace').splitlines()[-lines:])
            dead.append((binary, proc.returncode, tail))
        return dead

    def stacks(self, max_lines=300):
        """Every running daemon's thread stacks, which it writes to its
        log on SIGUSR1 (nova.reports.enable_stack_dumps) even when hung,
        with the log lines written just before."""
        sizes = {}
        procs = list(self.processes.items())  # a test may restart one
        for binary, proc in procs:
            path = os.path.join(self.workdir, binary + '.log')
            sizes[binary] = os.path.getsize(path) if os.path.exists(
                path) else 0
            # Not before it handles the signal (a daemon just restarted
            # would die of it, failing the tests after this one).
            if proc.poll() is None and _catches(proc.pid, signal.SIGUSR1):
                try:
                    os.kill(proc.pid, signal.SIGUSR1)
                except ProcessLookupError:
                    pass
        time.sleep(1)
        out = []
        for binary, proc in procs:
            path = os.path.join(self.workdir, binary + '.log')
            if proc.poll() is not None:
                out.append('==> %s exited with %s <==' % (
                    binary, proc.returncode))
            if not os.path.exists(path):
                continue
            with open(path, 'rb') as f:
                f.seek(max(0, sizes[binary] - 8192))
                before = f.read(sizes[binary] - f.tell()).decode(
                    errors='replace').splitlines()[-15:]
                dump = f.read().decode(errors='replace').splitlines()
            out.append('==> %s: last lines, then stacks <==\n%s' % (
                binary, '\n'.join(before + ['----'] + dump[:max_lines])))
        return '\n'.join(out)

    def stop(self, wait=None):
        """Stop the daemons, then drop the database and the vhost.

        Without wait, a cloud on the fake driver finishes stopping in the
        background (its daemons' graceful stops, the drops: seconds that
        a test has no use for) and the test process waits for it only at
        exit; a libvirt cloud, whose daemons touch host-wide things the
        next test may make again, is waited for. wait=True: when stop()
        returns the daemons are gone (a caller that cleans up the host
        after them)."""
        if self in RUNNING:
            RUNNING.remove(self)
        # Signal every daemon before waiting for any, so their shutdowns
        # overlap instead of adding up.
        for proc in list(self.processes.values()):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if wait is None:
            wait = 'libvirt' in str(self.options.get('compute_driver', ''))
        if wait:
            self._finish_stop()
        else:
            _STOPPING.append(_Background(self._finish_stop))

    def _finish_stop(self):
        for binary in list(self.processes):
            self.kill(binary, signal.SIGTERM)
        self.db.drop()
        if self.rabbit:
            self.rabbit.drop()


def _catches(pid, signum):
    """Whether process pid has a handler for signal signum."""
    try:
        with open('/proc/%d/status' % pid) as status:
            for line in status:
                if line.startswith('SigCgt:'):
                    return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    except OSError:
        pass
    return False


def _last_words(log_tail):
    """The lines of a dead daemon's log that say why: a fatal error's
    first line and the innermost frames of its crashing thread
    (faulthandler), else the last lines."""
    lines = [line.strip() for line in log_tail.splitlines() if
             line.strip() and not line.startswith('Extension modules')]
    fatal = [i for i, line in enumerate(lines)
             if line.startswith('Fatal Python error')]
    if fatal:
        first = fatal[-1]
        return lines[first:first + 1] + [
            line for line in lines[first + 1:] if
            line.startswith('File ')][:3]
    return lines[-3:]


class CloudDied(requests.ConnectionError):
    """A request failed because daemons of the cloud have exited."""


class Client:
    """requests against the Compute API as user:project (noauth2)."""

    def __init__(self, endpoint, token='admin:admin', version=None,
                 cloud=None):
        self.endpoint = endpoint
        self.cloud = cloud
        self.session = requests.Session()
        self.session.headers['X-Auth-Token'] = token
        self.session.headers['Accept'] = 'application/json'
        if version:
            self.session.headers['OpenStack-API-Version'] = \
                'compute %s' % version

    def as_user(self, token, version=None):
        return Client(self.endpoint, token, version, cloud=self.cloud)

    def request(self, method, path, **kw):
        url = path if path.startswith('http') else self.endpoint + path
        try:
            return self.session.request(method, url, timeout=60, **kw)
        except requests.ConnectionError as error:
            dead = self.cloud.dead_daemons(
                lines=5000, tail_bytes=262144) if self.cloud else []
            if not dead:
                raise
            # Said in the exception's first line, which a test summary
            # keeps, rather than only in the cloud's logs.
            raise CloudDied('; '.join(
                '%s exited with %s, last: %s' % (
                    binary, code, ' | '.join(_last_words(tail)))
                for binary, code, tail in dead)) from error

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, json=None, **kw):
        return self.request('POST', path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.request('PUT', path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    def wait_for_status(self, server_id, statuses, timeout=60,
                        interval=0.05):
        """Poll until the server's status is one of statuses."""
        statuses = [statuses] if isinstance(statuses, str) else statuses
        deadline = time.time() + timeout
        server = None
        while time.time() < deadline:
            resp = self.get('/servers/%s' % server_id)
            if resp.status_code == 404 and 'DELETED' in statuses:
                return None
            server = resp.json()['server']
            if server['status'] in statuses:
                return server
            time.sleep(interval)
        raise AssertionError('server %s stuck in %s, wanted %s' % (
            server_id, server and server['status'], statuses))

    def wait_for_deletion(self, server_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.get('/servers/%s' % server_id).status_code == 404:
                return
            time.sleep(0.05)
        raise AssertionError('server %s was not deleted' % server_id)


def cleanup_workdir(path):
    shutil.rmtree(path, ignore_errors=True)


def wait_for(predicate, timeout=120, interval=0.2, what='condition'):
    """predicate()'s first true value, polled until timeout."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError('timed out waiting for %s' % what)
