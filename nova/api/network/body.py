"""Reading request bodies against a resource's schema module.

A schema is {attribute: Attr}. Create fills defaults and refuses
unknown attributes or attributes not allowed on create; update takes only
attributes allowed on update. Values are converted and checked by the
attribute's convert function, which raises ValueError with the reason.
"""

import ipaddress

from oslo_utils import uuidutils

from nova.api import input_check
from nova.api.network import faults
from nova.api import validation

_UNSET = object()


class Attr:
    """One attribute: its converter, default, and where it is allowed."""

    def __init__(self, convert, default=_UNSET, create=True, update=True,
                 admin_only=False):
        self.convert = convert
        self.default = default
        self.create = create
        self.update = update
        self.admin_only = admin_only


def _resource_body(req, resource):
    try:
        body = input_check.load_json(req.body or b'{}')
    except input_check.BadInput as error:
        raise faults.bad_request(str(error))
    if not isinstance(body, dict) or not isinstance(body.get(resource),
                                                    dict):
        raise faults.bad_request(
            'Resource body required' if not body else
            'Unable to find \'%s\' in request body' % resource)
    return body[resource]


def _convert(schema, name, value):
    try:
        return schema[name].convert(value)
    except (ValueError, TypeError) as error:
        raise faults.invalid_input("'%s' is not valid for %s: %s" % (
            value, name, error))


def parse_create(req, resource, schema):
    """{attribute: value} of a create request, defaults filled in."""
    given = _resource_body(req, resource)
    values = {}
    for name, value in given.items():
        if name not in schema or not schema[name].create:
            raise faults.bad_request(
                "Attribute '%s' not allowed in POST" % name)
        values[name] = _convert(schema, name, value)
    for name, attr in schema.items():
        if name not in values and attr.create:
            if attr.default is _UNSET:
                raise faults.bad_request(
                    "Failed to parse request. Required attribute '%s' not "
                    "specified" % name)
            values[name] = attr.default
    return values


def parse_update(req, resource, schema):
    given = _resource_body(req, resource)
    values = {}
    for name, value in given.items():
        if name not in schema or not schema[name].update:
            raise faults.bad_request(
                "Cannot update read-only attribute %s" % name)
        values[name] = _convert(schema, name, value)
    return values


# Converters ------------------------------------------------------------------
# Each carries json_schema, what nova.api.network.openapi describes it as.

def described(json_schema):
    """Mark a converter with its JSON schema."""
    def mark(convert):
        convert.json_schema = json_schema
        return convert
    return mark


def _nullable(json_schema):
    return {'anyOf': [json_schema, {'type': 'null'}]}


def describe(convert):
    """The JSON schema of a converter ({} when it has none)."""
    return getattr(convert, 'json_schema', {})


@described({'type': 'boolean'})
def boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ('true', 'false'):
        return value.lower() == 'true'
    raise ValueError('not a boolean')


def string(max_length=255):
    def convert(value):
        if value is None:
            return ''
        if not isinstance(value, str):
            raise ValueError('not a string')
        if len(value) > max_length:
            raise ValueError('longer than %d characters' % max_length)
        input_check.check_text(value, 'The value')
        return value
    convert.json_schema = _nullable({'type': 'string',
                                     'maxLength': max_length})
    return convert


def nullable_string(max_length=255):
    inner = string(max_length)
    return described(describe(inner))(
        lambda value: None if value is None else inner(value))


def integer(minimum=validation.INT_MIN, maximum=validation.INT_MAX,
            nullable=False):
    """Bounded by default to what the database's integer columns hold."""
    def convert(value):
        if value is None and nullable:
            return None
        if isinstance(value, (bool, float)):
            # int() would cut 1.5 to 1 and fail on inf with OverflowError.
            raise ValueError('not an integer')
        number = int(value)
        if minimum is not None and number < minimum:
            raise ValueError('less than %d' % minimum)
        if maximum is not None and number > maximum:
            raise ValueError('more than %d' % maximum)
        return number
    json_schema = {'type': 'integer', 'minimum': minimum,
                   'maximum': maximum}
    convert.json_schema = _nullable(json_schema) if nullable else \
        json_schema
    return convert


@described({'type': 'string', 'format': 'uuid'})
def uuid(value):
    if not uuidutils.is_uuid_like(value):
        raise ValueError('not a UUID')
    return value


@described(_nullable({'type': 'string', 'format': 'uuid'}))
def nullable_uuid(value):
    return None if value is None else uuid(value)


def one_of(*choices, nullable=False):
    def convert(value):
        if value is None and nullable:
            return None
        if value not in choices:
            raise ValueError('not one of %s' % ', '.join(
                str(c) for c in choices))
        return value
    convert.json_schema = {'enum': list(choices) + (
        [None] if nullable else [])}
    return convert


@described({'type': 'string', 'maxLength': 45})
def ip_address(value):
    return str(ipaddress.ip_address(value))


@described(_nullable({'type': 'string', 'maxLength': 45}))
def nullable_ip_address(value):
    return None if value is None else ip_address(value)


@described({'type': 'object', 'properties': {
    'subnet_id': {'type': 'string', 'format': 'uuid'},
    'ip_address': {'type': 'string', 'maxLength': 45}},
    'additionalProperties': False})
def fixed_ip(value):
    """A port's or a router gateway's fixed IP: subnet_id and/or
    ip_address."""
    if not isinstance(value, dict) or set(value) - {'subnet_id',
                                                    'ip_address'}:
        raise ValueError('each fixed IP is an object of subnet_id and/or '
                         'ip_address')
    result = {}
    if value.get('subnet_id') is not None:
        result['subnet_id'] = uuid(value['subnet_id'])
    if value.get('ip_address') is not None:
        result['ip_address'] = ip_address(value['ip_address'])
    return result


def list_of(convert):
    def convert_list(value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValueError('not a list')
        return [convert(v) for v in value]
    convert_list.json_schema = _nullable({'type': 'array',
                                          'items': describe(convert)})
    return convert_list


@described(_nullable({'type': 'string', 'maxLength': 255}))
def project(value):
    return string(255)(value)
