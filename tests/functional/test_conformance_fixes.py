"""Regression tests of the Tempest failures of issue 19 (shapes and
checks), over HTTP on the whole stack.

Each test's docstring names the root cause of the failure it guards.
"""

import uuid

import requests

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


def test_blank_member_id_is_not_found(aio):
    """Root cause: a trailing slash served the collection, so DELETE
    /images/ and DELETE /os-security-groups/ answered 405 (the collection
    has no DELETE); upstream reads the slash as a member with an empty id
    and answers 404."""
    for path in ('/images/', '/os-security-groups/'):
        resp = aio.api.request('DELETE', path)
        assert resp.status_code == 404, (path, resp.text)
        assert 'itemNotFound' in resp.json()
    # The collection without the slash still lacks the method.
    assert aio.api.request('DELETE', '/images').status_code == 405


def test_security_groups_by_neutron_uuid(aio):
    """Root cause: os-security-groups took only integer ids, so a client
    of a cloud with a network service (Tempest with neutron on) naming a
    group by its Neutron API UUID got 400 where upstream answers the
    group, or 404 for a missing one."""
    api = aio.api.as_user(OWNER)
    group = api.post('/os-security-groups', json={'security_group': {
        'name': 'by-uuid', 'description': 'd'}}).json()['security_group']
    net = requests.Session()
    net.headers['X-Auth-Token'] = OWNER
    neutron = [g for g in net.get(aio.network_endpoint +
                                  '/v2.0/security-groups').json()[
        'security_groups'] if g['name'] == 'by-uuid'][0]
    shown = api.get('/os-security-groups/%s' % neutron['id'])
    assert shown.status_code == 200, shown.text
    assert shown.json()['security_group']['id'] == group['id']
    missing = str(uuid.uuid4())
    for method in ('GET', 'DELETE'):
        resp = api.request(method, '/os-security-groups/%s' % missing)
        assert resp.status_code == 404, resp.text
    assert api.get('/os-security-groups/not-an-id').status_code == 400
    # Rules: the parent by UUID; a missing parent or rule is 404.
    resp = api.post('/os-security-group-rules', json={'security_group_rule': {
        'parent_group_id': neutron['id'], 'ip_protocol': 'tcp',
        'from_port': 22, 'to_port': 22, 'cidr': '10.2.3.124/24'}})
    assert resp.status_code == 200, resp.text
    rule = resp.json()['security_group_rule']
    assert rule['parent_group_id'] == group['id']
    # The cidr is shown as given (upstream); Neutron also normalizes it.
    assert rule['ip_range'] == {'cidr': '10.2.3.124/24'}
    neutron_rule = [r for r in net.get(
        aio.network_endpoint + '/v2.0/security-group-rules').json()[
        'security_group_rules'] if r['security_group_id'] == neutron['id']
        and r['protocol'] == 'tcp'][0]
    assert neutron_rule['normalized_cidr'] == '10.2.3.0/24'
    resp = api.post('/os-security-group-rules', json={'security_group_rule': {
        'parent_group_id': missing, 'ip_protocol': 'tcp', 'from_port': 22,
        'to_port': 22}})
    assert resp.status_code == 404, resp.text
    resp = api.request('DELETE', '/os-security-group-rules/%s' % missing)
    assert resp.status_code == 404, resp.text
    resp = api.request('DELETE', '/os-security-group-rules/%s'
                       % neutron_rule['id'])
    assert resp.status_code == 202, resp.text
    assert api.request('DELETE', '/os-security-groups/%s'
                       % neutron['id']).status_code == 202


def test_floating_ip_pool_by_network_and_moving_address(aio):
    """Root causes: a pool named by its external network's id (as
    Tempest does with public_network_id) was unknown (404); associating an
    address routed to another server answered 400 where upstream moves it;
    and a fixed IP could take a second floating IP of the same pool, which
    upstream refuses (400)."""
    api = aio.api.as_user(OWNER)
    net = requests.Session()
    net.headers['X-Auth-Token'] = OWNER
    public = [n for n in net.get(aio.network_endpoint + '/v2.0/networks')
              .json()['networks'] if n['router:external']][0]
    resp = api.post('/os-floating-ips', json={'pool': public['id']})
    assert resp.status_code == 200, resp.text
    first = resp.json()['floating_ip']
    assert first['pool'] == public['name']
    second = api.post('/os-floating-ips', json={
        'pool': public['name']}).json()['floating_ip']
    one, two = boot(api, 'fip-one'), boot(api, 'fip-two')
    for server_id in (one, two):
        settled(api, server_id, 'ACTIVE')
    add = {'addFloatingIp': {'address': first['ip']}}
    assert act(api, one, add).status_code == 202
    resp = act(api, two, add)
    assert resp.status_code == 202, resp.text
    shown = api.get('/os-floating-ips/%s' % first['id']).json()
    assert shown['floating_ip']['instance_id'] == two
    # It left the first server: removing it there is refused.
    resp = act(api, one, {'removeFloatingIp': {'address': first['ip']}})
    assert resp.status_code in (404, 409, 422), resp.text
    # A second address of the same pool on the same fixed IP: 400.
    resp = act(api, two, {'addFloatingIp': {'address': second['ip']}})
    assert resp.status_code == 400, resp.text
    assert first['ip'] in resp.json()['badRequest']['message']
    assert act(api, two, {'removeFloatingIp': {
        'address': first['ip']}}).status_code == 202
    for row in (first, second):
        assert api.request('DELETE', '/os-floating-ips/%s'
                           % row['id']).status_code == 202
    delete(api, one)
    delete(api, two)


