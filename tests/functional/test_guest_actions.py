"""Actions on the guest where it runs, over HTTP on the whole stack:
rescue, unrescue, rebuild, changePassword, createImage, createBackup,
os-getConsoleOutput, os-resetState, injectNetworkInfo, resetNetwork, and
deferred delete (soft delete, restore, forceDelete, reclaim).

The action history and faults are read from the cloud's database, so
these tests do not depend on the os-instance-actions API.
"""

import time

import pytest
import requests
import sqlalchemy

from nova.virt import fake_guest
from tests.functional import cloud as cloud_lib
from tests.functional.actions_helpers import accepted
from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import assert_table_refuses
from tests.functional.actions_helpers import assert_untouched
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import conflict
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import idle
from tests.functional.actions_helpers import server_in
from tests.functional.actions_helpers import seeded_image
from tests.functional.actions_helpers import settled
from tests.functional.actions_helpers import VM_STATE
from tests.functional.test_server_actions import OWNER

RECLAIM_SECONDS = 5
# Servers of these names fail their guest actions in the `deferred` cloud.
FAILING = 'guest-fails'

# action of the state table -> request body
BODIES = {
    'rescue': {'rescue': None},
    'unrescue': {'unrescue': None},
    'set_admin_password': {'changePassword': {'adminPass': 'n3w-Pass'}},
    'rebuild': None,  # needs the server's image: see _bodies
    'snapshot': {'createImage': {'name': 'refused-snapshot'}},
    'backup': {'createBackup': {'name': 'refused-backup',
                                'backup_type': 'daily', 'rotation': 1}},
    'restore': {'restore': None},
    'force_delete': {'forceDelete': None},
}


def _bodies(image_id):
    return dict(BODIES, rebuild={'rebuild': {'imageRef': image_id}})


def _query(cloud, sql, **params):
    engine = sqlalchemy.create_engine(cloud.db.url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sqlalchemy.text(sql),
                                                       params)]
    finally:
        engine.dispose()


def _events(cloud, server_id):
    """[(action, event, result)] of the server, oldest first."""
    return _query(cloud, """
        SELECT a.action, e.event, e.result
        FROM instance_actions a JOIN instance_actions_events e
             ON e.action_id = a.id
        WHERE a.instance_uuid = :uuid ORDER BY e.id""", uuid=server_id)


