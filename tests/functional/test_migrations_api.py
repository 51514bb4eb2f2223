"""Migrations over HTTP: GET /os-migrations (2.1, and 2.23 with
migration_type and links), a server's in-progress live migrations (2.23),
force-complete (2.22) and abort (2.24) of a running live migration, and
os-migrateLive's block_migration "auto" (2.25).

Live migrations of servers named slow-live stay "running" on the fake
driver until forced or aborted (see conftest.OPTIONS)."""

import time

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled

OWNER = 'alice:proj-migrations'


def _admin(cloud, version):
    return cloud.api.as_user('admin:admin', version)


def _host(admin, server_id):
    return admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _live_migrate(cloud, server_id, version='2.25', **argument):
    body = {'host': None, 'block_migration': 'auto'}
    body.update(argument)
    return act(_admin(cloud, version), server_id, {'os-migrateLive': body})


def _running_migration(cloud, server_id, timeout=30):
    """The server's live migration once it runs, with some progress."""
    admin = _admin(cloud, '2.23')
    deadline = time.time() + timeout
    while time.time() < deadline:
        resp = admin.get('/servers/%s/migrations' % server_id)
        assert resp.status_code == 200, resp.text
        found = resp.json()['migrations']
        if found and found[0]['status'] == 'running' and \
                found[0]['memory_total_bytes']:
            return found[0]
        time.sleep(0.1)
    raise AssertionError('no running live migration of %s' % server_id)


def _wait_migration(cloud, migration_id, status, timeout=30):
    admin = _admin(cloud, '2.23')
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = [m for m in admin.get('/os-migrations').json()['migrations']
                 if m['id'] == migration_id]
        if found and found[0]['status'] == status:
            return found[0]
        time.sleep(0.1)
    raise AssertionError('migration %s never reached %s' % (migration_id,
                                                            status))


def test_os_migrations_list_and_filters(cloud):
    api = cloud.api.as_user(OWNER)
    server_id = boot(api, 'mig-list')
    source = _host(cloud.api, server_id)
    resp = _live_migrate(cloud, server_id)
    assert resp.status_code == 202, resp.text
    settled(cloud.api, server_id, 'ACTIVE')
    dest = _host(cloud.api, server_id)
    assert dest != source

    # 2.1-2.22: the migration without its type or links.
    old = _admin(cloud, '2.22').get('/os-migrations?instance_uuid=%s'
                                    % server_id)
    assert old.status_code == 200, old.text
    (listed,) = old.json()['migrations']
    assert 'migration_type' not in listed and 'links' not in listed
    assert (listed['source_compute'], listed['dest_compute'],
            listed['status']) == (source, dest, 'completed')
    assert set(listed) == {
        'id', 'instance_uuid', 'status', 'source_compute', 'source_node',
        'dest_compute', 'dest_node', 'dest_host', 'old_instance_type_id',
        'new_instance_type_id', 'created_at', 'updated_at'}

    # 2.23: with migration_type; links only while a live one runs.
    new = _admin(cloud, '2.23').get('/os-migrations?instance_uuid=%s'
                                    % server_id).json()['migrations']
    assert [m['migration_type'] for m in new] == ['live-migration']
    assert 'links' not in new[0]

    # Filters: host (either end), status, migration_type.
    admin = _admin(cloud, '2.23')
    for query, expected in (('host=%s' % source, 1), ('host=%s' % dest, 1),
                            ('host=nowhere', 0), ('status=completed', 1),
                            ('status=error', 0),
                            ('migration_type=resize', 0),
                            ('migration_type=live-migration', 1)):
        found = admin.get('/os-migrations?instance_uuid=%s&%s' % (
            server_id, query)).json()['migrations']
        assert len(found) == expected, query

    assert api.get('/os-migrations').status_code == 403
    delete(api, server_id)


