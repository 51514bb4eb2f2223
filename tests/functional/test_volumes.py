"""Volumes, snapshots and attachments over HTTP on the whole stack."""

import os

import pytest

from tests.functional import actions_helpers as actions
from tests.functional import volume_helpers as vh


@pytest.fixture
def api(cloud):
    vh.wait_volume_service(cloud.api)
    return cloud.api.as_user('vol-user:proj-volumes')


def test_volume_and_snapshot_lifecycle(cloud, api):
    volume = vh.create_volume(api, 'data', size=2,
                              metadata={'purpose': 'test'})
    assert volume['size'] == 2 and volume['displayName'] == 'data'
    assert volume['attachments'] == [{}]
    assert volume['metadata'] == {'purpose': 'test'}
    assert volume['availabilityZone'] == 'nova'
    listed = api.get('/os-volumes').json()['volumes']
    assert volume['id'] in [v['id'] for v in listed]
    detail = api.get('/os-volumes/detail').json()['volumes']
    assert volume['id'] in [v['id'] for v in detail]
    # Another project does not see it.
    other = cloud.api.as_user('eve:proj-other')
    assert other.get('/os-volumes/%s' % volume['id']).status_code == 404

    resp = api.post('/os-snapshots', json={'snapshot': {
        'volume_id': volume['id'], 'display_name': 'snap'}})
    assert resp.status_code == 200, resp.text
    snapshot = resp.json()['snapshot']
    assert snapshot['volumeId'] == volume['id'] and snapshot['size'] == 2
    snapshot = _wait_snapshot(api, snapshot['id'], 'available')
    assert snapshot['displayName'] == 'snap'
    assert snapshot['id'] in [
        s['id'] for s in api.get('/os-snapshots/detail').json()['snapshots']]

    # A volume with snapshots cannot go; its copy from the snapshot can.
    copy = vh.create_volume(api, 'copy', size=3, snapshot_id=snapshot['id'])
    assert copy['snapshotId'] == snapshot['id']
    message = vh.fault(api.delete('/os-volumes/%s' % volume['id']), 400)
    assert 'snapshots' in message
    assert api.delete('/os-snapshots/%s' % snapshot['id']).status_code == 202
    _wait_snapshot(api, snapshot['id'], 'deleted')
    for vol in (volume, copy):
        assert api.delete('/os-volumes/%s' % vol['id']).status_code == 202
        vh.wait_volume(api, vol['id'], 'deleted')
    assert vh.fault(api.get('/os-volumes/%s' % volume['id']), 404) == (
        'Volume %s could not be found.' % volume['id'])


def _wait_snapshot(api, snapshot_id, status, timeout=30):
    import time
    deadline = time.time() + timeout
    while time.time() < deadline:
        resp = api.get('/os-snapshots/%s' % snapshot_id)
        if resp.status_code == 404 and status == 'deleted':
            return None
        snapshot = resp.json()['snapshot']
        if snapshot['status'] == status:
            return snapshot
        time.sleep(0.05)
    raise AssertionError('snapshot %s never %s' % (snapshot_id, status))