def _wait_event(cloud, server_id, action, event, result='Success',
                timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if (action, event, result) in _events(cloud, server_id):
            return
        time.sleep(0.1)
    raise AssertionError('no %s event %s (%s) of %s in %s' % (
        action, event, result, server_id, _events(cloud, server_id)))


def _faults(cloud, server_id):
    return [row[0] for row in _query(
        cloud, 'SELECT message FROM instance_faults WHERE instance_uuid = '
               ':uuid ORDER BY id', uuid=server_id)]


def _image_id(api):
    return seeded_image(api)


def _image(cloud, image_id):
    """The image as the image service (Glance v2 API) shows it."""
    resp = requests.get('%s/v2/images/%s' % (cloud.image_endpoint, image_id),
                        headers={'X-Auth-Token': 'admin:admin'}, timeout=30)
    return resp


def _wait_image_active(cloud, image_id, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        image = _image(cloud, image_id).json()
        if image['status'] == 'active':
            return image
        time.sleep(0.1)
    raise AssertionError('image %s stuck in %s' % (image_id,
                                                   image['status']))


def _console(api, server_id, length=None, key_present=True):
    body = {'os-getConsoleOutput': {'length': length} if key_present
            else {}}
    resp = act(api, server_id, body)
    assert resp.status_code == 200, resp.text
    return resp.json()['output']


# Rescue ---------------------------------------------------------------


def test_rescue_and_unrescue(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'rescue-me')

    resp = act(api, server_id, {'rescue': {'adminPass': 'rescue-Pass1'}})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'adminPass': 'rescue-Pass1'}
    settled(api, server_id, 'RESCUE', 'rescued', 1)
    assert 'rescue from image' in _console(api, server_id)
    _wait_event(aio, server_id, 'rescue', 'compute_rescue_instance')

    accepted(api, server_id, {'unrescue': None})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    _wait_event(aio, server_id, 'unrescue', 'compute_unrescue_instance')

    # Without a password one is made up; the rescue image may be named.
    resp = act(api, server_id, {'rescue': {
        'rescue_image_ref': _image_id(api)}})
    assert resp.status_code == 200, resp.text
    assert len(resp.json()['adminPass']) >= 8
    settled(api, server_id, 'RESCUE', 'rescued', 1)
    accepted(api, server_id, {'unrescue': {}})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    delete(api, server_id)


def test_rescue_with_a_missing_image_is_400(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'rescue-no-image')
    missing = '11111111-2222-3333-4444-555555555555'
    resp = act(api, server_id, {'rescue': {'rescue_image_ref': missing}})
    assert resp.status_code == 400, resp.text
    assert missing in resp.json()['badRequest']['message']
    assert_untouched(api, server_id)
    delete(api, server_id)


# Rebuild --------------------------------------------------------------


def test_rebuild_from_a_snapshot_keeps_a_stopped_server_stopped(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'rebuild-me')
    resp = act(api, server_id, {'createImage': {'name': 'rebuild-source'}})
    assert resp.status_code == 202, resp.text
    snapshot_id = resp.headers['Location'].rsplit('/', 1)[-1]
    _wait_image_active(aio, snapshot_id)
    settled(api, server_id, 'ACTIVE', 'active', 1)
    accepted(api, server_id, {'os-stop': None})
    settled(api, server_id, 'SHUTOFF', 'stopped', 4)

    resp = act(api, server_id, {'rebuild': {
        'imageRef': snapshot_id, 'name': 'rebuilt', 'adminPass': 'r3-Built',
        'metadata': {'purpose': 'test'}, 'preserve_ephemeral': False}})
    assert resp.status_code == 202, resp.text
    server = resp.json()['server']
    assert server['id'] == server_id
    assert server['name'] == 'rebuilt'
    assert server['adminPass'] == 'r3-Built'
    assert server['metadata'] == {'purpose': 'test'}
    assert server['image']['id'] == snapshot_id

    server = settled(api, server_id, 'SHUTOFF', 'stopped', 4)
    assert server['image']['id'] == snapshot_id
    _wait_event(aio, server_id, 'rebuild', 'compute_rebuild_instance')
    # The rebuilt disk printed only its new boot.
    accepted(api, server_id, {'os-start': None})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    output = _console(api, server_id)
    assert 'first boot' not in output
    assert 'rebuilt from image %s' % snapshot_id in output

    # The snapshot of the rebuilt server inherits the snapshot's origin.
    resp = act(api, server_id, {'createImage': {'name': 'second'}})
    second = _wait_image_active(
        aio, resp.headers['Location'].rsplit('/', 1)[-1])
    assert second['base_image_ref'] == snapshot_id
    settled(api, server_id, 'ACTIVE', 'active', 1)
    delete(api, server_id)


@pytest.mark.parametrize('image_ref', [
    '11111111-2222-3333-4444-555555555555', 'not-an-image'])
def test_rebuild_with_a_bad_image_is_400(aio, image_ref):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'rebuild-bad')
    resp = act(api, server_id, {'rebuild': {'imageRef': image_ref}})
    assert resp.status_code == 400, resp.text
    assert_untouched(api, server_id)
    delete(api, server_id)


# Password ---------------------------------------------------------------


def test_change_password(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'password')
    accepted(api, server_id, {'changePassword': {'adminPass': 'n3w-Pass'}})
    # The API waited for the guest: the task is over already.
    assert_untouched(api, server_id)
    _wait_event(aio, server_id, 'changePassword',
                'compute_set_admin_password')
    delete(api, server_id)


# Snapshots and backups ------------------------------------------------


def test_create_image(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'snap-me')
    base_image = _image_id(api)
    resp = act(api, server_id, {'createImage': {
        'name': 'snap', 'metadata': {'purpose': 'testing'}}})
    assert resp.status_code == 202, resp.text
    assert resp.content == b''
    location = resp.headers['Location']
    assert location.startswith(aio.image_endpoint + '/images/')
    image_id = location.rsplit('/', 1)[-1]

    image = _wait_image_active(aio, image_id)
    assert image['name'] == 'snap'
    assert image['size'] > 0
    assert image['owner'] == 'proj-actions'
    assert image['visibility'] == 'private'
    assert image['instance_uuid'] == server_id
    assert image['image_type'] == 'snapshot'
    assert image['base_image_ref'] == base_image
    assert image['user_id'] == 'alice'
    assert image['purpose'] == 'testing'
    assert image['os_distro'] == 'cirros'  # inherited from the base image
    assert image['disk_format'] == 'qcow2'
    # The Compute API's image proxy shows it too.
    shown = api.get('/images/%s' % image_id).json()['image']
    assert shown['status'] == 'ACTIVE'
    assert shown['metadata']['instance_uuid'] == server_id

    settled(api, server_id, 'ACTIVE', 'active', 1)
    _wait_event(aio, server_id, 'createImage', 'compute_snapshot_instance')
    delete(api, server_id)


