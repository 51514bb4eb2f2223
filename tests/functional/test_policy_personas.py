"""The policy personas over HTTP with real Keystone tokens, on every
route of the Compute, Neutron, Image and Block Storage APIs.

A real Keystone (tools/peers/keystone_peer.py) issues project-scoped
tokens to a reader, a member and a manager of project alpha, to the
bootstrap administrator and to a member of project beta (the other
project); the cloud checks them with keystonemiddleware. The rows are in
persona_matrix (one per route; test_every_route_has_a_row keeps it
complete). The run has two phases:

- the refusals (every persona expected to be refused, and every read)
  against one shared set of alpha's resources, after which the resources
  are compared with what they were: nothing a refused caller sent changed
  anything;
- the writes a persona may make, each on a fresh resource of its own.
  A manager token carries the member role too (Keystone's implied
  roles), so where members may write the managers' write is left out.
"""

import json
import os
import sys
import time
import uuid

import pytest
import requests

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib
from tests.functional import persona_matrix as matrix

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
VERSIONS = {'compute': 'compute latest', 'volume': 'volume 3.0'}
# The shared resources whose state the refusals must leave alone: kind ->
# the admin's path to read it.
WATCHED = {
    'server': ('compute', '/servers/{server}'),
    'network': ('network', '/v2.0/networks/{network}'),
    'port': ('network', '/v2.0/ports/{port}'),
    'subnet': ('network', '/v2.0/subnets/{subnet}'),
    'router': ('network', '/v2.0/routers/{router}'),
    'security_group': ('network', '/v2.0/security-groups/{security_group}'),
    'fip': ('network', '/v2.0/floatingips/{fip}'),
    'image_private': ('image', '/v2/images/{image_private}'),
    'volume': ('volume', '/v3/{admin}/volumes/{volume}'),
    'flavor': ('compute', '/flavors/{flavor}/os-extra_specs'),
    'keypair': ('compute', '/os-keypairs/{keypair}?user_id={member}'),
    'aggregate': ('compute', '/os-aggregates/{aggregate}'),
    'server_group': ('compute', '/os-server-groups/{server_group}'),
    'namespace': ('image', '/v2/metadefs/namespaces/{namespace}'),
}
# Fields that change by themselves (progress of a fake spawn, clocks).
VOLATILE = ('updated', 'updated_at', 'progress', 'revision_number',
            'OS-EXT-STS:power_state', 'OS-SRV-USG:launched_at',
            'server_groups', 'addresses')


# Kinds of the shared resources a row's path or body may name besides its
# own resource.
AUTO_FILLED = ('server', 'network', 'volume', 'security_group', 'subnet',
               'namespace', 'request', 'port')


