"""A real neutron-server on 127.0.0.1: ML2, no agents, MariaDB, gunicorn.

    python3 tools/peers/neutron_peer.py --workdir DIR [--port N]
        [--nova-url http://127.0.0.1:8774/v2.1 [--nova-token user:project]]

starts it in the foreground (Ctrl-C stops it); from Python::

    neutron = Neutron(workdir, nova_url=..., nova_token=...)
    neutron.start(); ...; neutron.stop()

The API answers without authentication (auth_strategy noauth: every
caller acts as an administrator of project fake_project_id). ML2 with the
flat, vlan and local type drivers (project networks are local) and no L2
agent. The mechanism driver is `agentless` (neutron_agentless/ here): it
binds ports (binding:vif_type bridge) and marks them ACTIVE, the part an
agent would play, except on networks named unbindable-*;
mechanism_drivers='' leaves every binding binding_failed and every port
DOWN. With nova_url (a Compute endpoint) and nova_token (a token it
accepts) neutron-server sends Nova its network-vif-plugged,
network-changed and network-vif-deleted events. No service plugins (no
routers, floating IPs or trunks).

Each start makes a database of its own on the MariaDB at NOVA_PEER_MYSQL
(else NOVA_TEST_MYSQL, else mysql+pymysql://root@127.0.0.1:3306) and stop
drops it. The first start of an installation runs `neutron-db-manage
upgrade heads` and keeps a mysqldump of the result in the environment;
later starts load that instead. Stdlib only, so any Python can import it.
"""

import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

AGENTLESS = os.path.join(common.HERE, 'neutron_agentless')
MYSQL_URL = os.environ.get('NOVA_PEER_MYSQL', os.environ.get(
    'NOVA_TEST_MYSQL', 'mysql+pymysql://root@127.0.0.1:3306'))


