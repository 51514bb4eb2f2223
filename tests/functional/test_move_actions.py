"""Moves between hosts over HTTP on the whole stack: resize (confirm and
revert), cold and live migration, evacuation, shelve and unshelve, with
each host's usage (GET /os-hypervisors/detail) checked after every step:
claims on the destination, releases on the source, nothing counted twice.
"""

import time

import pytest

from tests.functional.actions_helpers import accepted
from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import assert_table_refuses
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import server_in
from tests.functional.actions_helpers import settled
from tests.functional.actions_helpers import VM_STATE
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
                                        'block_migration': False,
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


def _booted_for_a_move(running, name):
    """OWNER's API, the admin API, each host's usage before the boot, and
    a new server of OWNER with its host and the other host."""
    api, admin = running.api.as_user(OWNER), running.api
    base = _usage(admin)
    server_id = boot(api, name)
    source = _host(admin, server_id)
    return api, admin, base, server_id, source, _other(base, source)


def test_resize_then_confirm(moves):
    api, admin, base, server_id, source, dest = _booted_for_a_move(
        moves, 'resize-confirm')

    accepted(api, server_id, BODIES['resize'])
    server = settled(admin, server_id, 'VERIFY_RESIZE')
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

    accepted(api, server_id, BODIES['confirm_resize'])
    server = settled(admin, server_id, 'ACTIVE')
    assert server['flavor']['id'] == '2'
    _wait_usage(admin, _plus(base, **{dest: ([SMALL], 1)}))
    assert _events(admin, server_id) == ('confirmResize', {
        'compute_confirm_resize': 'Success'})
    delete(api, server_id)
    _wait_usage(admin, base)


def test_resize_of_stopped_server_then_revert(moves):
    api, admin, base, server_id, source, dest = _booted_for_a_move(
        moves, 'resize-revert')
    accepted(api, server_id, {'os-stop': None})
    settled(admin, server_id, 'SHUTOFF')

    accepted(api, server_id, BODIES['resize'])
    server = settled(admin, server_id, 'VERIFY_RESIZE')
    assert server['OS-EXT-STS:power_state'] == 4  # stays powered off
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([SMALL], 1)}))

    accepted(api, server_id, BODIES['revert_resize'])
    server = settled(admin, server_id, 'SHUTOFF')
    assert server['flavor']['id'] == '1'
    assert server['OS-EXT-SRV-ATTR:host'] == source
    _wait_usage(admin, _plus(base, **{source: ([TINY], 1)}))
    assert _events(admin, server_id) == ('revertResize', {
        'compute_revert_resize': 'Success',
        'compute_finish_revert_resize': 'Success'})
    delete(api, server_id)
    _wait_usage(admin, base)


def test_resize_refusals(moves):
    api = moves.api.as_user(OWNER)
    server_id = boot(api, 'resize-refused')
    resp = act(api, server_id, {'resize': {'flavorRef': '1'}})
    assert resp.status_code == 400, resp.text
    assert 'same flavor' in resp.json()['badRequest']['message']
    resp = act(api, server_id, {'resize': {'flavorRef': 'nope'}})
    assert resp.status_code == 400, resp.text
    resp = act(api, server_id, {'migrate': None})
    assert resp.status_code == 403, resp.text  # admin only
    # Nothing to confirm before a resize: the table says 409.
    resp = act(api, server_id, BODIES['confirm_resize'])
    assert resp.status_code == 409, resp.text
    delete(api, server_id)


def test_cold_migrate_then_confirm(moves):
    api, admin, base, server_id, source, dest = _booted_for_a_move(
        moves, 'migrate')

    accepted(admin, server_id, BODIES['migrate'])
    server = settled(admin, server_id, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert server['flavor']['id'] == '1'
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([TINY], 1)}))
    accepted(api, server_id, BODIES['confirm_resize'])
    settled(admin, server_id, 'ACTIVE')
    _wait_usage(admin, _plus(base, **{dest: ([TINY], 1)}))
    delete(api, server_id)