def _backup(cloud, api, server_id, name, rotation, backup_type='daily'):
    resp = act(api, server_id, {'createBackup': {
        'name': name, 'backup_type': backup_type, 'rotation': rotation}})
    assert resp.status_code == 202, resp.text
    server = idle(api, server_id)
    assert server['status'] == 'ACTIVE'
    return resp.headers['Location'].rsplit('/', 1)[-1]


def _backups(cloud, server_id, backup_type):
    resp = requests.get(
        '%s/v2/images' % cloud.image_endpoint,
        params={'instance_uuid': server_id, 'backup_type': backup_type},
        headers={'X-Auth-Token': 'admin:admin'}, timeout=30)
    return sorted(image['name'] for image in resp.json()['images'])


def test_create_backup_rotates_old_backups(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'backup-me')
    first = _backup(aio, api, server_id, 'b1', 2)
    image = _image(aio, first).json()
    assert image['image_type'] == 'backup'
    assert image['backup_type'] == 'daily'
    assert image['instance_uuid'] == server_id
    _backup(aio, api, server_id, 'b2', 2)
    _backup(aio, api, server_id, 'w1', 2, backup_type='weekly')
    assert _backups(aio, server_id, 'daily') == ['b1', 'b2']
    _backup(aio, api, server_id, 'b3', 2)
    # The oldest daily one went; the weekly one is another rotation.
    assert _backups(aio, server_id, 'daily') == ['b2', 'b3']
    assert _backups(aio, server_id, 'weekly') == ['w1']
    assert _image(aio, first).status_code == 404
    _backup(aio, api, server_id, 'b4', '1')
    assert _backups(aio, server_id, 'daily') == ['b4']
    # Rotation 0 keeps none, not even the new one.
    _backup(aio, api, server_id, 'b5', 0)
    assert _backups(aio, server_id, 'daily') == []
    _wait_event(aio, server_id, 'createBackup', 'compute_backup_instance')
    delete(api, server_id)


# Console output ---------------------------------------------------------


def test_console_output(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'console')
    output = _console(api, server_id, key_present=False)
    lines = output.splitlines()
    # Several lines, as a real guest prints (Tempest's unlimited-length
    # console test needs more than 3).
    assert len(lines) == fake_guest.BOOT_LINES > 3, output
    assert 'first boot' in lines[0] and 'login:' in lines[-1], output
    accepted(api, server_id, {'reboot': {'type': 'SOFT'}})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    whole = _console(api, server_id, None)
    assert len(whole.splitlines()) == 2 * fake_guest.BOOT_LINES
    assert 'soft reboot' in whole
    assert _console(api, server_id, -1) == whole
    # length counts newline-separated pieces, as upstream: the log ends in
    # a newline, so 2 gives its last line and 1 the empty rest.
    assert _console(api, server_id, 1) == ''
    assert _console(api, server_id, '2') == whole.splitlines(True)[-1]
    assert _console(api, server_id, 0) == ''
    for bad in (-2, 'two', 1.5):
        resp = act(api, server_id, {'os-getConsoleOutput': {'length': bad}})
        assert resp.status_code == 400, resp.text
    delete(api, server_id)


def test_guest_actions_without_a_host_are_409(aio):
    api = aio.api.as_user(OWNER)
    resp = api.post('/servers', json={'server': {
        'name': 'fail-always', 'imageRef': _image_id(api),
        'flavorRef': '1'}})
    server_id = resp.json()['server']['id']
    api.wait_for_status(server_id, 'ERROR')
    # ERROR allows these, but a build that never found a host left
    # nothing to act on.
    for body in ({'os-getConsoleOutput': {}}, {'rescue': None},
                 {'rebuild': {'imageRef': _image_id(api)}}):
        message = conflict(act(api, server_id, body))
        assert message == 'Instance %s is not ready' % server_id
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['OS-EXT-STS:task_state'] is None
    delete(api, server_id)


