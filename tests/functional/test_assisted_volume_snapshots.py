"""os-assisted-volume-snapshots over HTTP: the API answers at once and the
compute host of the attached volume takes (or merges) the snapshot
through its driver, by RPC, on every deployment shape."""

import json
import time
import uuid

from tests.functional import actions_helpers as actions
from tests.functional import volume_helpers as vh

PATH = '/os-assisted-volume-snapshots'


def _delete(api, snapshot_id, volume_id):
    return api.delete('%s/%s' % (PATH, snapshot_id), params={
        'delete_info': json.dumps({'volume_id': volume_id})})


def _wait_snapshots(cloud, server_id, mountpoint, expected, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        device = vh.hypervisor_devices(cloud, server_id).get(mountpoint, {})
        if device.get('assisted_snapshots', {}) == expected:
            return
        time.sleep(0.05)
    raise AssertionError('snapshots of %s: %s, wanted %s' % (
        mountpoint, vh.hypervisor_devices(cloud, server_id), expected))


def test_assisted_snapshot_reaches_the_hypervisor(cloud):
    """Root cause: the route did not exist (404) though the extension
    list advertised os-assisted-volume-snapshots."""
    api = cloud.api
    vh.wait_volume_service(api)
    server_id = vh.boot(api, 'assisted')
    volume = vh.create_volume(api, 'assisted-vol')
    assert vh.attach(api, server_id, volume['id'],
                     device='/dev/vdc').status_code == 200
    vh.wait_volume(api, volume['id'], 'in-use')
    vh.wait_devices(cloud, server_id, ['/dev/vdc'])
    snapshot_id = str(uuid.uuid4())
    resp = api.post(PATH, json={'snapshot': {
        'volume_id': volume['id'], 'create_info': {
            'snapshot_id': snapshot_id, 'type': 'qcow2',
            'new_file': 'volume.%s' % snapshot_id, 'id': snapshot_id}}})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'snapshot': {'id': snapshot_id,
                                        'volumeId': volume['id']}}
    _wait_snapshots(cloud, server_id, '/dev/vdc',
                    {snapshot_id: 'volume.%s' % snapshot_id})
    resp = _delete(api, snapshot_id, volume['id'])
    assert resp.status_code == 204, resp.text
    _wait_snapshots(cloud, server_id, '/dev/vdc', {})
    actions.delete(api, server_id)
    vh.wait_volume(api, volume['id'], 'available')
    api.delete('/os-volumes/%s' % volume['id'])


def test_assisted_snapshot_errors(aio):
    api = aio.api
    vh.wait_volume_service(api)
    volume = vh.create_volume(api, 'unattached')
    body = {'snapshot': {'volume_id': volume['id'], 'create_info': {
        'snapshot_id': str(uuid.uuid4()), 'type': 'qcow2',
        'new_file': 'f'}}}
    # Not attached: nothing to snapshot (400, as upstream).
    resp = api.post(PATH, json=body)
    assert resp.status_code == 400, resp.text
    assert volume['id'] in resp.json()['badRequest']['message']
    assert _delete(api, 'x', volume['id']).status_code == 400
    # Without create_info's type, or with another type.
    for bad in ({'snapshot_id': 'a', 'new_file': 'f'},
                {'snapshot_id': 'a', 'new_file': 'f', 'type': 'raw'}):
        resp = api.post(PATH, json={'snapshot': {
            'volume_id': volume['id'], 'create_info': bad}})
        assert resp.status_code == 400, resp.text
    # delete_info missing or not JSON.
    assert api.delete(PATH + '/x').status_code == 400
    assert api.delete(PATH + '/x?delete_info=nope').status_code == 400
    # Administrators only.
    user = api.as_user('ann:proj-ann')
    assert user.post(PATH, json=body).status_code == 403
    assert _delete(user, 'x', volume['id']).status_code == 403
    api.delete('/os-volumes/%s' % volume['id'])
