"""The checks every API applies to raw input, and the schemas' bounds."""

from oslo_db import exception as db_exc
import pytest

from nova.api.ec2 import faults as ec2_faults
from nova.api.ec2 import request as ec2_request
from nova.api.ec2 import xml as ec2_xml
from nova.api import input_check
from nova.api.openstack.compute import routes
from nova.api import validation
from nova import exception


@pytest.mark.parametrize('environ', [
    {'PATH_INFO': '/os-keypairs/\xff\xfe'},
    {'PATH_INFO': '/a\x00b'},
    {'PATH_INFO': '/', 'QUERY_STRING': 'name=%FF'},
    {'PATH_INFO': '/', 'QUERY_STRING': 'name=a%00b'},
])
def test_dirty_paths_and_queries_are_refused(environ):
    with pytest.raises(input_check.BadInput):
        input_check.check_environ(environ)


def test_clean_utf8_paths_pass():
    # WSGI carries UTF-8 bytes as latin-1 characters.
    path = '/servers/caf\u00e9'.encode().decode('latin-1')
    input_check.check_environ({'PATH_INFO': path,
                               'QUERY_STRING': 'name=%C3%A9&x=a+b'})


@pytest.mark.parametrize('body,reason', [
    ('[' * 100000 + ']' * 100000, 'nests deeper'),
    ('{"a":' * 33 + '1' + '}' * 33, 'nests deeper'),
    ('{"name": "\\ud800"}', 'surrogate'),
    ('{"\\udc00": 1}', 'surrogate'),
    ('{"name": "a\\u0000b"}', 'NUL'),
    (b'{"name": "\xff"}', 'not valid JSON'),
    ('{"n": ' + '9' * 5000 + '}', 'not valid JSON'),
])
def test_bad_json_is_refused(body, reason):
    with pytest.raises(input_check.BadInput) as info:
        input_check.load_json(body)
    assert reason in str(info.value)


def test_json_within_limits_loads():
    doc = '{"a":' * 31 + '"\u00e9"' + '}' * 31
    assert input_check.load_json(doc.encode())


def test_database_data_errors_are_client_errors():
    dup = db_exc.DBDuplicateEntry(columns=['address'])
    assert input_check.refused_by_database(dup)[0] == 409
    overflow = db_exc.DBError(OverflowError('too big'))
    assert input_check.refused_by_database(overflow)[0] == 400
    assert input_check.refused_by_database(
        db_exc.DBDataError(ValueError('long')))[0] == 400
    assert input_check.refused_by_database(RuntimeError()) is None
    assert input_check.refused_by_database(
        db_exc.DBError(RuntimeError())) is None


def test_unbounded_strings_and_numbers_get_default_bounds():
    schema = {'type': 'object', 'properties': {
        's': {'type': 'string'},
        'e': {'type': 'string', 'enum': ['a']},
        'long': {'type': 'string', 'maxLength': 65535},
        'n': {'type': ['integer', 'string']},
        'items': {'type': 'array', 'items': {'type': 'string'}},
        'one': {'oneOf': [{'type': 'string'},
                          {'type': 'integer', 'maximum': 5}]}}}
    bounded = validation.bounded(schema)
    props = bounded['properties']
    assert props['s']['maxLength'] == validation.DEFAULT_MAX_LENGTH
    assert 'maxLength' not in props['e']
    assert props['long']['maxLength'] == 65535
    assert props['n']['maximum'] == validation.INT_MAX
    assert props['n']['maxLength'] == validation.DEFAULT_MAX_LENGTH
    assert props['items']['items']['maxLength'] == 255
    assert props['one']['oneOf'][1]['maximum'] == 5
    # The original stays as its author wrote it.
    assert 'maxLength' not in schema['properties']['s']
    validation.validate(schema, {'s': 'x' * 255})
    with pytest.raises(exception.ValidationError) as info:
        validation.validate(schema, {'s': 'x' * 256})
    # The oversized value is not echoed back.
    assert 'x' * 256 not in str(info.value)


