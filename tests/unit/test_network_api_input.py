"""Input checks of the Neutron v2.0 API: regression tests for the 500s
the nasty-input sweep of test_api_fuzz found."""

import json

import pytest
import webob

from nova.api.network import body
from nova.api.network import deploy
from nova.api.network import faults
from nova.api.network.schemas import networks
from nova.api.network.schemas import quotas


def _request(text):
    return webob.Request.blank('/v2.0/networks', method='POST',
                               body=text.encode())


@pytest.mark.parametrize('text', [
    '{"network": {"name": "\\ud800"}}',
    '{"network": {"name": "a\\u0000b"}}',
    '{"network": {"availability_zone_hints": ["\\ud800"]}}',
    '{"network": ' * 100 + '{}' + '}' * 100,
])
def test_dirty_strings_and_deep_bodies_are_400(text):
    """Root cause: bodies were read with json.loads and strings only
    length-checked, so lone surrogates and NULs reached the database and
    the JSON writer (500); bodies now go through input_check.load_json
    and every string converter through input_check.check_text."""
    with pytest.raises(faults.NeutronFault) as caught:
        body.parse_create(_request(text), 'network', networks.SCHEMA)
    assert caught.value.code == 400


@pytest.mark.parametrize('value', ['1e999', '1.5', '-1e999'])
def test_floats_for_integers_are_400(value):
    """Root cause: integer() called int() on floats, and int(inf) raises
    OverflowError, which the converters' caller does not catch (500)."""
    text = '{"network": {"mtu": %s}}' % value
    with pytest.raises(faults.NeutronFault) as caught:
        body.parse_create(_request(text), 'network', networks.SCHEMA)
    assert caught.value.code == 400


def test_quota_beyond_the_column_is_400():
    """Root cause: integer(-1) had no upper bound, so 2**70 reached the
    database's integer column and overflowed (500); integers are now
    bounded by default to the columns' range."""
    req = webob.Request.blank('/v2.0/quotas/p', method='PUT', body=(
        '{"quota": {"floatingip": %d}}' % 2 ** 70).encode())
    with pytest.raises(faults.NeutronFault) as caught:
        body.parse_update(req, 'quota', quotas.SCHEMA)
    assert caught.value.code == 400
    assert body.parse_update(webob.Request.blank(
        '/', method='PUT', body=b'{"quota": {"floatingip": 10}}'), 'quota',
        quotas.SCHEMA) == {"floatingip": 10}


@pytest.mark.parametrize('path, query', [
    ('/v2.0/networks/\xff\xfe', ''),
    ('/v2.0/networks/a\x00b', ''),
    ('/v2.0/networks', 'name=%ED%A0%80'),
])
def test_dirty_paths_and_queries_are_neutron_400s(conf, path, query):
    """Root cause: the Neutron listener had no input_check.Guard, so
    paths and queries that are not clean UTF-8 reached the handlers and
    the database (500)."""
    app = deploy.loadapp(conf)
    req = webob.Request.blank('/')
    req.environ['PATH_INFO'] = path
    req.environ['QUERY_STRING'] = query
    resp = req.get_response(app)
    assert resp.status_int == 400
    assert json.loads(resp.text)['NeutronError']['type'] == 'HTTPBadRequest'


def test_openapi_describes_every_route_and_body(conf):
    """Served without a token; every route, create bodies with their
    required attributes and every string bounded."""
    from nova.api.network import openapi
    from nova.api.network import router
    resp = webob.Request.blank('/openapi.json').get_response(
        deploy.loadapp(conf))
    assert resp.status_int == 200
    document = resp.json_body
    assert sorted(document['paths']) == sorted(p for p, _ in router.ROUTES)
    create = document['paths']['/v2.0/subnets']['post']['requestBody'][
        'content']['application/json']['schema']['properties']['subnet']
    assert {'network_id', 'cidr'} <= set(create['required'])
    assert document == openapi.document()

    def strings(schema):
        if isinstance(schema, dict):
            if schema.get('type') == 'string':
                yield schema
            for value in schema.values():
                yield from strings(value)
        elif isinstance(schema, list):
            for value in schema:
                yield from strings(value)
    bodies = [op['requestBody'] for item in document['paths'].values()
              for op in item.values() if 'requestBody' in op]
    assert bodies
    for found in strings(bodies):
        assert 'maxLength' in found or 'format' in found, found


def test_protocol_numbers_are_bounded():
    """An integer protocol was stored as its decimal text whatever its
    size, past the column's 40 characters; now 0-255 like Neutron."""
    from nova.api.network.schemas import security_group_rules as rules
    group = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
    for value, ok in ((6, True), (255, True), (256, False),
                      (10 ** 100, False), (-1, False)):
        req = webob.Request.blank('/', method='POST', body=json.dumps(
            {'security_group_rule': {'security_group_id': group,
                                     'direction': 'ingress',
                                     'protocol': value}}).encode())
        if ok:
            assert body.parse_create(req, 'security_group_rule',
                                     rules.SCHEMA)['protocol'] == str(value)
        else:
            with pytest.raises(faults.NeutronFault):
                body.parse_create(req, 'security_group_rule', rules.SCHEMA)
