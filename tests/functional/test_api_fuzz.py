"""Fuzzing the live all-in-one over HTTP: no 5xx, responses as described.

The property-based part fetches the OpenAPI descriptions the cloud serves
(GET /v2.1/openapi.json, /openapi.json on the image and Neutron
listeners) and runs schemathesis over every operation (fuzz_helpers:
fixed example counts, derandomized, so a run is reproducible and bounded
in time). The hand-written part sends the inputs issue 15 found 500s
with to every route of the Compute, image and Neutron APIs (and to each
attribute of the Neutron bodies), every EC2 action and the metadata
service. Each test prints its figures (requests, seconds).
"""

import base64
import itertools
import json
import re

from botocore import auth as botocore_auth
from botocore import awsrequest
from botocore import credentials as botocore_credentials
import pytest
import requests

from nova.api.ec2 import actions as ec2_actions
from tests.functional import ec2_cloud
from tests.functional import fuzz_helpers

# Examples per operation and variant (positive and negative input, real
# and generated ids): about 2,500 fuzzed requests over the two Compute
# microversions and the image API, about a minute on two cores.
EXAMPLES = 6
HEADERS = {'X-Auth-Token': 'admin:admin'}

# Raw values for path segments and query strings (already URL-encoded).
NASTY_URL_VALUES = ['%FF%FE', 'a%00b', '%ED%A0%80', str(2 ** 70),
                    '-1', 'x' * 300, '%F0%9F%92%A9', '%2E%2E', "'%22"]
# Raw request bodies.
NASTY_BODIES = [
    b'{"a":' * 5000 + b'1' + b'}' * 5000,
    b'{"x": "\\ud800"}',
    b'{"x": "a\\u0000b"}',
    b'{"x": ' + b'9' * 5000 + b'}',
    b'{"x": 1e999}',
    b'\xff\xfe{}',
    b'not json',
    b'[]',
    b'null',
    b'{"x": "' + b'y' * 100000 + b'"}',
]
# Bytes as sent: a NUL, an encoded lone surrogate, bytes that are no UTF-8.
NASTY_EC2_VALUES = [b'a\x00b', b'\xed\xa0\x80', b'\xff\xfe', b'x' * 300,
                    str(2 ** 70).encode(), b'-1', '\U0001f4a9'.encode(), b'']
EC2_PARAMETERS = ['InstanceId.1', 'ImageId', 'GroupName', 'GroupId',
                  'KeyName', 'VolumeId', 'Filter.1.Name', 'Filter.1.Value.1',
                  'Description', 'Attribute', 'ResourceId.1', 'Tag.1.Key',
                  'Tag.1.Value', 'MaxCount', 'PublicIp', 'IpProtocol',
                  'FromPort', 'CidrIp', 'Size', 'UserData']


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    running = ec2_cloud.start(tmp_path_factory.mktemp('fuzz'))
    yield running
    running.stop()


def _ok(resp, *codes):
    assert resp.status_code in (codes or (200,)), resp.text
    return resp.json() if resp.content else None


@pytest.fixture(scope='module')
def known_ids(cloud):
    """Ids of real resources, so the fuzzer reaches past the 404s."""
    api = cloud.api
    image = _ok(api.get('/images'))['images'][0]['id']
    server = _ok(api.post('/servers', json={'server': {
        'name': 'fuzz', 'imageRef': image, 'flavorRef': '1',
        'metadata': {'k': 'v'}}}), 202)['server']['id']
    server = api.wait_for_status(server, 'ACTIVE')
    address = [a['addr'] for addrs in server['addresses'].values()
               for a in addrs][0]
    _ok(api.post('/os-keypairs', json={'keypair': {'name': 'fuzz-key'}}))
    aggregate = _ok(api.post('/os-aggregates', json={'aggregate': {
        'name': 'fuzz-agg'}}))['aggregate']['id']
    group = _ok(api.post('/os-security-groups', json={'security_group': {
        'name': 'fuzz-sg', 'description': 'd'}}))['security_group']['id']
    rule = _ok(api.post('/os-security-group-rules', json={
        'security_group_rule': {
            'parent_group_id': group, 'ip_protocol': 'tcp',
            'from_port': 22, 'to_port': 22, 'cidr': '0.0.0.0/0'}}))[
        'security_group_rule']['id']
    server_group = _ok(api.post('/os-server-groups', json={'server_group': {
        'name': 'fuzz-grp', 'policies': ['affinity']}}))['server_group']['id']
    volume = _ok(api.post('/os-volumes', json={'volume': {'size': 1}}))[
        'volume']['id']
    floating = _ok(api.post('/os-floating-ips', json={}))['floating_ip']['id']
    network = _ok(api.get('/os-networks'))['networks'][0]
    hypervisor = _ok(api.get('/os-hypervisors'))['hypervisors'][0]
    service = _ok(api.get('/os-services'))['services'][0]
    ports = _ok(api.get('/servers/%s/os-interface' % server['id']))[
        'interfaceAttachments']
    actions = _ok(api.get('/servers/%s/os-instance-actions'
                          % server['id']))['instanceActions']
    return {
        'server_id': server['id'], 'flavor_id': '1', 'image_id': image,
        'keypair_name': 'fuzz-key', 'aggregate_id': aggregate,
        'security_group_id': group, 'security_group_rule_id': rule,
        'server_group_id': server_group, 'volume_id': volume,
        'floating_ip_id': floating, 'network_id': network['id'],
        'network_label': network['label'],
        'hypervisor_id': hypervisor['id'],
        'pattern': hypervisor['hypervisor_hostname'],
        'service_id': service['id'], 'host_name': service['host'],
        'host': service['host'], 'tenant_id': 'admin',
        'class_name': 'default', 'key': 'k', 'fixed_ip': address,
        'port_id': ports[0]['port_id'] if ports else 'none',
        'request_id': actions[0]['request_id'], 'domain': 'example.org',
        'name': 'www', 'alias': 'os-keypairs', 'tag': 'fuzz',
    }


