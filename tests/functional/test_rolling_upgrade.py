"""A rolling upgrade in progress, over RabbitMQ and MariaDB: one compute
still runs the code before (tests/functional/old_compute.py: Instance
1.0, compute RPC up to 1.9) beside a new one, and every process is
pinned with [upgrade_levels] compute = 1.9. The server lifecycle runs
through the old compute, which gets the newer Instance backported by the
conductor; what needs a newer compute fails with a clear 409. Then the
online data migration of request specs, with nova-status before/after.
"""

import os
import subprocess
import sys
import time

import pytest
import sqlalchemy

from nova.objects import instance as instance_obj
from tests.functional import cloud as cloud_lib
from tests.functional import old_compute

BIN = os.path.dirname(sys.executable)
OLD = 'nova-compute-old'


class MixedCloud(cloud_lib.Cloud):
    """A split cloud with one more nova-compute running the old code."""

    def _spawn(self, name):
        if name != OLD:
            return super()._spawn(name)
        extra = os.path.join(self.workdir, OLD + '.conf')
        with open(extra, 'w') as conf:
            conf.write('[DEFAULT]\nhost = %s\n' % self.old_host)
        log = open(os.path.join(self.workdir, OLD + '.log'), 'ab')
        proc = subprocess.Popen(
            [sys.executable, '-m', 'tests.functional.old_compute',
             '--config-file', self.config_file, '--config-file', extra],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=cloud_lib.dies_with_test_process(),
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                os.path.abspath(__file__)))))
        self.processes[name] = proc
        return proc

    @property
    def old_host(self):
        return self.host + '-old'

    def old_log(self):
        with open(os.path.join(self.workdir, OLD + '.log'),
                  errors='replace') as log:
            return log.read()


@pytest.fixture(scope='module')
def mixed(tmp_path_factory):
    running = MixedCloud(tmp_path_factory.mktemp('upgrade'),
                         database='mysql', split=True,
                         options={'upgrade_levels.compute':
                                  old_compute.OLD_COMPUTE_RPC})
    try:
        running.start()
        running._spawn(OLD)
        deadline = time.time() + 90
        while True:
            running.check_alive()
            services = running.api.get(
                '/os-services?binary=nova-compute').json()['services']
            if sorted(s['host'] for s in services if s['state'] == 'up') \
                    == sorted([running.host, running.old_host]):
                break
            assert time.time() < deadline, running.logs()
            time.sleep(0.3)
        yield running
    finally:
        running.stop()


def _boot(api, name, host=None):
    image = api.get('/images').json()['images'][0]['id']
    server = {'name': name, 'imageRef': image, 'flavorRef': '1'}
    if host:
        server['availability_zone'] = 'nova:%s' % host
    resp = api.post('/servers', json={'server': server})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _action(api, server_id, body, status=202):
    resp = api.post('/servers/%s/action' % server_id, json=body)
    assert resp.status_code == status, resp.text
    return resp


def _host(api, server_id):
    return api.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _backports(mixed):
    return [line for line in mixed.old_log().splitlines()
            if old_compute.BACKPORT_MARK in line]


def test_lifecycle_through_the_old_compute(mixed):
    api = mixed.api
    server_id = _boot(api, 'through-old', mixed.old_host)
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', (server, mixed.logs())
    assert server['OS-EXT-SRV-ATTR:host'] == mixed.old_host
    # The old compute got this code's Instance from the API and the
    # conductor and had the conductor backport it to the 1.0 it knows.
    assert any('Instance %s -> 1.0' % instance_obj.Instance.VERSION in line
               for line in _backports(mixed)), mixed.old_log()[-3000:]

    _action(api, server_id, {'reboot': {'type': 'SOFT'}})
    api.wait_for_status(server_id, 'ACTIVE')
    _action(api, server_id, {'os-stop': None})
    api.wait_for_status(server_id, 'SHUTOFF')
    _action(api, server_id, {'os-start': None})
    api.wait_for_status(server_id, 'ACTIVE')
    # 1.9 is within the pin: the old compute has it.
    trigger = api.as_user(mixed.api_token, version='2.17')
    _action(trigger, server_id, {'trigger_crash_dump': None})

    # 1.10 (API 2.48 diagnostics) is above the pin: refused with a 409
    # that names the pin, and the server is untouched.
    new_diag = api.as_user(mixed.api_token, version='2.48').get(
        '/servers/%s/diagnostics' % server_id)
    assert new_diag.status_code == 409, new_diag.text
    (fault,) = new_diag.json().values()
    assert fault['code'] == 409
    message = fault['message']
    assert '[upgrade_levels] compute' in message and '1.9' in message
    old_diag = api.get('/servers/%s/diagnostics' % server_id)
    assert old_diag.status_code == 200, old_diag.text

    # Resize away from the old compute and cold-migrate back onto it:
    # compute-to-compute RPC in both directions under the pin.
    _action(api, server_id, {'resize': {'flavorRef': '2'}})
    api.wait_for_status(server_id, 'VERIFY_RESIZE', timeout=90)
    assert _host(api, server_id) == mixed.host
    _action(api, server_id, {'confirmResize': None}, status=204)
    api.wait_for_status(server_id, 'ACTIVE')
    _action(api, server_id, {'migrate': None})
    api.wait_for_status(server_id, 'VERIFY_RESIZE', timeout=90)
    assert _host(api, server_id) == mixed.old_host
    _action(api, server_id, {'confirmResize': None}, status=204)
    api.wait_for_status(server_id, 'ACTIVE')

    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_deletion(server_id, timeout=60)
    mixed.check_alive()


