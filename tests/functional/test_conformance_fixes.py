"""Regression tests of the Tempest failures of issue 19 (shapes and
checks), over HTTP on the whole stack.

Each test's docstring names the root cause of the failure it guards.
"""

import uuid

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import conflict
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled

# The keys upstream's schema allows in the server of a rebuild (and
# update) answer at 2.1: Tempest's common server view plus adminPass.
REBUILD_KEYS = {
    'id', 'name', 'status', 'image', 'flavor', 'fault', 'user_id',
    'tenant_id', 'created', 'updated', 'progress', 'metadata', 'links',
    'addresses', 'hostId', 'OS-DCF:diskConfig', 'accessIPv4',
    'accessIPv6', 'adminPass'}
OWNER = 'conform:proj-conform'


def _image(api):
    return api.get('/images').json()['images'][0]['id']


def test_rebuild_answer_has_only_the_core_keys(aio):
    """Root cause: rebuild answered with the full detail view (extension
    attributes, key_name, config_drive, volumes, security groups), while
    upstream's rebuild and update views leave them out before 2.75."""
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'rebuild-shape')
    resp = act(api, server_id, {'rebuild': {'imageRef': _image(api)}})
    assert resp.status_code == 202, resp.text
    server = resp.json()['server']
    assert set(server) <= REBUILD_KEYS, set(server) - REBUILD_KEYS
    assert {'id', 'status', 'image', 'flavor', 'addresses', 'adminPass',
            'metadata', 'links'} <= set(server)
    for entries in server['addresses'].values():
        for entry in entries:
            assert set(entry) == {'addr', 'version'}
    settled(api, server_id, 'ACTIVE')
    # At 2.9 the lock state joins the view, nothing else.
    locked = api.as_user(OWNER, '2.9')
    resp = act(locked, server_id, {'rebuild': {'imageRef': _image(api)}})
    assert resp.status_code == 202, resp.text
    assert set(resp.json()['server']) <= REBUILD_KEYS | {'locked'}
    assert resp.json()['server']['locked'] is False
    settled(api, server_id, 'ACTIVE')
    # Update answers with the same view.
    resp = api.put('/servers/%s' % server_id,
                   json={'server': {'name': 'renamed'}})
    assert resp.status_code == 200, resp.text
    assert set(resp.json()['server']) <= REBUILD_KEYS - {'adminPass'}
    # The full view still has them all.
    shown = api.get('/servers/%s' % server_id).json()['server']
    assert 'OS-EXT-STS:vm_state' in shown and 'key_name' in shown
    delete(api, server_id)


def test_console_output_length_counts_pieces(aio):
    """Root cause: length=3 kept the last 3 lines with their newlines, so
    the output split on newlines into 4 pieces; upstream keeps the last 3
    newline-separated pieces (the empty one after the final newline
    included)."""
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'console-tail')
    accepted = act(api, server_id, {'reboot': {'type': 'SOFT'}})
    assert accepted.status_code == 202, accepted.text
    settled(api, server_id, 'ACTIVE')
    whole = act(api, server_id, {'os-getConsoleOutput': {}}).json()['output']
    assert len(whole.splitlines()) >= 3 and whole.endswith('\n')
    resp = act(api, server_id, {'os-getConsoleOutput': {'length': 3}})
    assert resp.status_code == 200, resp.text
    output = resp.json()['output']
    assert len(output.split('\n')) == 3
    assert output == ''.join(whole.splitlines(True)[-2:])
    delete(api, server_id)


def test_server_without_security_groups_has_no_key(aio):
    """Root cause: the detail view always wrote security_groups, [] for a
    server in no group; upstream leaves the key out then."""
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'no-groups')
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['security_groups'] == [{'name': 'default'}]
    resp = act(api, server_id,
               {'removeSecurityGroup': {'name': 'default'}})
    assert resp.status_code == 202, resp.text
    server = api.get('/servers/%s' % server_id).json()['server']
    assert 'security_groups' not in server
    listed = [s for s in api.get('/servers/detail').json()['servers']
              if s['id'] == server_id]
    assert 'security_groups' not in listed[0]
    delete(api, server_id)


def test_private_flavor_without_access_is_refused(aio):
    """Root cause: create read the flavor without the access check that
    GET /flavors/{id} makes, so any project could boot a private flavor;
    upstream treats it as missing (400)."""
    admin = aio.api
    flavor_id = 'private-%s' % uuid.uuid4().hex[:8]
    resp = admin.post('/flavors', json={'flavor': {
        'name': flavor_id, 'id': flavor_id, 'ram': 64, 'vcpus': 1,
        'disk': 1, 'os-flavor-access:is_public': False}})
    assert resp.status_code == 200, resp.text
    api = admin.as_user(OWNER)
    resp = api.post('/servers', json={'server': {
        'name': 'sneaky', 'imageRef': _image(api), 'flavorRef': flavor_id}})
    assert resp.status_code == 400, resp.text
    assert flavor_id in resp.json()['badRequest']['message']
    # Given access, the same project may boot it.
    resp = admin.post('/flavors/%s/action' % flavor_id, json={
        'addTenantAccess': {'tenant': 'proj-conform'}})
    assert resp.status_code == 200, resp.text
    server_id = boot(api, 'allowed', flavor=flavor_id)
    delete(api, server_id)
    assert admin.delete('/flavors/%s' % flavor_id).status_code == 202


def test_reboot_of_rescued_server_conflicts(aio):
    """Root cause: the state table let reboot start from vm_state
    rescued; upstream refuses it (409), both soft and hard."""
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'rescued-reboot')
    resp = act(api, server_id, {'rescue': None})
    assert resp.status_code == 200, resp.text
    settled(api, server_id, 'RESCUE')
    for kind in ('SOFT', 'HARD'):
        conflict(act(api, server_id, {'reboot': {'type': kind}}))
    server = api.get('/servers/%s' % server_id).json()['server']
    assert server['status'] == 'RESCUE'
    delete(api, server_id)


def test_tenant_usage_with_empty_id_is_not_found(aio):
    """Root cause: the router serves every path with a trailing slash
    too, so /os-simple-tenant-usage/ reached the list; upstream reads it
    as a project with an empty id and answers 404."""
    resp = aio.api.get('/os-simple-tenant-usage/')
    assert resp.status_code == 404, resp.text
    assert 'itemNotFound' in resp.json()
    assert aio.api.get('/os-simple-tenant-usage').status_code == 200
