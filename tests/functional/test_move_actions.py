"""Moves between hosts over HTTP on the whole stack: resize (confirm and
revert), cold and live migration, evacuation, shelve and unshelve, with
each host's usage (GET /os-hypervisors/detail) checked after every step:
claims on the destination, releases on the source, nothing counted twice.
"""

import time

import pytest

from nova.compute import states
from tests.functional import cloud as cloud_lib

OWNER = 'alice:proj-moves'
TINY = (1, 512, 1)      # flavor 1: vCPUs, MiB, GiB
SMALL = (1, 2048, 20)   # flavor 2

BODIES = {
    'resize': {'resize': {'flavorRef': '2'}},
    'confirm_resize': {'confirmResize': None},
    'revert_resize': {'revertResize': None},
    'migrate': {'migrate': None},
    'live_migrate': {'os-migrateLive': {'host': None,
                                        'block_migration': 'auto',
                                        'disk_over_commit': False}},
    'shelve': {'shelve': None},
    'shelve_offload': {'shelveOffload': None},
    'unshelve': {'unshelve': None},
}


@pytest.fixture(scope='module')
def moves(tmp_path_factory):
    """An all-in-one of two hosts that keeps shelved servers on their host
    and fails the migration step of servers named fail-migrate."""
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('moves'), simulated_hosts=2, options={
            'fake_driver.fail_migrate_for_names': 'fail-migrate',
            'shelved_offload_time': -1})
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _boot(api, name, flavor='1'):
    image = api.get('/images').json()['images'][0]['id']
    resp = api.post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': flavor}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    return server_id


def _act(api, server_id, body):
    return api.post('/servers/%s/action' % server_id, json=body)


def _accepted(api, server_id, body):
    resp = _act(api, server_id, body)
    # Upstream answers confirmResize with 204, the other moves with 202.
    expected = 204 if 'confirmResize' in body else 202
    assert resp.status_code == expected, resp.text
    assert resp.content == b''


def _settled(admin, server_id, status):
    server = admin.wait_for_status(server_id, status)
    assert server['OS-EXT-STS:task_state'] is None
    return server


def _host(admin, server_id):
    return admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _usage(admin):
    """{host: (vCPUs, MiB, GiB, servers)} in use on each hypervisor."""
    return {h['service']['host']: (h['vcpus_used'], h['memory_mb_used'],
                                   h['local_gb_used'], h['running_vms'])
            for h in admin.get('/os-hypervisors/detail').json()[
                'hypervisors']}


def _plus(base, **held):
    """base usage plus, per host, flavors (vCPUs, MiB, GiB) placed there;
    the 4th number counts the servers placed on the host."""
    expected = dict(base)
    for host, (flavors, servers) in held.items():
        vcpus, ram, disk, count = expected[host]
        for flavor in flavors:
            vcpus, ram, disk = (vcpus + flavor[0], ram + flavor[1],
                                disk + flavor[2])
        expected[host] = (vcpus, ram, disk, count + servers)
    return expected


def _wait_usage(admin, expected, timeout=15):
    # Usage is recounted right after the step saves the server.
    deadline = time.time() + timeout
    while True:
        usage = _usage(admin)
        if usage == expected or time.time() > deadline:
            break
        time.sleep(0.1)
    assert usage == expected


def _other(base, host):
    others = [h for h in base if h != host]
    assert len(others) == 1, base
    return others[0]


def _events(admin, server_id):
    actions = admin.get('/servers/%s/os-instance-actions' % server_id)
    assert actions.status_code == 200, actions.text
    latest = actions.json()['instanceActions'][0]
    detail = admin.get('/servers/%s/os-instance-actions/%s' % (
        server_id, latest['request_id'])).json()['instanceAction']
    return latest['action'], {e['event']: e['result']
                              for e in detail['events']}


def _delete(api, server_id):
    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_deletion(server_id)