def test_abort_then_force_complete_a_running_live_migration(cloud):
    api = cloud.api.as_user(OWNER)
    server_id = boot(api, 'slow-live')
    source = _host(cloud.api, server_id)
    assert _live_migrate(cloud, server_id).status_code == 202
    running = _running_migration(cloud, server_id)
    migration_id = running['id']
    assert running['server_uuid'] == server_id
    assert running['source_compute'] == source
    assert running['memory_total_bytes'] == 512 * 1024 * 1024
    assert set(running) >= {'memory_processed_bytes',
                            'memory_remaining_bytes', 'disk_total_bytes',
                            'disk_processed_bytes', 'disk_remaining_bytes',
                            'created_at', 'updated_at', 'dest_compute'}
    path = '/servers/%s/migrations/%s' % (server_id, migration_id)

    # 2.23: listed with a link in /os-migrations and shown by id.
    listed = [m for m in _admin(cloud, '2.23').get(
        '/os-migrations').json()['migrations'] if m['id'] == migration_id]
    assert listed[0]['links'][0]['href'].endswith(path)
    shown = _admin(cloud, '2.23').get(path)
    assert shown.status_code == 200, shown.text
    assert shown.json()['migration']['id'] == migration_id
    # Before 2.23 there is no such resource; owners may not see it.
    assert _admin(cloud, '2.22').get(path).status_code == 404
    assert _admin(cloud, '2.22').get(
        '/servers/%s/migrations' % server_id).status_code == 404
    assert api.as_user(OWNER, '2.23').get(path).status_code == 403

    # Abort: 2.24 on; the server stays on its host, no fault.
    assert _admin(cloud, '2.23').delete(path).status_code == 404
    resp = _admin(cloud, '2.24').delete(path)
    assert resp.status_code == 202, resp.text
    _wait_migration(cloud, migration_id, 'cancelled')
    server = settled(cloud.api, server_id, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    assert 'fault' not in server
    assert _admin(cloud, '2.24').get(path).status_code == 404
    # Nothing runs any more: aborting again is a 409 (task state).
    assert _admin(cloud, '2.24').delete(path).status_code == 409

    # Force complete: 2.22 on; the server lands on the destination.
    assert _live_migrate(cloud, server_id).status_code == 202
    migration_id = _running_migration(cloud, server_id)['id']
    action = '/servers/%s/migrations/%s/action' % (server_id, migration_id)
    body = {'force_complete': None}
    assert _admin(cloud, '2.21').post(action, json=body).status_code == 404
    assert _admin(cloud, '2.22').post(action, json={
        'force_complete': {}}).status_code == 400
    resp = _admin(cloud, '2.22').post(action, json=body)
    assert resp.status_code == 202, resp.text
    completed = _wait_migration(cloud, migration_id, 'completed')
    server = settled(cloud.api, server_id, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == completed['dest_compute'] \
        != source
    assert _admin(cloud, '2.22').post(action, json=body).status_code == 409
    missing = '/servers/%s/migrations/999999/action' % server_id
    assert _admin(cloud, '2.22').post(missing, json=body).status_code \
        in (404, 409)
    delete(api, server_id)


def test_migrate_live_block_migration_auto_from_2_25(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'mig-auto')
    # 2.24: block_migration is a boolean, disk_over_commit required.
    resp = _live_migrate(aio, server_id, version='2.24',
                         disk_over_commit=False)
    assert resp.status_code == 400, resp.text
    assert _live_migrate(aio, server_id, version='2.24').status_code == 400
    # 2.25: "auto" is accepted, disk_over_commit is gone.
    resp = _live_migrate(aio, server_id, disk_over_commit=False)
    assert resp.status_code == 400, resp.text
    resp = _live_migrate(aio, server_id)
    assert resp.status_code == 202, resp.text
    settled(aio.api, server_id, 'ACTIVE')
    resp = _live_migrate(aio, server_id, version='2.24',
                         block_migration=False, disk_over_commit=False)
    assert resp.status_code == 202, resp.text
    settled(aio.api, server_id, 'ACTIVE')
    delete(api, server_id)
