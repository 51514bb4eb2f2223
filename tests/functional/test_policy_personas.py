"""The policy personas over HTTP with real Keystone tokens.

A real Keystone (tools/peers/keystone_peer.py) issues project-scoped
tokens to a reader, a member and a manager of project alpha, to the
bootstrap administrator, to a member of project beta (the other project)
and to a service user; the cloud checks them with keystonemiddleware.
Each row of CASES is one route of the Compute, Neutron or Image API with
the status each persona gets: readers read and never write (403), members
write in their project, managers get what upstream gives them (cold
migration), administrators everything, and the other project gets 404 on
alpha's resources. Add a row to cover another route.
"""

import collections
import os
import sys
import uuid

import pytest
import requests

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..',
                                'tools', 'peers'))
import keystone_peer  # noqa: E402

ALPHA, BETA = 'alpha', 'beta'
# Persona -> (user, project, roles given in that project).
USERS = {
    'reader': ('alpha-reader', ALPHA, ['reader']),
    'member': ('alpha-member', ALPHA, ['member']),
    'manager': ('alpha-manager', ALPHA, ['manager']),
    'other': ('beta-member', BETA, ['member']),
    'service': ('svc-events', 'service', ['service']),
}
PERSONAS = ('reader', 'member', 'manager', 'admin', 'other')


def _all(status, **override):
    """status for every persona but those overridden."""
    expected = dict.fromkeys(PERSONAS, status)
    expected.update(override)
    return expected


def _read(status=200):
    """Alpha's resource: alpha reads it, the other project cannot see."""
    return _all(status, other=404)


def _write(status, other=404):
    """Alpha's resource changed: members and up; readers 403."""
    return _all(status, reader=403, other=other)


def _admin_only(status):
    return _all(403, admin=status)


# api: compute, network or image. path: formatted with the ids of the
# resource (resource: the kind the row needs; a persona expected to
# succeed at a write gets a fresh one, the others share one). body: a
# dict, or a function of the persona.
Case = collections.namedtuple(
    'Case', 'name api method path expected resource body',
    defaults=(None, None))