def test_attach_detach_and_second_attach_refused(cloud, api):
    server_a = vh.boot(api, 'vol-a')
    server_b = vh.boot(api, 'vol-b')
    volume = vh.create_volume(api, 'shared')

    resp = vh.attach(api, server_a, volume['id'], device='/dev/vdc')
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'volumeAttachment': {
        'id': volume['id'], 'volumeId': volume['id'],
        'serverId': server_a, 'device': '/dev/vdc'}}
    attached = vh.wait_volume(api, volume['id'], 'in-use')
    assert attached['attachments'] == [{
        'id': volume['id'], 'volumeId': volume['id'],
        'serverId': server_a, 'device': '/dev/vdc'}]
    devices = vh.wait_devices(cloud, server_a, ['/dev/vdc'])
    info = devices['/dev/vdc']
    assert info['driver_volume_type'] == 'file'
    assert info['data']['format'] == 'raw'
    assert os.path.isabs(info['data']['device_path'])
    assert os.path.getsize(info['data']['device_path']) == 1024 ** 3

    path = '/servers/%s/os-volume_attachments' % server_a
    assert api.get(path).json() == {'volumeAttachments': [
        resp.json()['volumeAttachment']]}
    assert api.get('%s/%s' % (path, volume['id'])).status_code == 200
    server = api.get('/servers/%s' % server_a).json()['server']
    assert server['os-extended-volumes:volumes_attached'] == [
        {'id': volume['id']}]
    server = api.as_user('vol-user:proj-volumes', version='2.3').get(
        '/servers/%s' % server_a).json()['server']
    assert server['os-extended-volumes:volumes_attached'] == [
        {'id': volume['id'], 'delete_on_termination': False}]

    # The seed's rejection: an active mapping refuses a second attach.
    message = vh.fault(vh.attach(api, server_b, volume['id']), 400)
    assert message == ('Invalid volume: volume %s is already attached to '
                       'instance %s' % (volume['id'], server_a))
    # The same server twice.
    message = vh.fault(vh.attach(api, server_a, volume['id']), 400)
    assert message == 'Invalid volume: volume %s already attached' % (
        volume['id'])

    assert api.delete('%s/%s' % (path, volume['id'])).status_code == 202
    vh.wait_volume(api, volume['id'], 'available')
    vh.wait_devices(cloud, server_a, [])
    # Detach again: nothing attached any more, nothing breaks.
    message = vh.fault(api.delete('%s/%s' % (path, volume['id'])), 404)
    assert message == 'volume_id not found: %s' % volume['id']
    assert vh.wait_volume(api, volume['id'], 'available')
    # Now the other server may have it, at the next free device.
    resp = vh.attach(api, server_b, volume['id'])
    assert resp.json()['volumeAttachment']['device'] == '/dev/vdb'
    vh.wait_volume(api, volume['id'], 'in-use')
    vh.wait_devices(cloud, server_b, ['/dev/vdb'])
    actions.delete(api, server_a)
    actions.delete(api, server_b)
    # The server delete detached it (delete_on_termination false: kept).
    vh.wait_volume(api, volume['id'], 'available')


def test_attach_errors(aio):
    api = aio.api.as_user('vol-user:proj-attach-errors')
    vh.wait_volume_service(aio.api)
    server = vh.boot(api, 'errs')
    missing = '00000000-0000-0000-0000-000000000001'
    assert vh.fault(vh.attach(api, server, missing), 404) == (
        'Volume %s could not be found.' % missing)
    volume = vh.create_volume(api, 'errs')
    resp = vh.attach(api, server, volume['id'], device='/dev/bad path')
    assert resp.status_code == 400
    unknown = '/servers/%s/os-volume_attachments/%s' % (server, missing)
    assert vh.fault(api.get(unknown), 404) == (
        'volume_id not found: %s' % missing)
    actions.accepted(api, server, {'lock': None})
    other = aio.api.as_user('bob:proj-attach-errors')
    message = vh.fault(vh.attach(other, server, volume['id']), 409)
    assert message == 'Instance %s is locked' % server
    actions.accepted(api, server, {'unlock': None})
    actions.delete(api, server)


def test_swap_volume(aio):
    api = aio.api.as_user('admin:proj-swap')
    vh.wait_volume_service(aio.api)
    server = vh.boot(api, 'swap')
    old = vh.create_volume(api, 'old')
    new = vh.create_volume(api, 'new')
    assert vh.attach(api, server, old['id']).status_code == 200
    vh.wait_volume(api, old['id'], 'in-use')
    resp = api.put('/servers/%s/os-volume_attachments/%s' % (
        server, old['id']), json={'volumeAttachment': {'volumeId':
                                                       new['id']}})
    assert resp.status_code == 202, resp.text
    vh.wait_volume(api, new['id'], 'in-use')
    vh.wait_volume(api, old['id'], 'available')
    attachments = api.get('/servers/%s/os-volume_attachments' % server)
    assert [a['volumeId'] for a in
            attachments.json()['volumeAttachments']] == [new['id']]
    devices = vh.wait_devices(aio, server, ['/dev/vdb'])
    assert new['id'] in devices['/dev/vdb']['data']['device_path']
    actions.delete(api, server)