# Admin actions ----------------------------------------------------------


def test_admin_actions(aio):
    admin = aio.api
    owner = aio.api.as_user(OWNER)
    server_id = boot(owner, 'admin-actions')
    for body in ({'os-resetState': {'state': 'error'}},
                 {'injectNetworkInfo': None}, {'resetNetwork': None}):
        resp = act(owner, server_id, body)
        assert resp.status_code == 403, resp.text

    accepted(admin, server_id, {'os-resetState': {'state': 'error'}})
    server = owner.get('/servers/%s' % server_id).json()['server']
    assert server['status'] == 'ERROR'
    assert server['OS-EXT-STS:task_state'] is None
    accepted(admin, server_id, {'os-resetState': {'state': 'active'}})
    assert owner.get('/servers/%s' % server_id).json()['server'][
        'status'] == 'ACTIVE'
    resp = act(admin, server_id, {'os-resetState': {'state': 'deleted'}})
    assert resp.status_code == 400, resp.text

    accepted(admin, server_id, {'injectNetworkInfo': None})
    _wait_event(aio, server_id, 'injectNetworkInfo',
                'compute_inject_network_info')
    accepted(admin, server_id, {'resetNetwork': None})
    _wait_event(aio, server_id, 'resetNetwork', 'compute_reset_network')
    actions = {row[0] for row in _query(
        aio, 'SELECT action FROM instance_actions WHERE instance_uuid = '
             ':uuid', uuid=server_id)}
    assert {'resetState', 'injectNetworkInfo', 'resetNetwork'} <= actions
    delete(owner, server_id)


# What the state table refuses ---------------------------------------------


@pytest.mark.parametrize('status', sorted(VM_STATE) + ['RESCUE'])
def test_guest_actions_the_table_refuses_are_409(aio, status):
    api = aio.api.as_user(OWNER)
    if status == 'RESCUE':
        server_id = boot(api, 'in-rescue')
        assert act(api, server_id, {'rescue': None}).status_code == 200
        api.wait_for_status(server_id, 'RESCUE')
        vm_state = 'rescued'
    else:
        server_id = server_in(api, status)
        vm_state = VM_STATE[status]
    assert_table_refuses(api, server_id, status, vm_state,
                         _bodies(_image_id(api)))
    # A refused snapshot leaves no image behind.
    names = [i['name'] for i in api.get('/images').json()['images']]
    assert 'refused-snapshot' not in names
    assert 'refused-backup' not in names
    delete(api, server_id)


@pytest.mark.parametrize('body,named', [
    ({'rescue': {'rescue_image_ref': 'nope'}}, 'rescue_image_ref'),
    ({'rebuild': {}}, 'imageRef'),
    ({'rebuild': {'imageRef': 'x', 'bogus': 1}}, 'bogus'),
    ({'changePassword': {}}, 'adminPass'),
    ({'createImage': {'name': ''}}, 'createImage/name'),
    ({'createBackup': {'name': 'b', 'backup_type': 'daily'}}, 'rotation'),
    ({'createBackup': {'name': 'b', 'backup_type': 'daily',
                       'rotation': -1}}, 'rotation'),
    ({'os-resetState': {'state': 'paused'}}, 'state'),
    ({'os-getConsoleOutput': {'length': 'x'}}, 'length'),
    ({'restore': {'now': True}}, 'now'),
])
def test_bad_bodies_are_400_naming_the_field(aio, body, named):
    resp = act(aio.api, '00000000-0000-0000-0000-000000000000', body)
    assert resp.status_code == 400, resp.text
    message = resp.json()['badRequest']['message']
    assert named in message, message


# Failures and deferred delete: a cloud of their own ---------------------


