"""A real Keystone on 127.0.0.1: SQLite, fernet tokens, gunicorn.

    python3 tools/peers/keystone_peer.py --workdir DIR [--port N]

starts it in the foreground (Ctrl-C stops it); from Python::

    ks = Keystone(workdir); ks.start(); ...; ks.stop()

The bootstrap user is admin/password in project admin (roles admin,
member, reader), region RegionOne. Stdlib only, so any Python can import it.
"""

import argparse
import datetime
import fcntl
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ADMIN_PASSWORD = 'password'
REGION = 'RegionOne'
# The identity endpoints' URL in the bootstrapped template.
PLACEHOLDER_URL = 'http://127.0.0.1:5000'


def _timestamp(iso):
    """Seconds since the epoch of a Keystone time (2026-01-01T00:00:00Z,
    optionally with microseconds)."""
    when = datetime.datetime.strptime(iso.rstrip('Z').split('.')[0],
                                      '%Y-%m-%dT%H:%M:%S')
    return when.replace(tzinfo=datetime.timezone.utc).timestamp()


class Keystone:
    """One Keystone process and the helpers to fill its catalog."""

    # One process, one thread: SQLite allows one writer, and concurrent
    # writers (processes or threads) answered "database is locked".
    def __init__(self, workdir, port=None, workers=1, threads=1,
                 options=None):
        self.workdir = os.path.abspath(workdir)
        # {section: {option: value}} added to keystone.conf (for example
        # {'token': {'expiration': 20}}: short-lived tokens).
        self.options = options or {}
        self.port = port or common.free_port()
        self.workers = workers
        self.threads = threads
        self.url = 'http://127.0.0.1:%d' % self.port
        self.log = os.path.join(self.workdir, 'keystone.log')
        self.proc = None
        self._token = None
        self._token_expires = 0

    def _conf(self, workdir, log, options=None):
        conf = os.path.join(workdir, 'keystone.conf')
        sections = {
            'DEFAULT': {'log_file': log, 'debug': 'false'},
            # Wait for SQLite's write lock instead of failing at once.
            'database': {'connection': 'sqlite:///%s?timeout=60'
                         % os.path.join(workdir, 'keystone.db')},
            'token': {'provider': 'fernet'},
            # Test passwords: cheap hashes keep user creation and
            # password logins (Tempest makes many) fast.
            'identity': {'password_hash_algorithm': 'pbkdf2_sha512',
                         'password_hash_rounds': 1000},
            'fernet_tokens': {'key_repository': os.path.join(
                workdir, 'fernet-keys')},
            'credential': {'key_repository': os.path.join(
                workdir, 'credential-keys')},
        }
        for section, values in (options or {}).items():
            sections.setdefault(section, {}).update(values)
        common.write_ini(conf, sections)
        return conf

    def _template(self, venv):
        """A bootstrapped database and keys, made once per installation.

        keystone-manage takes minutes on a busy machine; each start copies
        this and points the identity endpoints at its own port.
        """
        template = os.path.join(venv, 'nova-bootstrapped')
        if os.path.exists(template):
            return template
        with open(template + '.lock', 'w') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if os.path.exists(template):
                return template
            building = tempfile.mkdtemp(dir=venv, prefix='.bootstrapping-')
            setup_log = os.path.join(building, 'keystone-setup.log')
            manage = [os.path.join(venv, 'bin', 'keystone-manage'),
                      '--config-file', self._conf(building, setup_log)]
            user = ['--keystone-user', str(os.getuid()),
                    '--keystone-group', str(os.getgid())]
            v3 = PLACEHOLDER_URL + '/v3'
            common.run(manage + ['db_sync'], setup_log)
            common.run(manage + ['fernet_setup'] + user, setup_log)
            common.run(manage + ['credential_setup'] + user, setup_log)
            common.run(manage + [
                'bootstrap', '--bootstrap-password', ADMIN_PASSWORD,
                '--bootstrap-admin-url', v3,
                '--bootstrap-internal-url', v3,
                '--bootstrap-public-url', v3,
                '--bootstrap-region-id', REGION], setup_log)
            os.rename(building, template)
        return template

    def start(self):
        os.makedirs(self.workdir, exist_ok=True)
        venv = common.install('keystone')
        conf = self._conf(self.workdir, self.log, self.options)
        if not os.path.exists(os.path.join(self.workdir, 'keystone.db')):
            template = self._template(venv)
            for name in ('fernet-keys', 'credential-keys'):
                shutil.copytree(os.path.join(template, name),
                                os.path.join(self.workdir, name))
            shutil.copy(os.path.join(template, 'keystone.db'),
                        self.workdir)
            # Readers never wait for the writer in write-ahead-log mode.
            with sqlite3.connect(os.path.join(self.workdir,
                                              'keystone.db')) as db:
                db.execute('PRAGMA journal_mode=WAL')
        env = dict(os.environ, OS_KEYSTONE_CONFIG_FILES=conf)
        self.proc = common.spawn(common.serve_command(
            venv, self.port, self.workers, 'keystone.wsgi.api:application',
            self.threads),
            self.log, env=env)
        common.wait_for_port(self.port, self.proc, log=self.log)
        self._own_endpoints()
        return self

    def _own_endpoints(self):
        """Point the identity endpoints of the catalog at this port."""
        _, body = self.request('GET', '/v3/services?type=identity')
        for service in body['services']:
            _, body = self.request('GET', '/v3/endpoints?service_id=%s'
                                   % service['id'])
            for endpoint in body['endpoints']:
                if endpoint['url'] != self.url + '/v3':
                    self.request('PATCH', '/v3/endpoints/%s'
                                 % endpoint['id'], {'endpoint': {
                                     'url': self.url + '/v3'}})

    def stop(self):
        common.stop(self.proc)
        self.proc = None

    # The REST helpers below fill the catalog (admin scope).

    def request(self, method, path, body=None, token=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     method=method)
        req.add_header('Content-Type', 'application/json')
        if token is not False:
            req.add_header('X-Auth-Token', token or self.admin_token())
        with urllib.request.urlopen(req, timeout=60) as resp:
            text = resp.read()
            return resp.headers, json.loads(text) if text else None

    def admin_token(self, fresh=False):
        """The bootstrap administrator's token, renewed when it has less
        than 5 seconds left (tests may shorten [token] expiration)."""
        if (self._token is None or fresh or
                time.time() > self._token_expires - 5):
            user = {'name': 'admin', 'domain': {'id': 'default'},
                    'password': ADMIN_PASSWORD}
            scope = {'project': {'name': 'admin',
                                 'domain': {'id': 'default'}}}
            auth = {'identity': {'methods': ['password'],
                                 'password': {'user': user}},
                    'scope': scope}
            headers, body = self.request('POST', '/v3/auth/tokens',
                                         {'auth': auth}, token=False)
            self._token = headers['X-Subject-Token']
            self._token_expires = _timestamp(body['token']['expires_at'])
        return self._token

    def _find(self, collection, name, query=''):
        _, body = self.request('GET', '/v3/%s?name=%s%s'
                               % (collection, name, query))
        items = body[collection]
        return items[0] if items else None

    def ensure_project(self, name):
        found = self._find('projects', name)
        if found:
            return found
        return self.request('POST', '/v3/projects', {'project': {
            'name': name, 'domain_id': 'default'}})[1]['project']

    def ensure_service_user(self, name, password=ADMIN_PASSWORD):
        """User name in project service with the admin and service roles."""
        project = self.ensure_project('service')
        user = self._find('users', name)
        if not user:
            user = self.request('POST', '/v3/users', {'user': {
                'name': name, 'password': password, 'domain_id': 'default',
                'default_project_id': project['id']}})[1]['user']
        # admin for the legacy rules, service for the service-only ones
        # (such as the Compute API's external events).
        for name in ('admin', 'service'):
            role = self._find('roles', name)
            if role:
                self.request('PUT', '/v3/projects/%s/users/%s/roles/%s'
                             % (project['id'], user['id'], role['id']))
        return user

    def ensure_user(self, name, project_name, roles,
                    password=ADMIN_PASSWORD):
        """User name with roles (names) on project project_name."""
        project = self.ensure_project(project_name)
        user = self._find('users', name)
        if not user:
            user = self.request('POST', '/v3/users', {'user': {
                'name': name, 'password': password, 'domain_id': 'default',
                'default_project_id': project['id']}})[1]['user']
        for role_name in roles:
            role = self._find('roles', role_name)
            self.request('PUT', '/v3/projects/%s/users/%s/roles/%s'
                         % (project['id'], user['id'], role['id']))
        return user

    def project_token(self, user, project, password=ADMIN_PASSWORD):
        """A token of user (name) scoped to project (name), by password."""
        identity = {'methods': ['password'], 'password': {
            'user': {'name': user, 'domain': {'id': 'default'},
                     'password': password}}}
        scope = {'project': {'name': project, 'domain': {'id': 'default'}}}
        auth = {'identity': identity, 'scope': scope}
        headers, _ = self.request('POST', '/v3/auth/tokens',
                                  {'auth': auth}, token=False)
        return headers['X-Subject-Token']

    def register(self, service_type, name, url):
        """A service with public, internal and admin endpoints at url."""
        _, body = self.request('GET', '/v3/services?type=%s' % service_type)
        for old in body['services']:
            self.request('DELETE', '/v3/services/%s' % old['id'])
        service = self.request('POST', '/v3/services', {'service': {
            'type': service_type, 'name': name, 'enabled': True}})[1]
        for interface in ('public', 'internal', 'admin'):
            self.request('POST', '/v3/endpoints', {'endpoint': {
                'service_id': service['service']['id'],
                'interface': interface, 'url': url, 'region_id': REGION}})

    def authtoken_section(self, user, password=ADMIN_PASSWORD):
        """The [keystone_authtoken] options of a service checking tokens."""
        return {
            'www_authenticate_uri': self.url,
            'auth_url': self.url,
            'auth_type': 'password',
            'username': user,
            'password': password,
            'project_name': 'service',
            'user_domain_id': 'default',
            'project_domain_id': 'default',
            'region_name': REGION,
            'service_token_roles_required': 'true',
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workdir', required=True)
    parser.add_argument('--port', type=int, default=5000)
    args = parser.parse_args()
    ks = Keystone(args.workdir, args.port).start()
    common.serve_until_interrupted(
        ks, 'keystone at %s/v3 (admin/%s); log %s'
        % (ks.url, ADMIN_PASSWORD, ks.log))


if __name__ == '__main__':
    main()