def test_resize_then_confirm(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'resize-confirm')
    source = _host(admin, server_id)
    dest = _other(base, source)

    _accepted(api, server_id, BODIES['resize'])
    server = _settled(admin, server_id, 'VERIFY_RESIZE')
    assert server['flavor']['id'] == '2'
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert server['OS-EXT-STS:power_state'] == 1
    # The source keeps the old flavor until confirm, the destination
    # holds the new one: each counts its guest once.
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([SMALL], 1)}))
    assert _events(admin, server_id) == ('resize', {
        'conductor_migrate_server': 'Success',
        'compute_prep_resize': 'Success',
        'compute_resize_instance': 'Success',
        'compute_finish_resize': 'Success'})

    _accepted(api, server_id, BODIES['confirm_resize'])
    server = _settled(admin, server_id, 'ACTIVE')
    assert server['flavor']['id'] == '2'
    _wait_usage(admin, _plus(base, **{dest: ([SMALL], 1)}))
    assert _events(admin, server_id) == ('confirmResize', {
        'compute_confirm_resize': 'Success'})
    _delete(api, server_id)
    _wait_usage(admin, base)


def test_resize_of_stopped_server_then_revert(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'resize-revert')
    source = _host(admin, server_id)
    dest = _other(base, source)
    _accepted(api, server_id, {'os-stop': None})
    _settled(admin, server_id, 'SHUTOFF')

    _accepted(api, server_id, BODIES['resize'])
    server = _settled(admin, server_id, 'VERIFY_RESIZE')
    assert server['OS-EXT-STS:power_state'] == 4  # stays powered off
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([SMALL], 1)}))

    _accepted(api, server_id, BODIES['revert_resize'])
    server = _settled(admin, server_id, 'SHUTOFF')
    assert server['flavor']['id'] == '1'
    assert server['OS-EXT-SRV-ATTR:host'] == source
    _wait_usage(admin, _plus(base, **{source: ([TINY], 1)}))
    assert _events(admin, server_id) == ('revertResize', {
        'compute_revert_resize': 'Success',
        'compute_finish_revert_resize': 'Success'})
    _delete(api, server_id)
    _wait_usage(admin, base)


def test_resize_refusals(moves):
    api = moves.api.as_user(OWNER)
    server_id = _boot(api, 'resize-refused')
    resp = _act(api, server_id, {'resize': {'flavorRef': '1'}})
    assert resp.status_code == 400, resp.text
    assert 'same flavor' in resp.json()['badRequest']['message']
    resp = _act(api, server_id, {'resize': {'flavorRef': 'nope'}})
    assert resp.status_code == 400, resp.text
    resp = _act(api, server_id, {'migrate': None})
    assert resp.status_code == 403, resp.text  # admin only
    # Nothing to confirm before a resize: the table says 409.
    resp = _act(api, server_id, BODIES['confirm_resize'])
    assert resp.status_code == 409, resp.text
    _delete(api, server_id)


def test_cold_migrate_then_confirm(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'migrate')
    source = _host(admin, server_id)
    dest = _other(base, source)

    _accepted(admin, server_id, BODIES['migrate'])
    server = _settled(admin, server_id, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert server['flavor']['id'] == '1'
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([TINY], 1)}))
    _accepted(api, server_id, BODIES['confirm_resize'])
    _settled(admin, server_id, 'ACTIVE')
    _wait_usage(admin, _plus(base, **{dest: ([TINY], 1)}))
    _delete(api, server_id)


def test_live_migration(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'live')
    source = _host(admin, server_id)
    dest = _other(base, source)

    _accepted(admin, server_id, BODIES['live_migrate'])
    _settled(admin, server_id, 'ACTIVE')
    assert _host(admin, server_id) == dest
    _wait_usage(admin, _plus(base, **{dest: ([TINY], 1)}))
    assert _events(admin, server_id) == ('live-migration', {
        'conductor_live_migrate_instance': 'Success',
        'compute_live_migration': 'Success',
        'compute_post_live_migration_at_destination': 'Success'})

    # Back to the named host, paused: it stays paused.
    _accepted(api, server_id, {'pause': None})
    _settled(admin, server_id, 'PAUSED')
    _accepted(admin, server_id, {'os-migrateLive': {
        'host': source, 'block_migration': False,
        'disk_over_commit': False}})
    server = _settled(admin, server_id, 'PAUSED')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    assert server['OS-EXT-STS:power_state'] == 3
    _wait_usage(admin, _plus(base, **{source: ([TINY], 1)}))

    for host, status in ((source, 400), ('no-such-host', 400)):
        resp = _act(admin, server_id, {'os-migrateLive': {
            'host': host, 'block_migration': False,
            'disk_over_commit': False}})
        assert resp.status_code == status, resp.text
    assert _act(api, server_id, BODIES['live_migrate']).status_code == 403
    _delete(api, server_id)
    _wait_usage(admin, base)