CASES = [
    # Compute API: servers.
    Case('servers list', 'compute', 'GET', '/servers', _all(200)),
    Case('server show', 'compute', 'GET', '/servers/{server}', _read(),
         'server'),
    Case('server create', 'compute', 'POST', '/servers',
         _all(202, reader=403), body=lambda p: {'server': {
             'name': 'by-' + p, 'imageRef': '{image}', 'flavorRef': '1'}}),
    Case('server update', 'compute', 'PUT', '/servers/{server}',
         _write(200), 'server', {'server': {'name': 'renamed'}}),
    Case('server metadata show', 'compute', 'GET',
         '/servers/{server}/metadata', _read(), 'server'),
    Case('server metadata set', 'compute', 'PUT',
         '/servers/{server}/metadata/k', _write(200), 'server',
         {'meta': {'k': 'v'}}),
    Case('server lock', 'compute', 'POST', '/servers/{server}/action',
         _write(202), 'server', {'lock': None}),
    # Only administrators lift an administrator's lock (unlock_override).
    Case('server unlock admin lock', 'compute', 'POST',
         '/servers/{server}/action',
         _all(403, admin=202, other=404), 'admin_locked_server',
         {'unlock': None}),
    # Upstream gives project managers cold migration (without a host).
    Case('server migrate', 'compute', 'POST', '/servers/{server}/action',
         _all(403, manager=202, admin=202, other=404), 'server',
         {'migrate': None}),
    # ... but naming the host stays the administrators' (migrate_live:host).
    Case('server live migrate to a named host', 'compute', 'POST',
         '/servers/{server}/action',
         {'reader': 403, 'member': 403, 'manager': 403, 'other': 404},
         'server', {'os-migrateLive': {'host': 'elsewhere',
                                       'block_migration': False,
                                       'disk_over_commit': False}}),
    Case('server actions list', 'compute', 'GET',
         '/servers/{server}/os-instance-actions', _read(), 'server'),
    Case('server delete', 'compute', 'DELETE', '/servers/{server}',
         _write(204), 'server'),
    Case('external events', 'compute', 'POST', '/os-server-external-events',
         dict(_all(403), service=200), 'server', {'events': [
             {'name': 'network-changed', 'server_uuid': '{server}'}]}),
    # Flavors: everyone reads, administrators manage.
    Case('flavors list', 'compute', 'GET', '/flavors', _all(200)),
    Case('flavor create', 'compute', 'POST', '/flavors', _admin_only(200),
         body=lambda p: {'flavor': {'name': 'f-%s-%s' % (
             p, uuid.uuid4().hex[:6]), 'ram': 64, 'vcpus': 1, 'disk': 1}}),
    Case('flavor delete', 'compute', 'DELETE', '/flavors/{flavor}',
         _admin_only(202), 'flavor'),
    # Key pairs belong to users: everyone manages their own.
    Case('keypairs list', 'compute', 'GET', '/os-keypairs', _all(200)),
    Case('keypair create', 'compute', 'POST', '/os-keypairs', _all(200),
         body=lambda p: {'keypair': {'name': 'kp-' + p}}),
    # Volumes through the Compute API's proxy.
    Case('volumes list', 'compute', 'GET', '/os-volumes', _all(200)),
    Case('volume create', 'compute', 'POST', '/os-volumes',
         _all(200, reader=403), body={'volume': {'size': 1}}),
    Case('volume show', 'compute', 'GET', '/os-volumes/{volume}', _read(),
         'volume'),
    Case('quota show', 'compute', 'GET', '/os-quota-sets/{alpha}',
         _all(200, other=403)),
    Case('quota update', 'compute', 'PUT', '/os-quota-sets/{alpha}',
         _admin_only(200), body={'quota_set': {'key_pairs': 100}}),
    # Neutron API.
    Case('networks list', 'network', 'GET', '/v2.0/networks', _all(200)),
    Case('network create', 'network', 'POST', '/v2.0/networks',
         _all(201, reader=403), body={'network': {'name': 'n'}}),
    Case('network show', 'network', 'GET', '/v2.0/networks/{network}',
         _read(), 'network'),
    Case('network update', 'network', 'PUT', '/v2.0/networks/{network}',
         _write(200), 'network', {'network': {'name': 'renamed'}}),
    Case('port create', 'network', 'POST', '/v2.0/ports',
         _write(201), 'network', {'port': {'network_id': '{network}'}}),
    Case('port show', 'network', 'GET', '/v2.0/ports/{port}', _read(),
         'port'),
    Case('port delete', 'network', 'DELETE', '/v2.0/ports/{port}',
         _write(204), 'port'),
    # Image API.
    Case('images list', 'image', 'GET', '/v2/images', _all(200)),
    Case('image create', 'image', 'POST', '/v2/images',
         _all(201, reader=403), body={'name': 'i', 'disk_format': 'raw',
                                      'container_format': 'bare'}),
    Case('image show', 'image', 'GET', '/v2/images/{image_private}',
         _read(), 'image_private'),
    Case('image delete', 'image', 'DELETE', '/v2/images/{image_private}',
         _write(204), 'image_private'),
]