def _manage(mixed, *args):
    return subprocess.run(
        [os.path.join(BIN, 'nova-manage'), '--config-file',
         mixed.config_file, 'db'] + list(args),
        capture_output=True, text=True, timeout=120)


def _status(mixed):
    return subprocess.run(
        [os.path.join(BIN, 'nova-status'), '--config-file',
         mixed.config_file, 'upgrade', 'check'],
        capture_output=True, text=True, timeout=120)


def test_online_data_migrations_fill_request_specs(mixed):
    api = mixed.api
    ids = [_boot(api, 'old-spec-%d' % i, mixed.host) for i in range(3)]
    for server_id in ids:
        assert api.wait_for_status(server_id, 'ACTIVE')
    engine = sqlalchemy.create_engine(mixed.db.url)
    # As the code before 0012 left them: no request spec.
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(
            'DELETE FROM request_specs WHERE instance_uuid IN :ids'
        ).bindparams(sqlalchemy.bindparam('ids', expanding=True)),
            {'ids': ids})
    status = _status(mixed)
    assert status.returncode == 2, status.stdout
    assert '3 servers made by older code have no request spec' in \
        status.stdout

    first = _manage(mixed, 'online_data_migrations', '--max-count', '2')
    assert first.returncode == 1, first.stdout + first.stderr
    assert '2 rows matched query add_missing_request_specs, 2 migrated' \
        in first.stdout
    rest = _manage(mixed, 'online_data_migrations')
    assert rest.returncode == 0, rest.stdout + rest.stderr
    assert '1 rows matched query add_missing_request_specs, 1 migrated' \
        in rest.stdout
    assert _manage(mixed, 'online_data_migrations').returncode == 0
    assert _manage(mixed, 'online_data_migrations', '--max-count',
                   '0').returncode == 127

    with engine.connect() as conn:
        found = conn.execute(sqlalchemy.text(
            'SELECT instance_uuid FROM request_specs WHERE instance_uuid '
            'IN :ids').bindparams(sqlalchemy.bindparam(
                'ids', expanding=True)), {'ids': ids}).scalars().all()
    assert sorted(found) == sorted(ids)
    engine.dispose()
    status = _status(mixed)
    assert status.returncode == 0, status.stdout
    # The migrated specs carry a move: the conductor reads them.
    _action(api, ids[0], {'migrate': None})
    api.wait_for_status(ids[0], 'VERIFY_RESIZE', timeout=90)
    _action(api, ids[0], {'confirmResize': None}, status=204)
    api.wait_for_status(ids[0], 'ACTIVE')
    for server_id in ids:
        api.delete('/servers/%s' % server_id)
    for server_id in ids:
        api.wait_for_deletion(server_id)


AUTO = {'upgrade_levels.%s' % topic: 'auto'
        for topic in ('compute', 'conductor', 'scheduler', 'volume')}


def test_auto_pins_read_the_services_table(tmp_path_factory):
    """Every pin at auto: each process reads the oldest service version
    of the services it sends to (nova-compute through the conductor, as
    it has no database) and caps its clients to what that version
    understands; the lifecycle runs as without pins."""
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('auto'),
                              database='mysql', split=True, options=AUTO,
                              simulated_hosts=2)
    try:
        running.start()
        api = running.api
        server_id = _boot(api, 'auto-pinned')
        server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
        assert server['status'] == 'ACTIVE', (server, running.logs())
        _action(api, server_id, {'resize': {'flavorRef': '2'}})
        api.wait_for_status(server_id, 'VERIFY_RESIZE', timeout=90)
        _action(api, server_id, {'confirmResize': None}, status=204)
        api.wait_for_status(server_id, 'ACTIVE')
        assert api.delete('/servers/%s' % server_id).status_code == 204
        api.wait_for_deletion(server_id)
        running.check_alive()
        logs = {name: open(os.path.join(running.workdir, name + '.log'),
                           errors='replace').read()
                for name in ('nova-api', 'nova-conductor', 'nova-compute')}
        # The only service version there is: caps are this code's own.
        assert 'RPC version cap of compute is 1.15 (oldest nova-compute: ' \
            'service version 6)' in logs['nova-api']
        assert 'RPC version cap of conductor is 1.8' in logs['nova-api']
        assert 'RPC version cap of scheduler is 1.0' in \
            logs['nova-conductor']
        assert 'RPC version cap of compute is 1.15' in \
            logs['nova-conductor']
        # Resize sends compute to compute: nova-compute's own auto cap.
        assert 'RPC version cap of compute is 1.15' in logs['nova-compute']
    finally:
        running.stop()