def test_failed_migrations_leave_server_where_it_was(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'fail-migrate')
    source = _host(admin, server_id)
    here = _plus(base, **{source: ([TINY], 1)})

    for body in (BODIES['migrate'], BODIES['resize'],
                 BODIES['live_migrate']):
        _accepted(admin, server_id, body)
        server = _settled(admin, server_id, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] == source
        assert server['flavor']['id'] == '1'
        assert server['OS-EXT-STS:power_state'] == 1
        # The destination's claim is released.
        _wait_usage(admin, here)
    action, events = _events(admin, server_id)
    assert action == 'live-migration'
    assert events['compute_live_migration'] == 'Error'
    # Still usable: it stops and starts where it is.
    _accepted(api, server_id, {'os-stop': None})
    _settled(admin, server_id, 'SHUTOFF')
    _delete(api, server_id)
    _wait_usage(admin, base)


def test_shelve_unshelve_both_ways(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'shelf')
    host = _host(admin, server_id)

    # shelved_offload_time -1: shelved in place, resources still held.
    _accepted(api, server_id, BODIES['shelve'])
    server = _settled(admin, server_id, 'SHELVED')
    assert server['OS-EXT-STS:power_state'] == 4
    images = api.get('/images/detail?name=shelf-shelved').json()['images']
    assert [i['status'] for i in images] == ['ACTIVE']
    _wait_usage(admin, _plus(base, **{host: ([TINY], 1)}))
    _accepted(api, server_id, BODIES['unshelve'])
    server = _settled(admin, server_id, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == host
    assert server['OS-EXT-STS:power_state'] == 1
    _wait_images_gone(api, 'shelf-shelved')

    # Offloaded: host freed; unshelve schedules it again.
    _accepted(api, server_id, BODIES['shelve'])
    _settled(admin, server_id, 'SHELVED')
    assert _act(api, server_id, BODIES['shelve_offload']).status_code == 403
    _accepted(admin, server_id, BODIES['shelve_offload'])
    server = _settled(admin, server_id, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    _wait_usage(admin, base)
    _accepted(api, server_id, BODIES['unshelve'])
    server = _settled(admin, server_id, 'ACTIVE')
    _wait_usage(admin, _plus(base, **{
        server['OS-EXT-SRV-ATTR:host']: ([TINY], 1)}))
    _wait_images_gone(api, 'shelf-shelved')
    assert _events(admin, server_id)[1] == {
        'conductor_unshelve_instance': 'Success',
        'compute_unshelve_instance': 'Success'}
    _delete(api, server_id)
    _wait_usage(admin, base)


def test_shelve_offloads_at_once_by_default(aio):
    api, admin = aio.api.as_user(OWNER), aio.api
    base = _usage(admin)
    server_id = _boot(api, 'shelf-now')
    _accepted(api, server_id, BODIES['shelve'])
    server = _settled(admin, server_id, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    _wait_usage(admin, base)
    assert _events(admin, server_id)[1] == {
        'compute_shelve_instance': 'Success',
        'compute_shelve_offload_instance': 'Success'}
    _accepted(api, server_id, BODIES['unshelve'])
    _settled(admin, server_id, 'ACTIVE')
    _delete(api, server_id)
    _wait_usage(admin, base)


def _wait_images_gone(api, name, timeout=15):
    deadline = time.time() + timeout
    while api.get('/images?name=%s' % name).json()['images']:
        assert time.time() < deadline, 'image %s was not deleted' % name
        time.sleep(0.1)


def _force_down(admin, host, down):
    resp = admin.as_user('admin:admin', version='2.11').put(
        '/os-services/force-down', json={
            'host': host, 'binary': 'nova-compute', 'forced_down': down})
    assert resp.status_code == 200, resp.text


def test_evacuate_from_a_down_host(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'evacuee')
    source = _host(admin, server_id)
    dest = _other(base, source)
    body = {'evacuate': {'onSharedStorage': False}}

    resp = _act(admin, server_id, body)
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'].endswith(
        'Compute service of %s is still in use.' % source)

    _force_down(admin, source, True)
    try:
        assert _act(api, server_id, body).status_code == 403
        resp = _act(admin, server_id, {'evacuate': {
            'onSharedStorage': False, 'adminPass': 'S3cret'}})
        assert resp.status_code == 200, resp.text
        assert resp.json() == {'adminPass': 'S3cret'}
        server = _settled(admin, server_id, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] == dest
        _wait_usage(admin, _plus(base, **{dest: ([TINY], 1)}))
        assert _events(admin, server_id) == ('evacuate', {
            'conductor_rebuild_server': 'Success',
            'compute_rebuild_instance': 'Success'})
    finally:
        _force_down(admin, source, False)
    _delete(api, server_id)
    _wait_usage(admin, base)


_MOVES = ['resize', 'confirm_resize', 'revert_resize', 'migrate',
          'live_migrate', 'shelve', 'shelve_offload', 'unshelve']


@pytest.mark.parametrize('status,vm_state', [
    ('ACTIVE', 'active'), ('SHUTOFF', 'stopped'), ('PAUSED', 'paused'),
    ('SUSPENDED', 'suspended')])
def test_moves_the_table_refuses_are_409(moves, status, vm_state):
    admin = moves.api
    server_id = _boot(admin, 'refused-%s' % vm_state)
    step = {'SHUTOFF': 'os-stop', 'PAUSED': 'pause',
            'SUSPENDED': 'suspend'}.get(status)
    if step:
        _accepted(admin, server_id, {step: None})
        _settled(admin, server_id, status)
    refused = [a for a in _MOVES if not states.allowed(vm_state, None, a)]
    assert refused
    for action in refused:
        resp = _act(admin, server_id, BODIES[action])
        assert resp.status_code == 409, (action, resp.text)
        assert resp.json()['conflict']['message'] == (
            "Cannot '%s' instance %s while it is in vm_state %s"
            % (states.TRANSITIONS[action].name, server_id, vm_state))
    server = admin.get('/servers/%s' % server_id).json()['server']
    assert server['status'] == status
    assert server['OS-EXT-STS:task_state'] is None
    _delete(admin, server_id)


def test_resize_and_live_migration_on_every_shape(cloud):
    """Split daemons: nova-compute reaches migrations through the
    conductor, steps cross hosts over RabbitMQ."""
    api, admin = cloud.api.as_user(OWNER), cloud.api
    base = _usage(admin)
    server_id = _boot(api, 'shapes')
    source = _host(admin, server_id)
    dest = _other(base, source)
    _accepted(api, server_id, BODIES['resize'])
    _settled(admin, server_id, 'VERIFY_RESIZE')
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([SMALL], 1)}))
    _accepted(api, server_id, BODIES['confirm_resize'])
    _settled(admin, server_id, 'ACTIVE')
    _accepted(admin, server_id, BODIES['live_migrate'])
    _settled(admin, server_id, 'ACTIVE')
    assert _host(admin, server_id) == source
    _wait_usage(admin, _plus(base, **{source: ([SMALL], 1)}))
    _delete(api, server_id)
    _wait_usage(admin, base)