class Env:
    """The Keystone, the cloud behind it and a token per persona."""

    def __init__(self, keystone, cloud):
        self.keystone = keystone
        self.cloud = cloud
        self.endpoints = {'compute': cloud.endpoint,
                          'network': cloud.network_endpoint,
                          'image': cloud.image_endpoint,
                          'volume': cloud.volume_endpoint}
        self.tokens = {'admin': keystone.admin_token()}
        self.projects = {'admin': keystone.ensure_project('admin')['id']}
        for persona, (user, project, roles) in USERS.items():
            keystone.ensure_user(user, project, roles)
            self.tokens[persona] = keystone.project_token(user, project)
            self.projects[persona] = keystone.ensure_project(project)['id']
        self.keystone_user_ids = {
            p: keystone.ensure_user(u, pr, r)['id']
            for p, (u, pr, r) in USERS.items()}
        self.shared = {}
        self.pool = []
        self.requests = 0
        self.image = actions_helpers.seeded_image(cloud.api)
        networks = self.ok('admin', 'network', 'GET',
                           '/v2.0/networks?name=public')['networks']
        self.public = networks[0]['id']

    def call(self, persona, api, method, path, body=None, version=None):
        headers = {'X-Auth-Token': self.tokens[persona],
                   'Accept': 'application/json'}
        if api in VERSIONS:
            headers['OpenStack-API-Version'] = VERSIONS[api]
        if version:
            headers['OpenStack-API-Version'] = 'compute ' + version
        kwargs = {'json': body}
        if isinstance(body, str) and body.startswith('bytes:'):
            body = body[len('bytes:'):].encode()
        if isinstance(body, bytes):
            headers['Content-Type'] = 'application/octet-stream'
            kwargs = {'data': body}
        elif method == 'PATCH':
            headers['Content-Type'] = \
                'application/openstack-images-v2.1-json-patch'
            kwargs = {'data': json.dumps(body)}
        self.requests += 1
        return requests.request(method, self.endpoints[api] + path,
                                headers=headers, timeout=60, **kwargs)

    def ok(self, persona, api, method, path, body=None, version=None):
        resp = self.call(persona, api, method, path, body, version)
        assert resp.status_code < 300, (method, path, resp.text)
        return resp.json() if resp.content else None

    def ids(self, persona):
        return {'image': self.image, 'alpha': self.projects['member'],
                'beta': self.projects['other'], 'public': self.public,
                'project': self.projects[persona]}

    # Resource factories: alpha's member makes each (admin: the cloud's).

    def make(self, kind):
        return getattr(self, '_make_' + kind)()

    def fill_server_pool(self, count):
        """count ACTIVE servers of alpha's member made in one request
        (the writes' fresh servers: one multi-create spawns them side by
        side instead of one after the other)."""
        if count <= 0:
            return
        self.ok('member', 'compute', 'POST', '/servers', {
            'server': {'name': 'pool', 'imageRef': self.image,
                       'flavorRef': '1', 'networks': 'none',
                       'metadata': {'m': 'v'}, 'tags': ['t'],
                       'min_count': count, 'max_count': count}})
        deadline = time.time() + 300
        while time.time() < deadline:
            servers = self.ok('member', 'compute', 'GET',
                              '/servers/detail?name=^pool-')['servers']
            statuses = [s['status'] for s in servers]
            assert 'ERROR' not in statuses, servers
            if statuses.count('ACTIVE') == count:
                self.pool = [s['id'] for s in servers]
                return
            time.sleep(1)
        raise AssertionError('pool servers: %s' % statuses)

    def _make_server(self):
        if self.pool:
            return self.pool.pop()
        server = self.ok('member', 'compute', 'POST', '/servers', {
            'server': {'name': 'persona', 'imageRef': self.image,
                       'flavorRef': '1', 'networks': 'none',
                       'metadata': {'m': 'v'}, 'tags': ['t']}})['server']
        api = self.cloud.api.as_user(self.tokens['member'])
        status = api.wait_for_status(server['id'], ['ACTIVE', 'ERROR'])
        assert status['status'] == 'ACTIVE', status
        return server['id']

    def _make_request(self):
        server = self.resource('server', False)
        return self.ok('member', 'compute', 'GET',
                       '/servers/%s/os-instance-actions' % server)[
            'instanceActions'][0]['request_id']

    def _make_flavor(self):
        flavor = self.ok('admin', 'compute', 'POST', '/flavors', {'flavor': {
            'name': 'p-' + uuid.uuid4().hex[:8], 'ram': 64, 'vcpus': 1,
            'disk': 1, 'os-flavor-access:is_public': False}})['flavor']['id']
        self.ok('admin', 'compute', 'POST', '/flavors/%s/os-extra_specs'
                % flavor, {'extra_specs': {'hw:numa_nodes': '1'}})
        return flavor

    def _make_keypair(self):
        return self.ok('member', 'compute', 'POST', '/os-keypairs', {
            'keypair': {'name': 'kp-' + uuid.uuid4().hex[:8]}}, '2.1')[
            'keypair']['name']

    def _make_service(self):
        services = self.ok('admin', 'compute', 'GET', '/os-services')
        return [s['id'] for s in services['services']
                if s['binary'] == 'nova-compute'][-1]

    def _make_host(self):
        return self.ok('admin', 'compute', 'GET', '/os-hypervisors')[
            'hypervisors'][0]['hypervisor_hostname']

    def _make_hypervisor(self):
        return self.ok('admin', 'compute', 'GET', '/os-hypervisors')[
            'hypervisors'][0]['id']

    def _make_aggregate(self):
        return str(self.ok('admin', 'compute', 'POST', '/os-aggregates', {
            'aggregate': {'name': 'a-' + uuid.uuid4().hex[:8]}})[
            'aggregate']['id'])

    def _make_server_group(self):
        return self.ok('member', 'compute', 'POST', '/os-server-groups', {
            'server_group': {'name': 'g', 'policy': 'affinity'}})[
            'server_group']['id']

    def _make_volume(self):
        volume = self.ok('member', 'compute', 'POST', '/os-volumes', {
            'volume': {'size': 1}}, '2.1')['volume']['id']
        self._wait_volume(volume)
        return volume

    def _make_snapshot(self):
        volume = self.resource('volume', True)
        return self.ok('member', 'compute', 'POST', '/os-snapshots', {
            'snapshot': {'volume_id': volume}}, '2.1')['snapshot']['id']

    def _wait_volume(self, volume):
        deadline = time.time() + 30
        while time.time() < deadline:
            status = self.ok('member', 'compute', 'GET',
                             '/os-volumes/' + volume, None, '2.1')[
                'volume']['status']
            if status == 'available':
                return
            time.sleep(0.2)
        raise AssertionError('volume %s is %s' % (volume, status))

    def _make_volume_type(self):
        return self.ok('member', 'volume', 'GET', '/v3/%s/types'
                       % self.projects['member'])['volume_types'][0]['id']

    def _make_network(self):
        return self.ok('member', 'network', 'POST', '/v2.0/networks', {
            'network': {'name': 'alpha-net'}})['network']['id']

    def _make_subnet(self):
        return self.ok('member', 'network', 'POST', '/v2.0/subnets', {
            'subnet': {'network_id': self.resource('network', True),
                       'ip_version': 4, 'cidr': '10.%d.%d.0/24' % (
                           100 + len(self.shared), self.requests % 250)}})[
            'subnet']['id']

    def _make_port(self):
        return self.ok('member', 'network', 'POST', '/v2.0/ports', {
            'port': {'network_id': self.resource('network', False)}}
        )['port']['id']

    def _make_security_group(self):
        return self.ok('member', 'network', 'POST', '/v2.0/security-groups',
                       {'security_group': {
                           'name': 'sg-' + uuid.uuid4().hex[:8]}})[
            'security_group']['id']

    def _make_sg_rule(self):
        return self.ok('member', 'network', 'POST',
                       '/v2.0/security-group-rules', {
                           'security_group_rule': {
                               'security_group_id': self.resource(
                                   'security_group', False),
                               'direction': 'ingress', 'ethertype': 'IPv4',
                               'protocol': 'tcp', 'port_range_min': 22,
                               'port_range_max': 22 + len(self.shared)}})[
            'security_group_rule']['id']

    def _make_fip(self):
        return self.ok('member', 'network', 'POST', '/v2.0/floatingips', {
            'floatingip': {'floating_network_id': self.public}})[
            'floatingip']['id']

    def _make_router(self):
        return self.ok('member', 'network', 'POST', '/v2.0/routers', {
            'router': {'name': 'alpha-router'}})['router']['id']

    def _make_image_private(self):
        return self.ok('member', 'image', 'POST', '/v2/images', {
            'name': 'alpha-private', 'disk_format': 'raw',
            'container_format': 'bare', 'visibility': 'shared',
            'm': 'v'})['id']

    def _make_image_active(self):
        image = self._make_image_private()
        resp = self.call('member', 'image', 'PUT', '/v2/images/%s/file'
                         % image, b'data')
        assert resp.status_code == 204, resp.text
        return image

    def _make_image_deactivated(self):
        image = self._make_image_active()
        self.ok('admin', 'image', 'POST', '/v2/images/%s/actions/deactivate'
                % image)
        return image

    def _make_image_with_member(self):
        image = self._make_image_private()
        self.ok('member', 'image', 'POST', '/v2/images/%s/members' % image,
                {'member': self.projects['other']})
        return image

    def _make_default_rule(self):
        return self.ok('admin', 'compute', 'POST',
                       '/os-security-group-default-rules', {
                           'security_group_default_rule': {
                               'ip_protocol': 'tcp', 'from_port': 2,
                               'to_port': 2 + len(self.shared) + (
                                   self.requests % 1000),
                               'cidr': '10.0.0.0/8'}}, '2.1')[
            'security_group_default_rule']['id']

    def _make_compute_fip(self):
        return self.ok('member', 'compute', 'POST', '/os-floating-ips',
                       {'pool': 'public'}, '2.1')['floating_ip']['id']

    def _make_namespace(self):
        name = 'ns-' + uuid.uuid4().hex[:8]
        base = '/v2/metadefs/namespaces'
        self.ok('admin', 'image', 'POST', base, {
            'namespace': name, 'visibility': 'public',
            'resource_type_associations': [
                {'name': 'OS::Glance::Image'}]})
        self.ok('admin', 'image', 'POST', '%s/%s/objects' % (base, name),
                {'name': 'obj'})
        self.ok('admin', 'image', 'POST', '%s/%s/properties' % (base, name),
                {'name': 'prop', 'title': 'p', 'type': 'string'})
        self.ok('admin', 'image', 'POST', '%s/%s/tags/tag' % (base, name))
        return name

    def resource(self, kind, fresh):
        if fresh:
            return self.make(kind)
        if kind not in self.shared:
            self.shared[kind] = self.make(kind)
        return self.shared[kind]

    def snapshot(self):
        """What the admin reads of every watched shared resource."""
        seen = {}
        for kind, (api, path) in WATCHED.items():
            resp = self.call('admin', api, 'GET', _fill(path, {
                kind: self.shared[kind], 'admin': self.projects['admin'],
                'member': self.keystone_user_ids['member']}), None,
                '2.10' if kind == 'keypair' else None)
            body = resp.json() if resp.content else None
            seen[kind] = (resp.status_code, _stable(body))
        return seen