def _compute_spec(cloud, version=None):
    headers = {'OpenStack-API-Version': 'compute %s' % version} \
        if version else {}
    return _ok(requests.get(cloud.endpoint + '/openapi.json',
                            headers=headers, timeout=30))


@pytest.mark.parametrize('microversion', ['2.1', 'latest'])
def test_fuzz_compute_api(cloud, known_ids, microversion):
    """schemathesis over the Compute API at 2.1 and the newest version
    (the proxy APIs of 2.1 are gone in later ones)."""
    spec = _compute_spec(cloud, microversion)
    version = spec['info']['version']
    report = fuzz_helpers.fuzz(
        spec, cloud.endpoint, dict(HEADERS, **{
            'OpenStack-API-Version': 'compute %s' % version}),
        known_ids, EXAMPLES)
    print('compute %s fuzz: %s' % (version, report.describe()))
    assert report.requests > 500
    assert not report.server_errors, report.describe()
    assert not report.spec_mismatches, report.describe()


def test_fuzz_image_api(cloud, known_ids):
    """schemathesis over the built-in image service."""
    spec = _ok(requests.get(cloud.image_endpoint + '/openapi.json',
                            timeout=30))
    report = fuzz_helpers.fuzz(spec, cloud.image_endpoint, HEADERS,
                               known_ids, EXAMPLES)
    print('image fuzz: ' + report.describe())
    assert report.requests > 50
    assert not report.server_errors, report.describe()
    assert not report.spec_mismatches, report.describe()


def _fill(path, values):
    for name, value in values.items():
        path = path.replace('{%s}' % name, str(value))
    return path


def _sweep(base_url, spec, known_ids, headers):
    """Every route with each nasty value in each place; the 5xx found."""
    failures, count = [], 0

    def send(method, path, **kw):
        nonlocal count
        count += 1
        resp = requests.request(method, base_url + path, headers=dict(
            headers, **kw.pop('headers', {})), timeout=60, **kw)
        declared = spec['paths'][template][method.lower()]['responses']
        if resp.status_code >= 500 and not (
                resp.status_code == 501 and '501' in declared):
            failures.append('%s %s -> %d %.200s' % (
                method, path[:120], resp.status_code, resp.text))

    for template, item in spec['paths'].items():
        for method, operation in item.items():
            method = method.upper()
            names = [p['name'] for p in operation['parameters']
                     if p['in'] == 'path']
            real = {n: known_ids.get(n, 'none') for n in names}
            for name in names:
                for value in NASTY_URL_VALUES:
                    send(method, _fill(template, dict(real, **{
                        name: value})))
            path = _fill(template, real)
            for value in NASTY_URL_VALUES[:4]:
                query = [p['name'] for p in operation['parameters']
                         if p['in'] == 'query'] or ['x']
                send(method, path + '?' + '&'.join(
                    '%s=%s' % (q, value) for q in query))
            if method in ('POST', 'PUT', 'PATCH'):
                media = list(operation.get('requestBody', {}).get(
                    'content', {'application/json': {}}))[0]
                for body in NASTY_BODIES:
                    send(method, path, data=body,
                         headers={'Content-Type': media})
    return count, failures