class Neutron:
    """One neutron-server (API only) and the database it owns."""

    def __init__(self, workdir, port=None, workers=1, options=None,
                 mechanism_drivers='agentless', nova_url=None,
                 nova_token=None):
        self.workdir = os.path.abspath(workdir)
        # {section: {option: value}} added to neutron.conf.
        self.options = options or {}
        self.mechanism_drivers = mechanism_drivers
        self.nova_url = nova_url
        self.nova_token = nova_token
        self.port = port or common.free_port()
        self.workers = workers
        self.url = 'http://127.0.0.1:%d' % self.port
        self.log = os.path.join(self.workdir, 'neutron.log')
        self.database = 'neutron_peer_%s' % uuid.uuid4().hex[:12]
        self.venv = None
        self.proc = None
        self.conf = None
        self._upgraded = False

    def _conf(self):
        conf = os.path.join(self.workdir, 'neutron.conf')
        sections = {
            'DEFAULT': {
                'log_file': self.log, 'debug': 'false',
                'core_plugin': 'ml2', 'service_plugins': '',
                'auth_strategy': 'noauth',
                # No message bus: the casts to (absent) agents go nowhere.
                'transport_url': 'fake:/',
                'notify_nova_on_port_status_changes': str(
                    bool(self.nova_url)).lower(),
                'notify_nova_on_port_data_changes': str(
                    bool(self.nova_url)).lower(),
                # Events go out in batches this often (seconds).
                'send_events_interval': 1,
                'state_path': self.workdir,
                'api_paste_config': os.path.join(
                    self.venv, 'etc', 'neutron', 'api-paste.ini'),
            },
            'database': {'connection': '%s/%s?charset=utf8mb4'
                         % (MYSQL_URL, self.database)},
            'oslo_concurrency': {'lock_path': os.path.join(self.workdir,
                                                           'lock')},
            'ml2': {'type_drivers': 'flat,vlan,local',
                    'project_network_types': 'local',
                    'mechanism_drivers': self.mechanism_drivers,
                    'extension_drivers': 'port_security'},
            'ml2_type_flat': {'flat_networks': '*'},
            'ml2_type_vlan': {'network_vlan_ranges': 'physnet1:100:199'},
        }
        if self.nova_url:
            # A token and the endpoint itself: no Keystone needed.
            sections['nova'] = {'auth_type': 'admin_token',
                                'endpoint': self.nova_url,
                                'token': self.nova_token}
        for section, values in self.options.items():
            sections.setdefault(section, {}).update(values)
        common.write_ini(conf, sections)
        return conf

    def _sql(self, statement):
        """Run statement on the MariaDB server with the peer's PyMySQL."""
        script = ('import sqlalchemy, sys\n'
                  'engine = sqlalchemy.create_engine(sys.argv[1], '
                  'isolation_level="AUTOCOMMIT")\n'
                  'with engine.connect() as conn:\n'
                  '    conn.execute(sqlalchemy.text(sys.argv[2]))\n')
        common.run([os.path.join(self.venv, 'bin', 'python'), '-c', script,
                    MYSQL_URL, statement], self.log)

    def _mysql_command(self, binary):
        """The MariaDB client binary's command line for MYSQL_URL."""
        url = urllib.parse.urlsplit(MYSQL_URL.replace('mysql+pymysql',
                                                      'mysql'))
        cmd = [binary, '--protocol=TCP', '-h', url.hostname or '127.0.0.1',
               '-P', str(url.port or 3306), '-u', url.username or 'root']
        if url.password:
            cmd.append('--password=%s' % url.password)
        return cmd

    def _upgrade(self, conf, log):
        common.run([os.path.join(self.venv, 'bin', 'neutron-db-manage'),
                    '--config-file', conf, 'upgrade', 'heads'], log)

    def _template(self):
        """A dump of an upgraded database, made once per installation
        (the upgrade takes most of a minute); None without the MariaDB
        client programs."""
        dump = os.path.join(self.venv, 'nova-neutron-schema.sql')
        if os.path.exists(dump):
            return dump
        if not (shutil.which('mysqldump') and shutil.which('mysql')):
            return None
        with open(dump + '.lock', 'w') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if os.path.exists(dump):
                return dump
            self._upgrade(self.conf, self.log)
            self._upgraded = True
            with open(dump + '.tmp', 'w') as out:
                subprocess.run(self._mysql_command('mysqldump') + [
                    '--single-transaction', self.database], stdout=out,
                    check=True)
            os.rename(dump + '.tmp', dump)
        return dump

    def _load(self, dump):
        with open(dump) as source, open(self.log, 'a') as out:
            subprocess.run(self._mysql_command('mysql') + [self.database],
                           stdin=source, stdout=out,
                           stderr=subprocess.STDOUT, check=True)

    def _wait_ready(self, timeout=120):
        """Wait until the API answers (gunicorn listens before its worker
        has loaded the application)."""
        common.wait_for_port(self.port, self.proc, timeout=timeout,
                             log=self.log)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.request('GET', '/extensions')[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('neutron-server is not answering%s'
                                   % common._tail(self.log))
            time.sleep(0.3)

    def start(self):
        os.makedirs(self.workdir, exist_ok=True)
        self.venv = common.install('neutron')
        self.conf = self._conf()
        self._sql('CREATE DATABASE %s CHARACTER SET utf8mb4' % self.database)
        try:
            dump = self._template()
            if dump is None:
                self._upgrade(self.conf, self.log)
            elif not self._upgraded:
                self._load(dump)
            env = dict(os.environ, OS_NEUTRON_CONFIG_DIR=self.workdir,
                       OS_NEUTRON_CONFIG_FILES='neutron.conf',
                       PYTHONPATH=AGENTLESS)
            self.proc = common.spawn(common.serve_command(
                self.venv, self.port, self.workers,
                'neutron.wsgi.api:application'), self.log, env=env)
            self._wait_ready()
        except Exception:
            self.stop()
            raise
        return self

    def stop(self):
        common.stop(self.proc)
        self.proc = None
        if self.venv:
            self._sql('DROP DATABASE IF EXISTS %s' % self.database)

    def request(self, method, path, body=None, headers=None):
        """(status, JSON body) of a request to /v2.0 + path (as the
        administrator unless headers say otherwise)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + '/v2.0' + path, data=data,
                                     method=method)
        req.add_header('Content-Type', 'application/json')
        req.add_header('Accept', 'application/json')
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                text = resp.read()
                return resp.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text.decode(errors='replace')

    def tail(self, lines=40):
        with open(self.log, errors='replace') as f:
            return ''.join(f.readlines()[-lines:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workdir', required=True)
    parser.add_argument('--port', type=int, default=9696)
    parser.add_argument('--nova-url', help='Compute endpoint to send '
                        'events to (http://HOST:PORT/v2.1)')
    parser.add_argument('--nova-token', default='admin:admin',
                        help='token Nova accepts (noauth2: user:project)')
    args = parser.parse_args()
    neutron = Neutron(args.workdir, args.port, nova_url=args.nova_url,
                      nova_token=args.nova_token).start()
    common.serve_until_interrupted(
        neutron, 'neutron-server at %s/v2.0 (noauth); log %s'
        % (neutron.url, neutron.log))


if __name__ == '__main__':
    main()
