"""Server actions over HTTP on the whole stack: reboot, stop, start, pause,
unpause, suspend, resume, lock and unlock, and the 409s the state table
(nova.compute.states) answers for the rest."""

import concurrent.futures

import pytest

from nova.compute import states

OWNER = 'alice:proj-actions'
COLLEAGUE = 'carol:proj-actions'
STRANGER = 'bob:proj-other'

# action of the state table -> request body
BODIES = {
    'reboot_soft': {'reboot': {'type': 'SOFT'}},
    'reboot_hard': {'reboot': {'type': 'HARD'}},
    'stop': {'os-stop': None},
    'start': {'os-start': None},
    'pause': {'pause': None},
    'unpause': {'unpause': None},
    'suspend': {'suspend': None},
    'resume': {'resume': None},
}


def _boot(api, name):
    image = api.get('/images').json()['images'][0]['id']
    resp = api.post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    api.wait_for_status(server_id, 'ACTIVE')
    return server_id


def _act(api, server_id, body):
    return api.post('/servers/%s/action' % server_id, json=body)


def _accepted(api, server_id, body):
    resp = _act(api, server_id, body)
    assert resp.status_code == 202, resp.text
    assert resp.content == b''


def _conflict(resp):
    assert resp.status_code == 409, resp.text
    return resp.json()['conflict']['message']


def _delete(api, server_id):
    resp = api.delete('/servers/%s' % server_id)
    assert resp.status_code == 204, resp.text
    api.wait_for_deletion(server_id)


def _settled(api, server_id, status, vm_state, power_state):
    # The API sets the action's task_state before answering 202, so the
    # status only reaches `status` once the compute host has finished.
    server = api.wait_for_status(server_id, status)
    assert server['OS-EXT-STS:vm_state'] == vm_state
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-STS:power_state'] == power_state
    assert 'fault' not in server
    return server


def test_every_action_happy_path(cloud):
    api = cloud.api.as_user(OWNER)
    server_id = _boot(api, 'actions')

    _accepted(api, server_id, {'os-stop': None})
    _settled(api, server_id, 'SHUTOFF', 'stopped', 4)
    _accepted(api, server_id, {'os-start': None})
    _settled(api, server_id, 'ACTIVE', 'active', 1)
    _accepted(api, server_id, {'pause': None})
    _settled(api, server_id, 'PAUSED', 'paused', 3)
    _accepted(api, server_id, {'unpause': None})
    _settled(api, server_id, 'ACTIVE', 'active', 1)
    _accepted(api, server_id, {'suspend': None})
    _settled(api, server_id, 'SUSPENDED', 'suspended', 7)
    _accepted(api, server_id, {'resume': {}})
    _settled(api, server_id, 'ACTIVE', 'active', 1)
    for reboot_type in ('SOFT', 'HARD', 'soft'):
        _accepted(api, server_id, {'reboot': {'type': reboot_type}})
        _settled(api, server_id, 'ACTIVE', 'active', 1)

    # Locked by its owner: the project's other users are refused, the
    # owner unlocks it and it acts again.
    _accepted(api, server_id, {'lock': None})
    colleague = cloud.api.as_user(COLLEAGUE)
    assert _conflict(_act(colleague, server_id, {'os-stop': None})) == (
        'Instance %s is locked' % server_id)
    _accepted(api, server_id, {'unlock': None})
    _accepted(colleague, server_id, {'os-stop': None})
    _settled(api, server_id, 'SHUTOFF', 'stopped', 4)
    _delete(api, server_id)


def _server_in(api, status):
    """A server of OWNER brought to status through the actions API."""
    server_id = _boot(api, 'in-%s' % status.lower())
    path = {'ACTIVE': [], 'SHUTOFF': [('os-stop', 'SHUTOFF')],
            'PAUSED': [('pause', 'PAUSED')],
            'SUSPENDED': [('suspend', 'SUSPENDED')]}[status]
    for key, reached in path:
        _accepted(api, server_id, {key: None})
        api.wait_for_status(server_id, reached)
    return server_id


_VM_STATE = {'ACTIVE': 'active', 'SHUTOFF': 'stopped', 'PAUSED': 'paused',
             'SUSPENDED': 'suspended'}