def test_live_migration(moves):
    api, admin, base, server_id, source, dest = _booted_for_a_move(
        moves, 'live')

    accepted(admin, server_id, BODIES['live_migrate'])
    settled(admin, server_id, 'ACTIVE')
    assert _host(admin, server_id) == dest
    _wait_usage(admin, _plus(base, **{dest: ([TINY], 1)}))
    assert _events(admin, server_id) == ('live-migration', {
        'conductor_live_migrate_instance': 'Success',
        'compute_live_migration': 'Success',
        'compute_post_live_migration_at_destination': 'Success'})

    # Back to the named host, paused: it stays paused.
    accepted(api, server_id, {'pause': None})
    settled(admin, server_id, 'PAUSED')
    accepted(admin, server_id, {'os-migrateLive': {
        'host': source, 'block_migration': False,
        'disk_over_commit': False}})
    server = settled(admin, server_id, 'PAUSED')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    assert server['OS-EXT-STS:power_state'] == 3
    _wait_usage(admin, _plus(base, **{source: ([TINY], 1)}))

    for host, status in ((source, 400), ('no-such-host', 400)):
        resp = act(admin, server_id, {'os-migrateLive': {
            'host': host, 'block_migration': False,
            'disk_over_commit': False}})
        assert resp.status_code == status, resp.text
    assert act(api, server_id, BODIES['live_migrate']).status_code == 403
    delete(api, server_id)
    _wait_usage(admin, base)


def test_failed_migrations_leave_server_where_it_was(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = boot(api, 'fail-migrate')
    source = _host(admin, server_id)
    here = _plus(base, **{source: ([TINY], 1)})

    for body in (BODIES['migrate'], BODIES['resize'],
                 BODIES['live_migrate']):
        accepted(admin, server_id, body)
        server = settled(admin, server_id, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] == source
        assert server['flavor']['id'] == '1'
        assert server['OS-EXT-STS:power_state'] == 1
        # The destination's claim is released.
        _wait_usage(admin, here)
    action, events = _events(admin, server_id)
    assert action == 'live-migration'
    assert events['compute_live_migration'] == 'Error'
    # Still usable: it stops and starts where it is.
    accepted(api, server_id, {'os-stop': None})
    settled(admin, server_id, 'SHUTOFF')
    delete(api, server_id)
    _wait_usage(admin, base)


def test_shelve_unshelve_both_ways(moves):
    api, admin = moves.api.as_user(OWNER), moves.api
    base = _usage(admin)
    server_id = boot(api, 'shelf')
    host = _host(admin, server_id)

    # shelved_offload_time -1: shelved in place, resources still held.
    accepted(api, server_id, BODIES['shelve'])
    server = settled(admin, server_id, 'SHELVED')
    assert server['OS-EXT-STS:power_state'] == 4
    images = api.get('/images/detail?name=shelf-shelved').json()['images']
    assert [i['status'] for i in images] == ['ACTIVE']
    _wait_usage(admin, _plus(base, **{host: ([TINY], 1)}))
    accepted(api, server_id, BODIES['unshelve'])
    server = settled(admin, server_id, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == host
    assert server['OS-EXT-STS:power_state'] == 1
    _wait_images_gone(api, 'shelf-shelved')

    # Offloaded: host freed; unshelve schedules it again.
    accepted(api, server_id, BODIES['shelve'])
    settled(admin, server_id, 'SHELVED')
    assert act(api, server_id, BODIES['shelve_offload']).status_code == 403
    accepted(admin, server_id, BODIES['shelve_offload'])
    server = settled(admin, server_id, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    _wait_usage(admin, base)
    accepted(api, server_id, BODIES['unshelve'])
    server = settled(admin, server_id, 'ACTIVE')
    _wait_usage(admin, _plus(base, **{
        server['OS-EXT-SRV-ATTR:host']: ([TINY], 1)}))
    _wait_images_gone(api, 'shelf-shelved')
    assert _events(admin, server_id)[1] == {
        'conductor_unshelve_instance': 'Success',
        'compute_unshelve_instance': 'Success'}
    delete(api, server_id)
    _wait_usage(admin, base)


def test_shelve_offloads_at_once_by_default(aio):
    api, admin = aio.api.as_user(OWNER), aio.api
    base = _usage(admin)
    server_id = boot(api, 'shelf-now')
    accepted(api, server_id, BODIES['shelve'])
    server = settled(admin, server_id, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    _wait_usage(admin, base)
    assert _events(admin, server_id)[1] == {
        'compute_shelve_instance': 'Success',
        'compute_shelve_offload_instance': 'Success'}
    accepted(api, server_id, BODIES['unshelve'])
    settled(admin, server_id, 'ACTIVE')
    delete(api, server_id)
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
    api, admin, base, server_id, source, dest = _booted_for_a_move(
        moves, 'evacuee')
    body = {'evacuate': {'onSharedStorage': False}}

    resp = act(admin, server_id, body)
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'].endswith(
        'Compute service of %s is still in use.' % source)

    _force_down(admin, source, True)
    try:
        assert act(api, server_id, body).status_code == 403
        resp = act(admin, server_id, {'evacuate': {
            'onSharedStorage': False, 'adminPass': 'S3cret'}})
        assert resp.status_code == 200, resp.text
        assert resp.json() == {'adminPass': 'S3cret'}
        server = settled(admin, server_id, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] == dest
        _wait_usage(admin, _plus(base, **{dest: ([TINY], 1)}))
        assert _events(admin, server_id) == ('evacuate', {
            'conductor_rebuild_server': 'Success',
            'compute_rebuild_instance': 'Success'})
    finally:
        _force_down(admin, source, False)
    delete(api, server_id)
    _wait_usage(admin, base)


@pytest.mark.parametrize('status', sorted(VM_STATE))
def test_moves_the_table_refuses_are_409(moves, status):
    admin = moves.api
    server_id = server_in(admin, status)
    assert_table_refuses(admin, server_id, status, VM_STATE[status], BODIES)
    delete(admin, server_id)


def test_resize_and_live_migration_on_every_shape(cloud):
    """Split daemons: nova-compute reaches migrations through the
    conductor, steps cross hosts over RabbitMQ."""
    api, admin, base, server_id, source, dest = _booted_for_a_move(
        cloud, 'shapes')
    accepted(api, server_id, BODIES['resize'])
    settled(admin, server_id, 'VERIFY_RESIZE')
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([SMALL], 1)}))
    accepted(api, server_id, BODIES['confirm_resize'])
    settled(admin, server_id, 'ACTIVE')
    accepted(admin, server_id, BODIES['live_migrate'])
    settled(admin, server_id, 'ACTIVE')
    assert _host(admin, server_id) == source
    _wait_usage(admin, _plus(base, **{source: ([SMALL], 1)}))
    delete(api, server_id)
    _wait_usage(admin, base)