def test_server_delete_deletes_volume_on_termination(aio):
    api = aio.api.as_user('vol-user:proj-dot')
    vh.wait_volume_service(aio.api)
    server = vh.boot(api, 'dot')
    volume = vh.create_volume(api, 'dot')
    # delete_on_termination at attach comes with 2.79, as upstream.
    resp = vh.attach(api.as_user('vol-user:proj-dot', '2.79'), server,
                     volume['id'], delete_on_termination=True)
    assert resp.status_code == 200, resp.text
    vh.wait_volume(api, volume['id'], 'in-use')
    actions.delete(api, server)
    vh.wait_volume(api, volume['id'], 'deleted')


def test_backend_failure_leaves_error_and_releases_quota(cloud, api):
    """The fault test: the built-in backend fails (fail_create_for_names);
    the volume ends in error and no longer holds quota (default 10
    volumes per project: ten more fit, the eleventh does not)."""
    project = cloud.api.as_user('vol-user:proj-fault-%s' %
                                cloud.db.kind)
    failed = vh.create_volume(project, 'fail-volume', wait=False)
    failed = vh.wait_volume(project, failed['id'], ['error', 'available'])
    assert failed['status'] == 'error'
    made = [vh.create_volume(project, 'ok-%d' % i, wait=False)
            for i in range(10)]
    resp = project.post('/os-volumes', json={'volume': {'size': 1}})
    assert vh.fault(resp, 403) == (
        'Quota exceeded for volumes: Requested 1, but already used 10 of '
        '10 volumes')
    for volume in made + [failed]:
        vh.wait_volume(project, volume['id'], ['available', 'error'])
        assert project.delete('/os-volumes/%s' % volume['id']).status_code \
            == 202


def _manage(cloud, *args):
    import subprocess
    import sys
    binary = os.path.join(os.path.dirname(sys.executable), 'nova-manage')
    return subprocess.run([binary, '--config-file', cloud.config_file] +
                          list(args), capture_output=True, text=True,
                          check=True).stdout


def test_volume_types_and_per_type_quota(cloud, api):
    """Types come from nova-manage; a type's gigabytes quota limits its
    volumes only."""
    kind = cloud.db.kind
    project = cloud.api.as_user('vol-user:proj-types-%s' % kind)
    out = _manage(cloud, 'volume', 'type-create', 'gold-%s' % kind,
                  '--spec', 'tier=1')
    assert out.startswith('Created volume type gold-%s' % kind)
    assert 'tier=1' in _manage(cloud, 'volume', 'type-list')
    _manage(cloud, 'volume', 'quota-set', 'proj-types-%s' % kind,
            'gigabytes_gold-%s' % kind, '2')
    gold = vh.create_volume(project, 'g1', size=2,
                            volume_type='gold-%s' % kind)
    assert gold['volumeType'] == 'gold-%s' % kind
    resp = project.post('/os-volumes', json={'volume': {
        'size': 1, 'volume_type': 'gold-%s' % kind}})
    assert vh.fault(resp, 403) == (
        'Quota exceeded for gigabytes_gold-%s: Requested 1, but already '
        'used 2 of 2 gigabytes_gold-%s' % (kind, kind))
    plain = vh.create_volume(project, 'plain', size=1)
    resp = project.post('/os-volumes', json={'volume': {
        'size': 1, 'volume_type': 'no-such-type'}})
    assert vh.fault(resp, 404) == (
        'Volume type no-such-type could not be found.')
    for volume in (gold, plain):
        assert project.delete('/os-volumes/%s' % volume['id']).status_code \
            == 202