@pytest.mark.parametrize('status', sorted(_VM_STATE))
def test_actions_the_table_refuses_are_409(aio, status):
    api = aio.api.as_user(OWNER)
    server_id = _server_in(api, status)
    vm_state = _VM_STATE[status]
    refused = [action for action in BODIES
               if not states.allowed(vm_state, None, action)]
    assert refused, 'every action is allowed in %s?' % vm_state
    for action in refused:
        message = _conflict(_act(api, server_id, BODIES[action]))
        assert message == (
            "Cannot '%s' instance %s while it is in vm_state %s"
            % (states.TRANSITIONS[action].name, server_id, vm_state))
    # Nothing was started: the server is still where it was.
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['status'] == status
    assert server['OS-EXT-STS:task_state'] is None
    _delete(api, server_id)


def test_racing_actions_only_one_passes(aio):
    api = aio.api.as_user(OWNER)
    server_id = _boot(api, 'race')
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(
            lambda _: _act(api, server_id, {'os-stop': None}), range(4)))
    codes = sorted(resp.status_code for resp in answers)
    assert codes == [202, 409, 409, 409], [r.text for r in answers]
    for resp in answers:
        if resp.status_code == 409:
            message = _conflict(resp)
            assert ('task_state powering-off' in message or
                    'vm_state stopped' in message), message
    api.wait_for_status(server_id, 'SHUTOFF')
    _delete(api, server_id)


def test_locked_server_refuses_non_admins(aio):
    admin = aio.api
    owner = aio.api.as_user(OWNER)
    server_id = _boot(owner, 'locked')
    locked = 'Instance %s is locked' % server_id

    _accepted(admin, server_id, {'lock': {}})
    for body in BODIES.values():
        assert _conflict(_act(owner, server_id, body)) == locked
    # The owner may neither unlock nor re-lock an admin's lock, nor delete.
    assert _conflict(_act(owner, server_id, {'unlock': None})) == locked
    assert _conflict(_act(owner, server_id, {'lock': None})) == locked
    assert _conflict(owner.delete('/servers/%s' % server_id)) == locked
    # Admins still act on it.
    _accepted(admin, server_id, {'pause': None})
    admin.wait_for_status(server_id, 'PAUSED')
    _accepted(admin, server_id, {'unpause': None})
    admin.wait_for_status(server_id, 'ACTIVE')
    _accepted(admin, server_id, {'unlock': None})
    _accepted(owner, server_id, {'pause': None})
    owner.wait_for_status(server_id, 'PAUSED')
    _delete(owner, server_id)


def test_locked_by_owner_unlocked_by_owner_or_admin(aio):
    admin = aio.api
    owner = aio.api.as_user(OWNER)
    server_id = _boot(owner, 'owner-locked')
    _accepted(owner, server_id, {'lock': None})
    assert _conflict(owner.delete('/servers/%s' % server_id)) == (
        'Instance %s is locked' % server_id)
    _accepted(admin, server_id, {'unlock': None})
    _accepted(owner, server_id, {'lock': None})
    _accepted(owner, server_id, {'unlock': None})
    _delete(owner, server_id)


def test_another_projects_server_is_404(aio):
    owner = aio.api.as_user(OWNER)
    stranger = aio.api.as_user(STRANGER)
    server_id = _boot(owner, 'not-yours')
    for body in list(BODIES.values()) + [{'lock': None}, {'unlock': None}]:
        resp = _act(stranger, server_id, body)
        assert resp.status_code == 404, resp.text
        assert resp.json()['itemNotFound']['code'] == 404
    resp = _act(owner, '00000000-0000-0000-0000-000000000000',
                {'pause': None})
    assert resp.status_code == 404
    assert owner.get('/servers/%s' % server_id).json()['server'][
        'status'] == 'ACTIVE'
    _delete(owner, server_id)


@pytest.mark.parametrize('body,named', [
    ({}, 'body'),
    ({'pause': None, 'unpause': None}, 'body'),
    ({'bogus': None}, 'bogus'),
    ({'reboot': {}}, 'type'),
    ({'reboot': None}, 'reboot'),
    ({'reboot': {'type': 'MEDIUM'}}, 'reboot/type'),
    ({'reboot': {'type': 'SOFT', 'extra': 1}}, 'extra'),
    ({'os-stop': 'now'}, 'os-stop'),
    ({'lock': {'locked_reason': 'x'}}, 'locked_reason'),
])
def test_bad_bodies_are_400_naming_the_field(aio, body, named):
    api = aio.api
    # The body is checked before the server is looked up.
    resp = _act(api, '00000000-0000-0000-0000-000000000000', body)
    assert resp.status_code == 400, resp.text
    message = resp.json()['badRequest']['message']
    assert named in message, message
