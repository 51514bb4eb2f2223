"""Nothing stays in a task forever, on split daemons over RabbitMQ.

The nova-compute process is killed (SIGKILL) mid-build and mid-resize:
restarted, it ends the task in ERROR (releasing the resize's claim on
the destination); left down, the conductor's deadline sweeper does. A
guest that powers itself off or vanishes (the fake hypervisor's
external event hook) shows up after the power state sync.
"""

import time

import pytest

from nova.virt import fake_external
from tests.functional import cloud as cloud_lib

ADMIN_FIELDS = ('OS-EXT-STS:vm_state', 'OS-EXT-STS:task_state',
                'OS-EXT-STS:power_state')


def _start(tmp_path_factory, name, database, options, simulated_hosts=1):
    running = cloud_lib.Cloud(tmp_path_factory.mktemp(name),
                              database=database, split=True,
                              options=options,
                              simulated_hosts=simulated_hosts)
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    return running


@pytest.fixture(scope='module')
def restarting(tmp_path_factory):
    """Two hosts in one nova-compute process; builds and migrations take
    long enough to be killed; the power state sync runs every second."""
    running = _start(tmp_path_factory, 'recovery', 'postgresql', {
        'fake_driver.spawn_seconds': 8,
        'fake_driver.migrate_seconds': 8,
        'sync_power_state_interval': 1,
    }, simulated_hosts=2)
    yield running
    running.stop()


@pytest.fixture(scope='module')
def abandoned(tmp_path_factory):
    """Builds may last 3 s; the sweeper looks every second."""
    running = _start(tmp_path_factory, 'deadlines', 'mysql', {
        'fake_driver.spawn_seconds': 60,
        'deadlines.instance_build_timeout': 3,
        'deadlines.check_interval': 1,
    })
    yield running
    running.stop()


def _create(api, name):
    image = api.get('/images').json()['images'][0]['id']
    resp = api.post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _wait_for_task(api, server_id, task_state, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = api.get('/servers/%s' % server_id).json()['server']
        if server['OS-EXT-STS:task_state'] == task_state:
            return server
        time.sleep(0.05)
    raise AssertionError('server %s never reached task_state %s: %s' % (
        server_id, task_state, server))


def test_a_build_killed_with_its_compute_ends_in_error(restarting):
    api = restarting.api
    server_id = _create(api, 'killed-mid-build')
    host = _wait_for_task(api, server_id, 'spawning')[
        'OS-EXT-SRV-ATTR:host']
    restarting.kill('nova-compute')
    restarting.restart('nova-compute')
    server = api.wait_for_status(server_id, 'ERROR', timeout=90)
    assert server['OS-EXT-STS:task_state'] is None
    assert ('the compute service on %s restarted during the build '
            '(last step: spawning)' % host) in server['fault']['message']


def _memory_used(api):
    return {h['hypervisor_hostname']: h['memory_mb_used'] for h in api.get(
        '/os-hypervisors/detail').json()['hypervisors']}


def _wait_for_memory_used(api, expected, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        used = _memory_used(api)
        if used == expected:
            return
        time.sleep(0.2)
    raise AssertionError('memory used %s, wanted %s' % (used, expected))


def test_a_resize_killed_with_its_compute_ends_in_error(restarting):
    api = restarting.api
    server_id = _create(api, 'killed-mid-resize')
    api.wait_for_status(server_id, 'ACTIVE', timeout=90)
    before = _memory_used(api)
    resp = api.post('/servers/%s/action' % server_id,
                    json={'resize': {'flavorRef': '2'}})
    assert resp.status_code == 202, resp.text
    _wait_for_task(api, server_id, 'resize_migrating')
    restarting.kill('nova-compute')
    restarting.restart('nova-compute')
    server = api.wait_for_status(server_id, 'ERROR', timeout=90)
    assert server['OS-EXT-STS:task_state'] is None
    assert ('restarted during task_state resize_migrating' in
            server['fault']['message'])
    # The destination's claim for the new flavor is released; the server
    # still counts, with its old flavor, on its source.
    assert server['flavor']['id'] == '1'
    _wait_for_memory_used(api, before)


def test_servers_outlive_a_compute_restart(restarting):
    """Guests keep running while nova-compute restarts, as on a real
    hypervisor: after the restart and several power state syncs the
    servers are as they were and still take actions."""
    api = restarting.api
    running = _create(api, 'stays-up')
    stopped = _create(api, 'stays-down')
    for server_id in (running, stopped):
        api.wait_for_status(server_id, 'ACTIVE', timeout=90)
    resp = api.post('/servers/%s/action' % stopped, json={'os-stop': None})
    assert resp.status_code == 202, resp.text
    api.wait_for_status(stopped, 'SHUTOFF', timeout=60)
    restarting.kill('nova-compute')
    restarting.restart('nova-compute')
    _wait_for_task(api, running, None)
    time.sleep(3)  # the power state sync runs every second
    assert [api.get('/servers/%s' % running).json()['server'][f]
            for f in ADMIN_FIELDS] == ['active', None, 1]
    assert [api.get('/servers/%s' % stopped).json()['server'][f]
            for f in ADMIN_FIELDS] == ['stopped', None, 4]
    resp = api.post('/servers/%s/action' % running,
                    json={'reboot': {'type': 'HARD'}})
    assert resp.status_code == 202, resp.text
    server = api.wait_for_status(running, 'ACTIVE', timeout=60)
    assert server['OS-EXT-STS:task_state'] in (None, 'rebooting_hard')


def test_a_guest_that_powers_itself_off_shows_shutoff(restarting):
    api = restarting.api
    server_id = _create(api, 'powers-itself-off')
    api.wait_for_status(server_id, 'ACTIVE', timeout=90)
    fake_external.inject(server_id, 'shutdown',
                         state_path=restarting.state_path)
    server = api.wait_for_status(server_id, 'SHUTOFF', timeout=60)
    assert [server[f] for f in ADMIN_FIELDS] == ['stopped', None, 4]
    # The server is really stopped: starting it works as from any stop.
    resp = api.post('/servers/%s/action' % server_id,
                    json={'os-start': None})
    assert resp.status_code == 202, resp.text
    server = api.wait_for_status(server_id, 'ACTIVE', timeout=60)
    assert server['OS-EXT-STS:power_state'] == 1


def test_a_guest_that_vanishes_puts_its_server_in_error(restarting):
    api = restarting.api
    server_id = _create(api, 'vanishes')
    server = api.wait_for_status(server_id, 'ACTIVE', timeout=90)
    fake_external.inject(server_id, 'gone',
                         state_path=restarting.state_path)
    server = api.wait_for_status(server_id, 'ERROR', timeout=60)
    assert server['OS-EXT-STS:power_state'] == 0
    assert server['fault']['message'] == (
        'The guest of instance %s is no longer on host %s, where the '
        'server was active.' % (server_id, server['OS-EXT-SRV-ATTR:host']))


def test_a_build_whose_compute_stays_down_times_out(abandoned):
    api = abandoned.api
    server_id = _create(api, 'abandoned')
    host = _wait_for_task(api, server_id, 'spawning')[
        'OS-EXT-SRV-ATTR:host']
    abandoned.kill('nova-compute')
    server = api.wait_for_status(server_id, 'ERROR', timeout=60)
    assert server['OS-EXT-STS:task_state'] is None
    message = server['fault']['message']
    assert message.startswith('Timed out after ')
    assert ('s in task_state spawning on host %s (deadline 3 s, '
            '[deadlines] instance_build_timeout)' % host) in message