def _stable(value):
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()
                if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _fill(value, ids):
    """value with {name} placeholders of strings replaced from ids."""
    if isinstance(value, str):
        for name, item in ids.items():
            value = value.replace('{%s}' % name, str(item))
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
        options = {'api.auth_strategy': 'keystone',
                   'volume.quota_volumes': 200,
                   'network.tenant_networks_limit': 100,
                   'volume.quota_snapshots': 200,
                   'volume.quota_gigabytes': 1000}
        for name, value in keystone.authtoken_section('nova').items():
            options['keystone_authtoken.' + name] = value
        cloud = cloud_lib.Cloud(workdir / 'cloud', simulated_hosts=2,
                                options=options,
                                api_token=keystone.admin_token()).start()
        environment = Env(keystone, cloud)
        # Room for the resources the rows make in alpha and beta.
        for persona in ('member', 'other'):
            environment.ok('admin', 'compute', 'PUT', '/os-quota-sets/%s'
                           % environment.projects[persona], {'quota_set': {
                               'instances': 200, 'cores': 400,
                               'ram': 819200, 'server_groups': 100,
                               'key_pairs': 100}})
            environment.ok('admin', 'network', 'PUT', '/v2.0/quotas/%s'
                           % environment.projects[persona], {'quota': {
                               'port': 200,
                               'floatingip': 50, 'router': 50,
                               'security_group': 100,
                               'security_group_rule': 500}})
        # Every shared resource made before the refusals start (making
        # one may change another: a rule added to the security group).
        for case in matrix.MATRIX.values():
            if case.resource:
                environment.resource(case.resource, False)
        for kind in AUTO_FILLED:
            environment.resource(kind, False)
        environment.before = environment.snapshot()
        environment.fill_server_pool(sum(
            1 for param in _params('writes')
            if matrix.MATRIX[param.values[0]].resource == 'server'))
        started = time.time()
        yield environment
        print('\npersona matrix: %d requests in %.1f s' % (
            environment.requests, time.time() - started))
    finally:
        if cloud is not None:
            cloud.stop()
        keystone.stop()


