"""The all-in-one behind a real Keystone (tools/all-in-one.sh --keystone).

    python tools/all_in_one_keystone.py STATE_PATH [nova-all arguments]

Starts Keystone (tools/peers/keystone_peer.py: SQLite, fernet tokens) on
port 5000 with its data under STATE_PATH/keystone, makes the nova service
user and a demo user (member of project demo), writes
STATE_PATH/nova-keystone.conf (keystonemiddleware, the service user,
EC2 signatures through /v3/ec2tokens), registers the built-in services in
the catalog (nova-manage keystone register-endpoints), writes
STATE_PATH/clouds.yaml (clouds "aio-admin" and "aio-demo"), prints it,
and runs nova-all until it exits or is interrupted; Keystone stops with
it.
"""

import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, 'peers'))
import keystone_peer  # noqa: E402

BIN = os.path.dirname(sys.executable)
PASSWORD = keystone_peer.ADMIN_PASSWORD
HOST = '127.0.0.1'


def _ini(path, sections):
    with open(path, 'w') as f:
        for section, values in sections.items():
            f.write('[%s]\n' % section)
            for key, value in values.items():
                f.write('%s = %s\n' % (key, value))
            f.write('\n')
    os.chmod(path, 0o600)


def _clouds(keystone):
    def cloud(user, project):
        return ('  %s:\n    auth:\n      auth_url: %s/v3\n'
                '      username: %s\n      password: %s\n'
                '      project_name: %s\n      user_domain_name: Default\n'
                '      project_domain_name: Default\n'
                '    region_name: %s\n    identity_api_version: 3\n'
                % ('aio-' + user, keystone.url, user, PASSWORD, project,
                   keystone_peer.REGION))
    return 'clouds:\n' + cloud('admin', 'admin') + cloud('demo', 'demo')


def _wait_for_port(port, proc, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit('nova-all exited with %s' % proc.returncode)
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit('nova-all does not listen on %d' % port)


def main():
    state, extra = sys.argv[1], sys.argv[2:]
    keystone = keystone_peer.Keystone(os.path.join(state, 'keystone'),
                                      port=5000).start()
    nova = None
    try:
        keystone.ensure_service_user('nova')
        keystone.ensure_user('demo', 'demo', ['member'])
        section = keystone.authtoken_section('nova')
        service_user = {k: v for k, v in section.items()
                        if k not in ('www_authenticate_uri',
                                     'service_token_roles_required')}
        service_user['send_service_user_token'] = 'true'
        conf = os.path.join(state, 'nova-keystone.conf')
        _ini(conf, {
            'api': {'auth_strategy': 'keystone'},
            'keystone_authtoken': section,
            'service_user': service_user,
            'ec2': {'keystone_ec2tokens_url': keystone.url + '/v3/ec2tokens'},
        })
        args = ['--config-file', conf] + extra
        nova = subprocess.Popen([os.path.join(BIN, 'nova-all'),
                                 '--state_path', state] + args)
        env = dict(os.environ, OS_AUTH_URL=keystone.url + '/v3',
                   OS_USERNAME='admin', OS_PASSWORD=PASSWORD,
                   OS_PROJECT_NAME='admin', OS_USER_DOMAIN_NAME='Default',
                   OS_PROJECT_DOMAIN_NAME='Default')
        subprocess.run([os.path.join(BIN, 'nova-manage')] + args +
                       ['keystone', 'register-endpoints', '--host', HOST],
                       env=env, check=True)
        clouds = os.path.join(state, 'clouds.yaml')
        with open(clouds, 'w') as f:
            f.write(_clouds(keystone))
        os.chmod(clouds, 0o600)
        _wait_for_port(8774, nova)
        print('\nKeystone at %s/v3; %s:\n\n%s\nexport OS_CLIENT_CONFIG_FILE=%s'
              ' OS_CLOUD=aio-demo   # then: openstack server list\n'
              % (keystone.url, clouds, _clouds(keystone), clouds),
              flush=True)
        signal.signal(signal.SIGTERM, lambda *a: nova.terminate())
        try:
            return nova.wait()
        except KeyboardInterrupt:
            nova.terminate()
            return nova.wait()
    finally:
        if nova is not None and nova.poll() is None:
            nova.terminate()
            nova.wait()
        keystone.stop()


if __name__ == '__main__':
    sys.exit(main())