def _string_schemas(schema):
    if isinstance(schema, dict):
        types = schema.get('type')
        types = types if isinstance(types, list) else [types]
        if 'string' in types:
            yield schema
        for value in schema.values():
            yield from _string_schemas(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _string_schemas(value)


def test_every_string_of_every_route_is_bounded():
    """Every string a handler accepts has a maxLength once bounded."""
    for path, methods in routes.ROUTES:
        for handlers in methods.values():
            for handler in (handlers if isinstance(handlers, list)
                            else [handlers]):
                for schema in (handler.body_schema, handler.query_schema):
                    if schema is None:
                        continue
                    for string in _string_schemas(
                            validation.bounded(schema)):
                        assert 'maxLength' in string or 'enum' in string, (
                            path, string)


@pytest.mark.parametrize('params', [
    {'Action': 'CreateSecurityGroup', 'GroupName': 'g' * 256},
    {'Action': 'CreateSecurityGroup', 'GroupName': 'a\x00b'},
    {'Action': 'CreateTags', 'Tag.1.Value': '\ud800'},
    {'Action': 'x', 'n' * 300: 'v'},
])
def test_ec2_parameters_are_checked(params):
    with pytest.raises(ec2_faults.EC2Error) as info:
        ec2_request.check_params(params)
    assert info.value.code == 'InvalidParameterValue'


def test_ec2_long_parameters_keep_their_room():
    ec2_request.check_params({'Action': 'RunInstances',
                              'UserData': 'A' * 20000,
                              'Signature': 's' * 1000})


def test_ec2_xml_never_carries_characters_xml_refuses():
    from xml.etree import ElementTree
    body = ec2_xml.render('Describe', None, 'req-1',
                          {'name': 'a\x00b\ud800c'})
    assert ElementTree.fromstring(body).find(
        '{*}name').text == 'a\ufffdb\ufffdc'
    error = ec2_faults.EC2Error('InvalidParameterValue', 'bad \x00 value')
    ElementTree.fromstring(ec2_faults.error_document(error, 'req-1'))


@pytest.mark.parametrize('params,name', [
    ({'InstanceId.1': 'i-00000001'}, 'InstanceId'),
    ({'Tag': 'x', 'Tag.1.Key': 'k'}, 'Tag'),
])
def test_ec2_parameters_of_the_wrong_shape_are_refused(params, name):
    """Root cause: nest() turns InstanceId.1 into a list where a handler
    expects one id (TypeError in ids.to_uuid, 500) and silently dropped a
    value given as a structure too; both are InvalidParameterValue."""
    with pytest.raises(ec2_faults.EC2Error) as info:
        args = ec2_request.nest(params)
        from nova.api.ec2 import ids
        ids.to_uuid(None, args.get(name), ids.INSTANCE)
    assert info.value.code in ('InvalidParameterValue',
                               'InvalidInstanceID.Malformed')


def test_ec2_lists_hold_the_shape_their_handlers_read():
    """Root cause: Tag.1=value (no .Key) reached create_tags as a string
    where a structure belongs (AttributeError, 500)."""
    with pytest.raises(ec2_faults.EC2Error):
        ec2_request.as_list(ec2_request.nest({'Tag.1': 'v'}), 'Tag')
    with pytest.raises(ec2_faults.EC2Error):
        ec2_request.as_list(ec2_request.nest({'InstanceId.1.X': 'v'}),
                            'InstanceId')
    with pytest.raises(ec2_faults.EC2Error):
        ec2_request.struct({'Placement': 'zone'}, 'Placement')
    assert ec2_request.as_list(ec2_request.nest(
        {'Tag.1.Key': 'k', 'Tag.2.Key': 'l'}), 'Tag') == [
        {'Key': 'k'}, {'Key': 'l'}]
