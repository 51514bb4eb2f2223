"""The openstack CLI on the migration, key pair and hypervisor APIs of
2.22-2.35: server migration list/abort/force complete on a running
(slow, fake) live migration, keypair list --limit, hypervisor list.

`openstack server migration show <server> <id>` (python-openstackclient
10.5.0) hands the server and migration ids to openstacksdk in the wrong
order and asks for /servers/<id>/migrations/<server>; novaclient shows
the migration instead."""

import time

from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled
from tests.functional.test_clients import openstack


def _novaclient(aio, version):
    from keystoneauth1 import noauth
    from keystoneauth1 import session
    from novaclient import client
    return client.Client(version, session=session.Session(
        auth=noauth.NoAuth(endpoint=aio.endpoint)))


def _running(aio, server_id, timeout=30):
    """Id of the server's running live migration."""
    admin = aio.api.as_user('admin:admin', '2.23')
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = admin.get('/servers/%s/migrations'
                          % server_id).json()['migrations']
        if found and found[0]['status'] == 'running':
            return found[0]['id']
        time.sleep(0.1)
    raise AssertionError('no running live migration of %s' % server_id)


def _live_migrate(aio, server_id):
    resp = aio.api.as_user('admin:admin', '2.25').post(
        '/servers/%s/action' % server_id, json={'os-migrateLive': {
            'host': None, 'block_migration': 'auto'}})
    assert resp.status_code == 202, resp.text


def test_server_migration_commands(aio):
    server_id = boot(aio.api, 'slow-live')
    _live_migrate(aio, server_id)
    migration_id = _running(aio, server_id)

    listed = openstack(aio, '--os-compute-api-version', '2.24', 'server',
                       'migration', 'list', '--server', server_id)
    assert [(m['Id'], m['Status'], m['Type']) for m in listed] == [
        (migration_id, 'running', 'live-migration')]
    nova = _novaclient(aio, '2.24')
    shown = nova.server_migrations.get(server_id, migration_id)
    assert (shown.id, shown.status, shown.server_uuid) == (
        migration_id, 'running', server_id)
    openstack(aio, '--os-compute-api-version', '2.24', 'server',
              'migration', 'abort', server_id, str(migration_id),
              output=False)
    settled(aio.api, server_id, 'ACTIVE')

    _live_migrate(aio, server_id)
    migration_id = _running(aio, server_id)
    openstack(aio, '--os-compute-api-version', '2.22', 'server',
              'migration', 'force', 'complete', server_id,
              str(migration_id), output=False)
    deadline = time.time() + 30
    while time.time() < deadline:
        listed = openstack(aio, '--os-compute-api-version', '2.23',
                           'server', 'migration', 'list', '--server',
                           server_id)
        statuses = sorted(m['Status'] for m in listed)
        if statuses == ['cancelled', 'completed']:
            break
        time.sleep(0.2)
    assert statuses == ['cancelled', 'completed']
    delete(aio.api, server_id)


def test_keypair_list_limit_and_hypervisor_list(aio, tmp_path):
    """--limit is the page size: the CLI follows the next links."""
    for name in ('cli-page-a', 'cli-page-b', 'cli-page-c'):
        openstack(aio, '--os-compute-api-version', '2.35', 'keypair',
                  'create', '--private-key', str(tmp_path / name), name)
    paged = openstack(aio, '--os-compute-api-version', '2.35', 'keypair',
                      'list', '--limit', '1')
    every = openstack(aio, '--os-compute-api-version', '2.35', 'keypair',
                      'list')
    assert {'cli-page-a', 'cli-page-b', 'cli-page-c'} <= {
        k['Name'] for k in every}
    assert sorted(k['Name'] for k in paged) == sorted(
        k['Name'] for k in every)
    for name in ('cli-page-a', 'cli-page-b', 'cli-page-c'):
        openstack(aio, 'keypair', 'delete', name, output=False)

    hypervisors = openstack(aio, 'hypervisor', 'list')
    assert len(hypervisors) == 2
    paged = openstack(aio, '--os-compute-api-version', '2.33', 'hypervisor',
                      'list', '--limit', '1')
    # (ids differ: the CLI's own version shows uuids, 2.53)
    assert sorted(h['Hypervisor Hostname'] for h in paged) == sorted(
        h['Hypervisor Hostname'] for h in hypervisors)