def test_deleting_a_resized_server_frees_both_hosts(moves):
    api, admin, base, server_id, source, dest = _booted_for_a_move(
        moves, 'resize-delete')
    accepted(admin, server_id, BODIES['migrate'])
    settled(admin, server_id, 'VERIFY_RESIZE')
    _wait_usage(admin, _plus(base, **{source: ([TINY], 0),
                                      dest: ([TINY], 1)}))
    delete(api, server_id)
    _wait_usage(admin, base)


def test_resize_beyond_quota_is_refused(moves):
    api, admin = moves.api.as_user('dave:proj-small'), moves.api
    server_id = boot(api, 'quota-resize')
    resp = admin.put('/os-quota-sets/proj-small',
                     json={'quota_set': {'cores': 1}})
    assert resp.status_code == 200, resp.text
    try:
        resp = act(api, server_id, {'resize': {'flavorRef': '3'}})
        assert resp.status_code == 403, resp.text
        assert resp.json()['forbidden']['message'].startswith(
            'Quota exceeded for cores')
        server = api.get('/servers/%s' % server_id).json()['server']
        assert (server['status'], server['flavor']['id']) == ('ACTIVE', '1')
        # Same cores, more RAM: within quota.
        accepted(api, server_id, BODIES['resize'])
        settled(admin, server_id, 'VERIFY_RESIZE')
    finally:
        admin.delete('/os-quota-sets/proj-small')
    delete(api, server_id)
