"""Helpers of the server action tests over HTTP: boot a server, post an
action, wait for it to settle, and check what the state table refuses."""

import time
from urllib import parse

from nova.compute import states
from nova.image import default_image

# Status of a server -> its vm_state, for the states server_in reaches.
VM_STATE = {'ACTIVE': 'active', 'SHUTOFF': 'stopped', 'PAUSED': 'paused',
            'SUSPENDED': 'suspended'}


def seeded_image(api):
    """The public image every cloud is seeded with: other tests' images
    of a shared cloud may come first in the list, unfinished."""
    token = api.session.headers['X-Auth-Token']
    images = api.as_user(token, '2.1').get('/images').json()['images']
    return next(i['id'] for i in images if i['name'] == default_image.NAME)


def boot(api, name, flavor='1', image=None):
    """A new ACTIVE server (fails at once, with its fault, on ERROR), of
    the seeded image unless told another."""
    image = image or seeded_image(api)
    resp = api.post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': flavor}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    return server_id


def act(api, server_id, body):
    return api.post('/servers/%s/action' % server_id, json=body)


def idle(api, server_id, timeout=30, interval=0.05):
    """The server once no task runs (snapshots keep the ACTIVE status)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = api.get('/servers/%s' % server_id).json()['server']
        if server['OS-EXT-STS:task_state'] is None:
            return server
        time.sleep(interval)
    raise AssertionError('server %s stuck in task %s' % (
        server_id, server['OS-EXT-STS:task_state']))


def accepted(api, server_id, body):
    resp = act(api, server_id, body)
    # Upstream answers confirmResize with 204, the other actions with 202.
    expected = 204 if 'confirmResize' in body else 202
    assert resp.status_code == expected, resp.text
    assert resp.content == b''


def conflict(resp):
    assert resp.status_code == 409, resp.text
    return resp.json()['conflict']['message']


def delete(api, server_id):
    resp = api.delete('/servers/%s' % server_id)
    assert resp.status_code == 204, resp.text
    api.wait_for_deletion(server_id)


def settled(api, server_id, status, vm_state=None, power_state=None):
    """The server once its action finished in status; with vm_state, also
    checks its vm_state and power_state and that it has no fault."""
    # Some task states keep the status (rescuing and image_snapshot show
    # ACTIVE), and a failed step records its event before the host clears
    # the task: wait for the task to end too.
    deadline = time.time() + 60
    server = api.wait_for_status(server_id, status)
    while (server['OS-EXT-STS:task_state'] is not None
           and time.time() < deadline):
        time.sleep(0.05)
        server = api.wait_for_status(server_id, status)
    assert server['OS-EXT-STS:task_state'] is None, server
    if vm_state is not None:
        assert server['OS-EXT-STS:vm_state'] == vm_state
        assert server['OS-EXT-STS:power_state'] == power_state
        assert 'fault' not in server
    return server


def server_in(api, status):
    """A new server brought to status (a key of VM_STATE) by actions."""
    server_id = boot(api, 'in-%s' % status.lower())
    path = {'ACTIVE': [], 'SHUTOFF': [('os-stop', 'SHUTOFF')],
            'PAUSED': [('pause', 'PAUSED')],
            'SUSPENDED': [('suspend', 'SUSPENDED')]}[status]
    for key, reached in path:
        accepted(api, server_id, {key: None})
        api.wait_for_status(server_id, reached)
    return server_id


def assert_table_refuses(api, server_id, status, vm_state, bodies):
    """Each action of bodies ({table action: request body}) the state
    table forbids in vm_state is a 409 naming the state, and none of them
    starts anything: the server stays in status without a task."""
    refused = [action for action in bodies
               if not states.allowed(vm_state, None, action)]
    assert refused, 'every action is allowed in %s?' % vm_state
    for action in refused:
        message = conflict(act(api, server_id, bodies[action]))
        assert message == (
            "Cannot '%s' instance %s while it is in vm_state %s"
            % (states.TRANSITIONS[action].name, server_id, vm_state))
    assert_untouched(api, server_id, status)


def assert_untouched(api, server_id, status='ACTIVE'):
    """The server is in status with no task: a refused request started
    nothing, or a call that waited for the compute host is over."""
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['status'] == status
    assert server['OS-EXT-STS:task_state'] is None
    return server


def console_token(url):
    """The token of a console URL: in its query, or, for noVNC's page,
    in the query of the websocket path the page is given (?path=...)."""
    query = parse.parse_qs(parse.urlparse(url).query)
    if 'token' in query:
        return query['token'][0]
    path = query['path'][0]
    return parse.parse_qs(parse.urlparse(path).query)['token'][0]
