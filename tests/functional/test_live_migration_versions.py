"""os-migrateLive across microversions over HTTP: a named host is checked
by the scheduler unless forced (2.30), and the prechecks run after the
answer (2.34), each next to the version before.

The named destination is a disabled compute service: the scheduler's
filters refuse it, a forced move does not look."""

import contextlib

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled

OWNER = 'alice:proj-live-versions'


def _host(admin, server_id):
    return admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _compute_hosts(admin):
    return sorted(s['host'] for s in admin.get(
        '/os-services?binary=nova-compute').json()['services'])


@contextlib.contextmanager
def _disabled(admin, host):
    body = {'host': host, 'binary': 'nova-compute'}
    assert admin.put('/os-services/disable', json=body).status_code == 200
    try:
        yield host
    finally:
        assert admin.put('/os-services/enable',
                         json=body).status_code == 200


def _migrate(cloud, server_id, version, **argument):
    body = {'host': None, 'block_migration': False}
    body.update(argument)
    return act(cloud.api.as_user('admin:admin', version), server_id,
               {'os-migrateLive': body})


def _last_live_migration(admin, server_id):
    actions = admin.get('/servers/%s/os-instance-actions'
                        % server_id).json()['instanceActions']
    latest = [a for a in actions if a['action'] == 'live-migration'][0]
    detail = admin.get('/servers/%s/os-instance-actions/%s' % (
        server_id, latest['request_id'])).json()['instanceAction']
    return {e['event']: e['result'] for e in detail['events']}


def test_named_host_forced_only_with_force_from_2_30(cloud):
    admin = cloud.api
    server_id = boot(admin.as_user(OWNER), 'live-force')
    source = _host(admin, server_id)
    (other,) = [h for h in _compute_hosts(admin) if h != source]
    with _disabled(admin, other):
        # 2.30: the scheduler checks the host and refuses it (2.33:
        # prechecks before the answer, so a 400).
        resp = _migrate(cloud, server_id, '2.30', host=other)
        assert resp.status_code == 400, resp.text
        assert 'No valid host' in resp.text
        settled(admin, server_id, 'ACTIVE')
        assert _host(admin, server_id) == source
        # 2.30 with force: no checks, the move happens.
        resp = _migrate(cloud, server_id, '2.30', host=other, force=True)
        assert resp.status_code == 202, resp.text
        settled(admin, server_id, 'ACTIVE')
        assert _host(admin, server_id) == other
    with _disabled(admin, source):
        # 2.29: a named host is always forced; force is unknown.
        resp = _migrate(cloud, server_id, '2.29', host=source, force=True)
        assert resp.status_code == 400, resp.text
        resp = _migrate(cloud, server_id, '2.29', host=source)
        assert resp.status_code == 202, resp.text
        settled(admin, server_id, 'ACTIVE')
        assert _host(admin, server_id) == source
    delete(admin, server_id)


def test_prechecks_after_the_answer_from_2_34(cloud):
    admin = cloud.api
    server_id = boot(admin.as_user(OWNER), 'live-async')
    source = _host(admin, server_id)
    (other,) = [h for h in _compute_hosts(admin) if h != source]
    with _disabled(admin, other):
        # 2.33: no valid host is a 400 and the server did not move.
        resp = _migrate(cloud, server_id, '2.33')
        assert resp.status_code == 400, resp.text
        server = settled(admin, server_id, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] == source
        # 2.34: accepted; the failure lands on the action's events.
        resp = _migrate(cloud, server_id, '2.34')
        assert resp.status_code == 202, resp.text
        server = settled(admin, server_id, 'ACTIVE')
        assert server['OS-EXT-SRV-ATTR:host'] == source
        assert _last_live_migration(admin, server_id) == {
            'conductor_live_migrate_instance': 'Error'}
        failed = admin.as_user('admin:admin', '2.23').get(
            '/os-migrations?instance_uuid=%s' % server_id).json()
        assert [m['status'] for m in failed['migrations']] == [
            'error', 'error']
    delete(admin, server_id)