def test_image_tasks_and_deactivation(aio):
    """Root causes: the image service had no GET /v2/images/{id}/tasks
    (Tempest's createBackup test waits on it: 404) and no deactivate /
    reactivate actions (Glance v2: an owner or admin switches an active
    image's data off; others get 403 on download, admins still read)."""
    owner = requests.Session()
    owner.headers['X-Auth-Token'] = OWNER
    admin = requests.Session()
    admin.headers['X-Auth-Token'] = 'admin:admin'
    url = aio.image_endpoint + '/v2/images'
    image = owner.post(url, json={'name': 'deact', 'disk_format': 'raw',
                                  'container_format': 'bare'}).json()
    item = '%s/%s' % (url, image['id'])
    assert owner.get(item + '/tasks').json() == {'tasks': []}
    assert owner.get('%s/%s/tasks' % (url, uuid.uuid4())).status_code == 404
    # Only an active image can be deactivated.
    resp = owner.post(item + '/actions/deactivate')
    assert resp.status_code == 403, resp.text
    assert owner.put(item + '/file', data=b'data', headers={
        'Content-Type': 'application/octet-stream'}).status_code == 204
    for _ in range(2):  # twice: deactivating a deactivated image is fine
        resp = owner.post(item + '/actions/deactivate')
        assert resp.status_code == 204, resp.text
    assert owner.get(item).json()['status'] == 'deactivated'
    assert owner.get(item + '/file').status_code == 403
    assert admin.get(item + '/file').content == b'data'
    other = requests.Session()
    other.headers['X-Auth-Token'] = 'someone:proj-other'
    assert other.post(item + '/actions/reactivate').status_code == 404
    for _ in range(2):
        resp = owner.post(item + '/actions/reactivate')
        assert resp.status_code == 204, resp.text
    assert owner.get(item).json()['status'] == 'active'
    assert owner.get(item + '/file').content == b'data'
    assert owner.delete(item).status_code == 204


def test_admin_project_filter_needs_all_tenants(aio):
    """Root cause: an administrator's tenant_id filter applied without
    all_tenants; upstream ignores it then and lists the admin's own
    project (lp:1185290), applying it only with all_tenants."""
    api = aio.api.as_user(OWNER)
    server_id = boot(api, 'filtered-out')
    project = OWNER.split(':')[1]
    for query in ('tenant_id=%s' % project, 'project_id=%s' % project):
        listed = aio.api.get('/servers?%s' % query).json()['servers']
        assert server_id not in [s['id'] for s in listed]
        listed = aio.api.get('/servers?all_tenants=&%s' % query).json()[
            'servers']
        assert server_id in [s['id'] for s in listed]
        # Every server listed is of that project.
        listed = aio.api.get('/servers/detail?all_tenants=1&%s' % query)
        assert {s['tenant_id'] for s in listed.json()['servers']} == {
            project}
    delete(api, server_id)


def test_security_group_name_keeps_its_blanks(aio):
    """Root cause: the name schema refused leading and trailing blanks;
    upstream checks the name without them (so only blanks is 400) and
    keeps it as given."""
    api = aio.api.as_user(OWNER)
    resp = api.post('/os-security-groups', json={'security_group': {
        'name': ' spaced group ', 'description': ''}})
    assert resp.status_code == 200, resp.text
    group = resp.json()['security_group']
    assert group['name'] == ' spaced group '
    assert api.get('/os-security-groups/%s' % group['id']).json()[
        'security_group'] == group
    resp = api.post('/os-security-groups', json={'security_group': {
        'name': '   ', 'description': ''}})
    assert resp.status_code == 400, resp.text
    assert api.request('DELETE', '/os-security-groups/%s'
                       % group['id']).status_code == 202