@pytest.mark.parametrize('microversion', ['2.1', 'latest'])
def test_nasty_inputs_on_every_compute_route(cloud, known_ids, microversion):
    spec = _compute_spec(cloud, microversion)
    count, failures = _sweep(cloud.endpoint, spec, known_ids, dict(
        HEADERS, **{'OpenStack-API-Version': 'compute %s' % microversion}))
    print('compute %s nasty inputs: %d requests' % (microversion, count))
    assert count > 1000
    assert not failures, '\n'.join(failures[:30])


def test_nasty_inputs_on_every_image_route(cloud, known_ids):
    spec = _ok(requests.get(cloud.image_endpoint + '/openapi.json',
                            timeout=30))
    count, failures = _sweep(cloud.image_endpoint, spec, known_ids,
                             HEADERS)
    print('image nasty inputs: %d requests' % count)
    assert not failures, '\n'.join(failures[:30])


def _ec2_call(cloud, keys, params):
    """A SigV4-signed EC2 query, any parameters (boto3 checks its own)."""
    params = dict(params, Version='2016-11-15')
    request = awsrequest.AWSRequest(method='POST', url=cloud.ec2_endpoint,
                                    data=params)
    credentials = botocore_credentials.Credentials(*keys)
    botocore_auth.SigV4Auth(credentials, 'ec2', 'nova').add_auth(request)
    prepared = request.prepare()
    return requests.post(prepared.url, data=prepared.body,
                         headers=dict(prepared.headers), timeout=60)


def test_nasty_inputs_on_every_ec2_action(cloud):
    keys = ec2_cloud.credentials(cloud)
    failures, count = [], 0
    for action in sorted(ec2_actions.ACTIONS):
        for value in NASTY_EC2_VALUES:
            # Every parameter at once, singly and numbered, so scalars
            # that arrive as lists are tried too.
            params = {'Action': action}
            params.update((name, value) for name in EC2_PARAMETERS)
            params.update((name.split('.')[0], value)
                          for name in EC2_PARAMETERS)
            resp = _ec2_call(cloud, keys, params)
            count += 1
            if resp.status_code >= 500:
                failures.append('%s %r -> %d %.200s' % (
                    action, value[:20], resp.status_code, resp.text))
    print('ec2 nasty inputs: %d requests' % count)
    assert not failures, '\n'.join(failures[:30])


def test_nasty_inputs_on_the_metadata_service(cloud):
    count = 0
    for path in ('/', '/latest/meta-data/', '/openstack/latest/'):
        for value in NASTY_URL_VALUES:
            for method in ('GET', 'POST'):
                resp = requests.request(method, cloud.metadata_endpoint +
                                        path + value, timeout=30)
                count += 1
                assert resp.status_code < 500, (method, path, value)
    for header in ('X-Forwarded-For', 'X-Instance-ID'):
        for value in ('a\x00b', 'x' * 300, '999.999.1.1',
                      base64.b64encode(b'\xff').decode()):
            resp = requests.get(cloud.metadata_endpoint + '/latest/',
                                headers={header: value}, timeout=30)
            count += 1
            assert resp.status_code < 500, (header, value)
    print('metadata nasty inputs: %d requests' % count)


_NEUTRON_CALLS = itertools.count()


def _neutron_ids(cloud, known_ids):
    """Resources of the Neutron API's own, made for each test (which
    may delete them) so the other tests' resources stay."""
    call = next(_NEUTRON_CALLS)
    api = cloud.api.session
    base = cloud.network_endpoint + '/v2.0'

    def post(path, body):
        resp = api.post(base + path, json=body, timeout=60)
        assert resp.status_code == 201, resp.text
        return list(resp.json().values())[0]['id']
    network = post('/networks', {'network': {'name': 'fuzz-net'}})
    subnet = post('/subnets', {'subnet': {
        'network_id': network, 'cidr': '10.250.%d.0/24' % call,
        'ip_version': 4}})
    group = post('/security-groups', {'security_group': {
        'name': 'fuzz-neutron-sg-%d' % call}})
    rule = post('/security-group-rules', {'security_group_rule': {
        'security_group_id': group, 'direction': 'ingress',
        'protocol': 'tcp', 'port_range_min': 80, 'port_range_max': 80}})
    router = post('/routers', {'router': {'name': 'fuzz-router-%d' % call}})
    port = post('/ports', {'port': {'network_id': network}})
    floating = _ok(api.get(base + '/floatingips', timeout=60))[
        'floatingips']
    return {'network_id': network, 'subnet_id': subnet,
            'security_group_id': group, 'rule_id': rule,
            'router_id': router,
            'port_id': port,
            'floating_ip_id': floating[0]['id'] if floating else 'none',
            'project_id': 'admin', 'alias': 'security-group'}


