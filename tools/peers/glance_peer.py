"""A real Glance (v2 API) on 127.0.0.1: SQLite, a file store, gunicorn.

    python3 tools/peers/glance_peer.py --workdir DIR [--port N]
        [--keystone URL]

starts it in the foreground (Ctrl-C stops it); from Python::

    g = Glance(workdir).start()                      # no authentication
    g = Glance(workdir, keystone=ks).start()         # tokens from ks
    ...; g.stop()

Without Keystone every caller is an admin (Glance's unauthenticated
context). With a Keystone_peer.Keystone the user glance (project service)
checks tokens. Stdlib only, so any Python can import it.
"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


class Glance:
    """One glance-api process; url is its endpoint."""

    # One process: SQLite allows one writer, and two processes answered
    # "database is locked".
    def __init__(self, workdir, port=None, keystone=None, workers=1):
        self.workdir = os.path.abspath(workdir)
        self.port = port or common.free_port()
        self.keystone = keystone
        self.workers = workers
        self.url = 'http://127.0.0.1:%d' % self.port
        self.log = os.path.join(self.workdir, 'glance-api.log')
        self.proc = None

    def _path(self, *names):
        return os.path.join(self.workdir, *names)

    def _conf(self, venv):
        paste = self._path('glance-api-paste.ini')
        shutil.copy(os.path.join(venv, 'etc', 'glance',
                                 'glance-api-paste.ini'), paste)
        for store in ('images', 'staging', 'tasks'):
            os.makedirs(self._path(store), exist_ok=True)
        sections = {
            'DEFAULT': {
                'log_file': self.log, 'debug': 'false',
                'enabled_backends': 'file:file',
                'worker_self_reference_url': self.url,
                'image_size_cap': str(2 * 1024 ** 3),
                # copy-image needs a second store.
                'enabled_import_methods': '[glance-direct,web-download]',
            },
            'database': {'connection': 'sqlite:///%s' % self._path(
                'glance.db')},
            'glance_store': {'default_backend': 'file'},
            'file': {'filesystem_store_datadir': self._path('images')},
            'os_glance_staging_store': {
                'filesystem_store_datadir': self._path('staging')},
            'os_glance_tasks_store': {
                'filesystem_store_datadir': self._path('tasks')},
            'paste_deploy': {'config_file': paste,
                             'flavor': 'keystone' if self.keystone else ''},
            'oslo_concurrency': {'lock_path': self._path('locks')},
        }
        if self.keystone:
            self.keystone.ensure_service_user('glance')
            sections['keystone_authtoken'] = (
                self.keystone.authtoken_section('glance'))
        else:
            # Glance's default rules want roles an unauthenticated caller
            # lacks: allow every rule instead.
            sections['oslo_policy'] = {'policy_file': self._open_policy(venv)}
        conf = self._path('glance-api.conf')
        common.write_ini(conf, sections)
        return conf

    def _open_policy(self, venv):
        names = subprocess.run(
            [os.path.join(venv, 'bin', 'python'), '-c',
             'from glance import policies\n'
             'for rule in policies.list_rules(): print(rule.name)'],
            check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True).stdout.split()
        path = self._path('policy-open.yaml')
        with open(path, 'w') as f:
            f.writelines('"%s": "@"\n' % name for name in names)
        return path

    def start(self):
        os.makedirs(self.workdir, exist_ok=True)
        venv = common.install('glance')
        conf = self._conf(venv)
        if not os.path.exists(self._path('glance.db')):
            manage = [os.path.join(venv, 'bin', 'glance-manage'),
                      '--config-file', conf]
            common.run(manage + ['db_sync'], self._path('glance-setup.log'))
            # The metadata definitions Glance ships (the metadefs API).
            common.run(manage + ['db_load_metadefs', os.path.join(
                venv, 'etc', 'glance', 'metadefs')],
                self._path('glance-setup.log'))
        env = dict(os.environ, OS_GLANCE_CONFIG_DIR=self.workdir)
        self.proc = common.spawn(common.serve_command(
            venv, self.port, self.workers, 'glance.wsgi.api:application'),
            self.log, env=env)
        common.wait_for_port(self.port, self.proc, log=self.log)
        return self

    def stop(self):
        common.stop(self.proc)
        self.proc = None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workdir', required=True)
    parser.add_argument('--port', type=int, default=9292)
    parser.add_argument('--keystone', help='URL of a Keystone started by '
                        'keystone_peer.py (admin/password)')
    args = parser.parse_args()
    keystone = None
    if args.keystone:
        import keystone_peer
        keystone = keystone_peer.Keystone(
            os.path.join(args.workdir, 'keystone-client'),
            port=int(args.keystone.rsplit(':', 1)[1].split('/')[0]))
    glance = Glance(args.workdir, args.port, keystone).start()
    common.serve_until_interrupted(
        glance, 'glance at %s; log %s' % (glance.url, glance.log))


if __name__ == '__main__':
    main()