class Env:
    """The Keystone, the cloud behind it and a session per persona."""

    def __init__(self, keystone, cloud):
        self.keystone = keystone
        self.cloud = cloud
        self.endpoints = {'compute': cloud.endpoint,
                          'network': cloud.network_endpoint,
                          'image': cloud.image_endpoint}
        self.tokens = {'admin': keystone.admin_token()}
        self.projects = {}
        for persona, (user, project, roles) in USERS.items():
            keystone.ensure_user(user, project, roles)
            self.tokens[persona] = keystone.project_token(user, project)
            self.projects[persona] = keystone.ensure_project(project)['id']
        self.shared = {}
        self.image = actions_helpers.seeded_image(cloud.api)

    def call(self, persona, api, method, path, body=None):
        headers = {'X-Auth-Token': self.tokens[persona],
                   'Accept': 'application/json'}
        return requests.request(method, self.endpoints[api] + path,
                                json=body, headers=headers, timeout=60)

    def ok(self, persona, api, method, path, body=None):
        resp = self.call(persona, api, method, path, body)
        assert resp.status_code < 300, (method, path, resp.text)
        return resp.json() if resp.content else None

    # Resource factories: alpha's member makes each (admin: flavors).

    def make(self, kind):
        return getattr(self, '_make_' + kind)()

    def _make_server(self):
        server = self.ok('member', 'compute', 'POST', '/servers', {
            'server': {'name': 'persona', 'imageRef': self.image,
                       'flavorRef': '1'}})['server']
        api = self.cloud.api.as_user(self.tokens['member'])
        status = api.wait_for_status(server['id'], ['ACTIVE', 'ERROR'])
        assert status['status'] == 'ACTIVE', status
        return server['id']

    def _make_admin_locked_server(self):
        server_id = self._make_server()
        self.ok('admin', 'compute', 'POST', '/servers/%s/action'
                % server_id, {'lock': None})
        return server_id

    def _make_flavor(self):
        return self.ok('admin', 'compute', 'POST', '/flavors', {'flavor': {
            'name': 'gone-' + uuid.uuid4().hex[:8], 'ram': 64, 'vcpus': 1,
            'disk': 1}})['flavor']['id']

    def _make_volume(self):
        return self.ok('member', 'compute', 'POST', '/os-volumes', {
            'volume': {'size': 1}})['volume']['id']

    def _make_network(self):
        return self.ok('member', 'network', 'POST', '/v2.0/networks', {
            'network': {'name': 'alpha-net'}})['network']['id']

    def _make_port(self):
        return self.ok('member', 'network', 'POST', '/v2.0/ports', {
            'port': {'network_id': self.resource('network', False)}}
        )['port']['id']

    def _make_image_private(self):
        return self.ok('member', 'image', 'POST', '/v2/images', {
            'name': 'alpha-private', 'disk_format': 'raw',
            'container_format': 'bare', 'visibility': 'private'})['id']

    def resource(self, kind, fresh):
        if fresh:
            return self.make(kind)
        if kind not in self.shared:
            self.shared[kind] = self.make(kind)
        return self.shared[kind]


def _fill(value, ids):
    """value with {name} placeholders of strings replaced from ids."""
    if isinstance(value, str):
        for name, item in ids.items():
            value = value.replace('{%s}' % name, item)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    workdir = tmp_path_factory.mktemp('personas')
    keystone = keystone_peer.Keystone(str(workdir / 'keystone')).start()
    cloud = None
    try:
        keystone.ensure_service_user('nova')
        options = {'api.auth_strategy': 'keystone'}
        for name, value in keystone.authtoken_section('nova').items():
            options['keystone_authtoken.' + name] = value
        cloud = cloud_lib.Cloud(workdir / 'cloud', simulated_hosts=2,
                                options=options,
                                api_token=keystone.admin_token()).start()
        environment = Env(keystone, cloud)
        # Room for the servers the rows make in alpha.
        environment.ok('admin', 'compute', 'PUT', '/os-quota-sets/%s'
                       % environment.projects['member'], {'quota_set': {
                           'instances': 100, 'cores': 200,
                           'ram': 409600}})
        yield environment
    finally:
        if cloud is not None:
            cloud.stop()
        keystone.stop()


def _params():
    for case in CASES:
        for persona, status in case.expected.items():
            yield pytest.param(case, persona, status,
                               id='%s-%s' % (case.name.replace(' ', '_'),
                                             persona))


@pytest.mark.parametrize('case,persona,status', list(_params()))
def test_persona_matrix(env, case, persona, status):
    ids = {'image': env.image, 'alpha': env.projects['member']}
    if case.resource:
        # A write expected to succeed gets a resource of its own.
        fresh = status < 300 and case.method != 'GET'
        # Kinds name their placeholder by their last word:
        # admin_locked_server fills {server}.
        ids[case.resource] = ids[case.resource.rsplit('_', 1)[-1]] = \
            env.resource(case.resource, fresh)
    body = case.body(persona) if callable(case.body) else case.body
    resp = env.call(persona, case.api, case.method,
                    _fill(case.path, ids), _fill(body, ids))
    assert resp.status_code == status, resp.text


def test_reader_never_wrote_and_other_project_saw_nothing(env):
    """The alpha servers the other project lists: none; and no server
    is named after the reader (its create was refused)."""
    listed = env.ok('other', 'compute', 'GET', '/servers')['servers']
    assert all(s['name'] in ('by-other',) for s in listed), listed
    alpha = env.ok('member', 'compute', 'GET', '/servers')['servers']
    assert 'by-reader' not in [s['name'] for s in alpha]