def _allowed(status):
    return status in (matrix.OK, matrix.PASSED) or status < 300


def _params(phase):
    for name, case in matrix.MATRIX.items():
        for persona, status in case.expected.items():
            writes = case.method != 'GET' and _allowed(status)
            if writes and persona == 'manager' and _allowed(
                    case.expected['member']):
                continue  # the member's write covers the manager's
            if writes == (phase == 'writes'):
                yield pytest.param(name, persona, status, id='%s-%s' % (
                    name.replace(' ', '_'), persona))


def _check(env, name, persona, status, fresh):
    case = matrix.MATRIX[name]
    ids = env.ids(persona)
    if case.resource:
        ids[case.resource] = env.resource(case.resource, fresh)
    for kind in AUTO_FILLED:
        if '{%s}' % kind in json.dumps([case.path, case.body if not
                                        callable(case.body) else None]):
            ids.setdefault(kind, env.resource(kind, False))
    body = case.body(persona) if callable(case.body) else case.body
    resp = env.call(persona, case.api, case.method, _fill(case.path, ids),
                    body if isinstance(body, bytes) else _fill(body, ids),
                    case.version)
    got = resp.status_code
    if status == matrix.OK:
        assert 200 <= got < 300, (got, resp.text)
    elif status == matrix.PASSED:
        assert got not in (401, 403, 404) and got < 500, (got, resp.text)
    else:
        assert got == status, resp.text
    if persona == 'reader' and case.method != 'GET' and \
            case.resource != 'keypair' and not name.endswith('keypair create'):
        # Whatever the row says, a reader never writes.
        assert got >= 300, resp.text


