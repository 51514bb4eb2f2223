"""Server actions over HTTP on the whole stack: reboot, stop, start, pause,
unpause, suspend, resume, lock and unlock, and the 409s the state table
(nova.compute.states) answers for the rest."""

import concurrent.futures

import pytest

from tests.functional.actions_helpers import accepted
from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import assert_table_refuses
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import conflict
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import server_in
from tests.functional.actions_helpers import settled
from tests.functional.actions_helpers import VM_STATE

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


# test_split_images (in progress) imports these from here.
_accepted, _act, _boot = accepted, act, boot
_delete, _settled = delete, settled


def test_every_action_happy_path(cloud):
    api = cloud.api.as_user(OWNER)
    server_id = boot(api, 'actions')

    accepted(api, server_id, {'os-stop': None})
    settled(api, server_id, 'SHUTOFF', 'stopped', 4)
    accepted(api, server_id, {'os-start': None})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    accepted(api, server_id, {'pause': None})
    settled(api, server_id, 'PAUSED', 'paused', 3)
    accepted(api, server_id, {'unpause': None})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    accepted(api, server_id, {'suspend': None})
    settled(api, server_id, 'SUSPENDED', 'suspended', 7)
    accepted(api, server_id, {'resume': {}})
    settled(api, server_id, 'ACTIVE', 'active', 1)
    for reboot_type in ('SOFT', 'HARD', 'soft'):
        accepted(api, server_id, {'reboot': {'type': reboot_type}})
        settled(api, server_id, 'ACTIVE', 'active', 1)

    # Locked by its owner: the project's other users are refused, the
    # owner unlocks it and it acts again.
    accepted(api, server_id, {'lock': None})
    colleague = cloud.api.as_user(COLLEAGUE)
    assert conflict(act(colleague, server_id, {'os-stop': None})) == (
        'Instance %s is locked' % server_id)
    accepted(api, server_id, {'unlock': None})
    accepted(colleague, server_id, {'os-stop': None})
    settled(api, server_id, 'SHUTOFF', 'stopped', 4)
    delete(api, server_id)


@pytest.mark.parametrize('status', sorted(VM_STATE))
def test_actions_the_table_refuses_are_409(aio, status):
    api = aio.api.as_user(OWNER)
    server_id = server_in(api, status)
    assert_table_refuses(api, server_id, status, VM_STATE[status], BODIES)
    delete(api, server_id)


def test_racing_actions_only_one_passes(aio):
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'race')
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(
            lambda _: act(api, server_id, {'os-stop': None}), range(4)))
    codes = sorted(resp.status_code for resp in answers)
    assert codes == [202, 409, 409, 409], [r.text for r in answers]
    for resp in answers:
        if resp.status_code == 409:
            message = conflict(resp)
            assert ('task_state powering-off' in message or
                    'vm_state stopped' in message), message
    api.wait_for_status(server_id, 'SHUTOFF')
    delete(api, server_id)


def test_locked_server_refuses_non_admins(aio):
    admin = aio.api
    owner = aio.api.as_user(OWNER)
    server_id = boot(owner, 'locked')
    locked = 'Instance %s is locked' % server_id

    accepted(admin, server_id, {'lock': {}})
    for body in BODIES.values():
        assert conflict(act(owner, server_id, body)) == locked
    # The owner may neither unlock nor re-lock an admin's lock, nor delete;
    # lifting an admin's lock takes unlock_override (403, as upstream).
    assert act(owner, server_id, {'unlock': None}).status_code == 403
    assert conflict(act(owner, server_id, {'lock': None})) == locked
    assert conflict(owner.delete('/servers/%s' % server_id)) == locked
    # Admins still act on it.
    accepted(admin, server_id, {'pause': None})
    admin.wait_for_status(server_id, 'PAUSED')
    accepted(admin, server_id, {'unpause': None})
    admin.wait_for_status(server_id, 'ACTIVE')
    accepted(admin, server_id, {'unlock': None})
    accepted(owner, server_id, {'pause': None})
    owner.wait_for_status(server_id, 'PAUSED')
    delete(owner, server_id)


def test_locked_by_owner_unlocked_by_owner_or_admin(aio):
    admin = aio.api
    owner = aio.api.as_user(OWNER)
    server_id = boot(owner, 'owner-locked')
    accepted(owner, server_id, {'lock': None})
    assert conflict(owner.delete('/servers/%s' % server_id)) == (
        'Instance %s is locked' % server_id)
    accepted(admin, server_id, {'unlock': None})
    accepted(owner, server_id, {'lock': None})
    accepted(owner, server_id, {'unlock': None})
    delete(owner, server_id)


def test_another_projects_server_is_404(aio):
    owner = aio.api.as_user(OWNER)
    stranger = aio.api.as_user(STRANGER)
    server_id = boot(owner, 'not-yours')
    for body in list(BODIES.values()) + [{'lock': None}, {'unlock': None}]:
        resp = act(stranger, server_id, body)
        assert resp.status_code == 404, resp.text
        assert resp.json()['itemNotFound']['code'] == 404
    resp = act(owner, '00000000-0000-0000-0000-000000000000',
               {'pause': None})
    assert resp.status_code == 404
    assert owner.get('/servers/%s' % server_id).json()['server'][
        'status'] == 'ACTIVE'
    delete(owner, server_id)


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
    resp = act(api, '00000000-0000-0000-0000-000000000000', body)
    assert resp.status_code == 400, resp.text
    message = resp.json()['badRequest']['message']
    assert named in message, message