def _neutron_spec():
    """The Neutron route table in the shape _sweep reads: path
    parameters from the templates, the list queries Neutron knows."""
    from nova.api.network import router as neutron_router
    paths = {}
    for template, methods in neutron_router.ROUTES:
        names = re.findall(r'{(\w+)}', template)
        paths[template] = {method.lower(): {
            'parameters': [{'name': n, 'in': 'path'} for n in names] + [
                {'name': q, 'in': 'query'} for q in (
                    'limit', 'marker', 'sort_key', 'sort_dir', 'fields',
                    'name', 'id', 'page_reverse') if method == 'GET'],
            'responses': {}} for method in methods}
    return {'paths': paths}


def test_nasty_inputs_on_every_neutron_route(cloud, known_ids):
    """Runs last: it deletes the Neutron resources it made."""
    ids = _neutron_ids(cloud, known_ids)
    count, failures = _sweep(cloud.network_endpoint, _neutron_spec(), ids,
                             HEADERS)
    print('neutron nasty inputs: %d requests' % count)
    assert count > 300
    assert not failures, '\n'.join(failures[:30])


# Values for each attribute of a Neutron resource body (JSON text).
NASTY_ATTRIBUTE_VALUES = ['"a\\u0000b"', '"\\ud800"', str(2 ** 70), '1e999',
                          '1.5', '-1', '"' + 'x' * 300 + '"', '[]', '{}',
                          'null', 'true', '"%s"' % ('9' * 5000),
                          '["\\ud800"]', '"999.999.0.1/99"']
NEUTRON_BODIES = [
    ('/v2.0/networks', '/v2.0/networks/{network_id}', 'network',
     'networks'),
    ('/v2.0/subnets', '/v2.0/subnets/{subnet_id}', 'subnet', 'subnets'),
    ('/v2.0/security-groups', '/v2.0/security-groups/{security_group_id}',
     'security_group', 'security_groups'),
    ('/v2.0/security-group-rules', None, 'security_group_rule',
     'security_group_rules'),
    ('/v2.0/floatingips', '/v2.0/floatingips/{floating_ip_id}',
     'floatingip', 'floating_ips'),
    (None, '/v2.0/quotas/{project_id}', 'quota', 'quotas'),
    ('/v2.0/ports', '/v2.0/ports/{port_id}', 'port', 'ports'),
    ('/v2.0/routers', '/v2.0/routers/{router_id}', 'router', 'routers'),
]


def test_nasty_attributes_on_every_neutron_body(cloud, known_ids):
    """Each attribute of each create and update body, one nasty value at
    a time, the others valid, so the values reach the converters and
    the handlers."""
    import importlib
    ids = _neutron_ids(cloud, known_ids)
    valid = {'network_id': ids['network_id'],
             'security_group_id': ids['security_group_id'],
             'cidr': '10.251.0.0/24', 'ip_version': 4,
             'direction': 'ingress'}
    session = cloud.api.session
    failures, count = [], 0
    for create, update, resource, module in NEUTRON_BODIES:
        schema = importlib.import_module(
            'nova.api.network.schemas.' + module).SCHEMA
        targets = [('POST', create)] if create else []
        if update:
            targets.append(('PUT', _fill(update, ids)))
        for method, path in targets:
            for name in sorted(schema):
                for value in NASTY_ATTRIBUTE_VALUES:
                    others = ', '.join(
                        '"%s": %s' % (k, json.dumps(v))
                        for k, v in valid.items()
                        if k in schema and k != name and method == 'POST')
                    text = '{"%s": {%s"%s": %s}}' % (
                        resource, others + ', ' if others else '', name,
                        value)
                    resp = session.request(
                        method, cloud.network_endpoint + path,
                        data=text.encode(), timeout=60,
                        headers={'Content-Type': 'application/json'})
                    count += 1
                    if resp.status_code >= 500:
                        failures.append('%s %s %s=%.40s -> %d %.200s' % (
                            method, path, name, value, resp.status_code,
                            resp.text))
    print('neutron nasty attributes: %d requests' % count)
    assert count > 500
    assert not failures, '\n'.join(failures[:30])


def test_fuzz_neutron_api(cloud, known_ids):
    """schemathesis over the Neutron API, described from its route table
    and body schemas (nova.api.network.openapi)."""
    ids = _neutron_ids(cloud, known_ids)
    spec = _ok(requests.get(cloud.network_endpoint + '/openapi.json',
                            timeout=30))
    report = fuzz_helpers.fuzz(spec, cloud.network_endpoint, HEADERS, ids,
                               EXAMPLES)
    print('neutron fuzz: ' + report.describe())
    assert report.requests > 200
    assert not report.server_errors, report.describe()
    assert not report.spec_mismatches, report.describe()