def test_every_route_has_a_row():
    """Each route of each router's table is in the matrix (or excluded
    with its reason); each row reaches a route."""
    found, tables = matrix.every_route()
    mappers = {api: matrix._mapper(table) for api, table in tables.items()}
    covered = set()
    for name, case in matrix.MATRIX.items():
        route = matrix.route_of(case, tables, mappers)
        assert route is not None, name
        covered.add((case.api,) + route)
        assert set(matrix.PERSONAS) <= set(case.expected), name
    missing = [(api,) + route for api, table in found.items()
               for route in table if (api,) + route not in covered and
               (api,) + route not in matrix.EXCLUDED]
    assert not missing, missing


def test_reader_never_allowed_a_write():
    """The table itself: no write route lets a reader through, and no
    route on alpha's resources lets the other project through."""
    for name, case in matrix.MATRIX.items():
        if case.method != 'GET' and not name.startswith('compute keypair'):
            assert not _allowed(case.expected['reader']) or \
                case.expected['reader'] == case.expected['admin'] and \
                case.expected['reader'] not in (matrix.OK, matrix.PASSED) \
                and case.expected['reader'] >= 400, name
        if case.resource and case.resource not in (
                'flavor', 'service', 'host', 'hypervisor', 'aggregate',
                'namespace', 'volume_type', 'image_with_member') and \
                not name.startswith('compute keypair'):
            assert not _allowed(case.expected['other']), name


@pytest.mark.parametrize('name,persona,status', list(_params('refusals')))
def test_refusals_and_reads(env, name, persona, status):
    _check(env, name, persona, status, fresh=False)


def test_refused_writes_changed_nothing(env):
    assert env.snapshot() == env.before


@pytest.mark.parametrize('name,persona,status', list(_params('writes')))
def test_allowed_writes(env, name, persona, status):
    _check(env, name, persona, status, fresh=True)


def test_reader_never_wrote_and_other_project_saw_nothing(env):
    """The alpha servers the other project lists: none but its own; and
    no server is named after the reader (its create was refused)."""
    listed = env.ok('other', 'compute', 'GET', '/servers')['servers']
    assert all(s['name'].endswith('-other') for s in listed), listed
    alpha = env.ok('member', 'compute', 'GET', '/servers')['servers']
    assert 'by-reader' not in [s['name'] for s in alpha]