def test_deleting_a_resized_server_frees_both_hosts(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = _boot(api, 'resize-delete')
    source = _host(admin, server_id)
    dest = _other(base, source)
    _accepted(admin, server_id, BODIES['migrate'])
    _settled(admin, server_id, 'VERIFY_RESIZE')
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([TINY], 1)}))
    _delete(api, server_id)
    _wait_usage(admin, base)


def test_resize_beyond_quota_is_refused(moves):
    api, admin = moves.api.as_user('dave:proj-small'), moves.api
    server_id = _boot(api, 'quota-resize')
    resp = admin.put('/os-quota-sets/proj-small',
                     json={'quota_set': {'cores': 1}})
    assert resp.status_code == 200, resp.text
    try:
        resp = _act(api, server_id, {'resize': {'flavorRef': '3'}})
        assert resp.status_code == 403, resp.text
        assert resp.json()['forbidden']['message'].startswith(
            'Quota exceeded for cores')
        server = api.get('/servers/%s' % server_id).json()['server']
        assert (server['status'], server['flavor']['id']) == ('ACTIVE', '1')
        # Same cores, more RAM: within quota.
        _accepted(api, server_id, BODIES['resize'])
        _settled(admin, server_id, 'VERIFY_RESIZE')
    finally:
        admin.delete('/os-quota-sets/proj-small')
    _delete(api, server_id)