@pytest.fixture(scope='module')
def deferred(tmp_path_factory):
    options = {'reclaim_instance_interval': RECLAIM_SECONDS,
               'fake_driver.fail_guest_actions_for': FAILING}
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('deferred'),
                              options=options)
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def test_failed_guest_actions_leave_a_fault(deferred):
    api = deferred.api.as_user(OWNER)
    server_id = boot(api, FAILING)

    message = conflict(act(api, server_id, {'changePassword': {
        'adminPass': 'n3w-Pass'}}))
    assert 'Failed to set admin password on %s' % server_id in message
    _wait_event(deferred, server_id, 'changePassword',
                'compute_set_admin_password', 'Error')

    assert act(api, server_id, {'rescue': None}).status_code == 200
    _wait_event(deferred, server_id, 'rescue', 'compute_rescue_instance',
                'Error')
    settled(api, server_id, 'ACTIVE', 'active', 1)

    resp = act(api, server_id, {'createImage': {'name': 'doomed'}})
    assert resp.status_code == 202, resp.text
    image_id = resp.headers['Location'].rsplit('/', 1)[-1]
    _wait_event(deferred, server_id, 'createImage',
                'compute_snapshot_instance', 'Error')
    settled(api, server_id, 'ACTIVE', 'active', 1)
    assert _image(deferred, image_id).status_code == 404
    faults = _faults(deferred, server_id)
    assert len(faults) == 3
    assert 'Simulated rescue failure' in faults[1]
    assert 'Simulated snapshot failure' in faults[2]

    # A failed rebuild may have lost the guest: ERROR, with the fault.
    resp = act(api, server_id, {'rebuild': {'imageRef': _image_id(api)}})
    assert resp.status_code == 202, resp.text
    server = api.wait_for_status(server_id, 'ERROR')
    assert server['OS-EXT-STS:task_state'] is None
    assert 'Simulated rebuild failure' in server['fault']['message']
    delete(api, server_id)


def _used_instances(api):
    return api.get('/limits').json()['limits']['absolute'][
        'totalInstancesUsed']


def test_soft_delete_restore_and_force_delete(deferred):
    api = deferred.api.as_user(OWNER)
    server_id = boot(api, 'deferred')
    used = _used_instances(api)

    resp = api.delete('/servers/%s' % server_id)
    assert resp.status_code == 204, resp.text
    settled(api, server_id, 'SOFT_DELETED', 'soft-delete', 4)
    assert _used_instances(api) == used  # still counted
    _wait_event(deferred, server_id, 'delete', 'compute_soft_delete_instance')
    assert conflict(act(api, server_id, {'os-stop': None}))

    accepted(api, server_id, {'restore': None})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    _wait_event(deferred, server_id, 'restore', 'compute_restore_instance')

    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_status(server_id, 'SOFT_DELETED')
    accepted(api, server_id, {'forceDelete': None})
    api.wait_for_deletion(server_id)
    assert _used_instances(api) == used - 1


def test_soft_deleted_servers_are_reclaimed(deferred):
    api = deferred.api.as_user(OWNER)
    server_id = boot(api, 'reclaimed')
    assert api.delete('/servers/%s' % server_id).status_code == 204
    api.wait_for_status(server_id, 'SOFT_DELETED')
    # Reclaimed between one and two intervals later.
    api.wait_for_deletion(server_id, timeout=RECLAIM_SECONDS * 4)
    _wait_event(deferred, server_id, 'delete', 'compute_terminate_instance')


def test_guest_actions_on_every_deployment_shape(cloud):
    """Objects (ImageMeta), calls and the image upload across processes."""
    api = cloud.api.as_user(OWNER)
    server_id = boot(api, 'shapes')
    assert act(api, server_id, {'rescue': None}).status_code == 200
    settled(api, server_id, 'RESCUE', 'rescued', 1)
    accepted(api, server_id, {'unrescue': None})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    accepted(api, server_id, {'changePassword': {'adminPass': 'n3w-Pass'}})
    # The log ends with a newline, so its last line is the second piece.
    assert 'login:' in _console(api, server_id, 2)

    resp = act(api, server_id, {'createImage': {'name': 'shape-snap'}})
    assert resp.status_code == 202, resp.text
    snapshot_id = resp.headers['Location'].rsplit('/', 1)[-1]
    assert _wait_image_active(cloud, snapshot_id)['instance_uuid'] == \
        server_id
    idle(api, server_id)
    resp = act(api, server_id, {'rebuild': {'imageRef': snapshot_id}})
    assert resp.status_code == 202, resp.text
    server = settled(api, server_id, 'ACTIVE', 'active', 1)
    assert server['image']['id'] == snapshot_id
    _wait_event(cloud, server_id, 'rebuild', 'compute_rebuild_instance')
    delete(api, server_id)
