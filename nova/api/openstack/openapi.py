"""The Compute API's OpenAPI 3.1 description, built from the route table.

Each path of nova.api.openstack.compute.routes becomes a path item; each
method the operation of the handler serving the chosen microversion,
with its declared success and error codes, its query schema as query
parameters and its body schema (in the bounded form the validator uses)
as the request body. Server actions are one POST whose body is one of
the actions known at that microversion. Served without a token at
GET /v2.1/openapi.json (the microversion header picks the version) and
written to doc/api/ by tools/generate-openapi.py.
"""

import copy
import functools
import re

from nova.api.openstack import api_version
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception

OPENAPI_VERSION = '3.1.0'
_PATH_PARAM = re.compile(r'{([^}]+)}')
# Every request may be refused for these reasons besides its own: bad
# input (400), auth (401, 403), an unknown path or id (404), a method
# the path lacks (405), an unknown microversion (406), a body too large
# (413) or not JSON (415), and a service outage (503).
COMMON_ERRORS = (400, 401, 403, 404, 405, 406, 413, 415, 503)
_FAULT_NAMES = dict(wsgi.FAULT_NAMES)


def fault_schema(code):
    """The Compute API fault body of an error status."""
    name = _FAULT_NAMES.get(code, 'computeFault')
    return {
        'type': 'object',
        'required': [name],
        'properties': {name: {
            'type': 'object',
            'required': ['code', 'message'],
            'properties': {'code': {'type': 'integer', 'const': code},
                           'message': {'type': 'string'}},
        }},
    }


def to_json_schema_2020(schema):
    """A draft-4 schema in the dialect OpenAPI 3.1 uses (2020-12)."""
    if isinstance(schema, list):
        return [to_json_schema_2020(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {}
    for key, value in schema.items():
        if key in ('enum', 'const', 'default', 'required', 'type'):
            result[key] = copy.deepcopy(value)
        elif key in ('properties', 'patternProperties', 'definitions'):
            result['$defs' if key == 'definitions' else key] = {
                name: to_json_schema_2020(sub) for name, sub in value.items()}
        else:
            result[key] = to_json_schema_2020(value)
    # Draft 4 writes exclusive bounds as booleans beside the bound.
    for bound, exclusive in (('minimum', 'exclusiveMinimum'),
                             ('maximum', 'exclusiveMaximum')):
        if result.get(exclusive) is True:
            result[exclusive] = result.pop(bound)
        elif result.get(exclusive) is False:
            del result[exclusive]
    return result


class _AtVersion:
    """Stands for a request at a microversion where schemas depend on it."""

    def __init__(self, version):
        self.api_version = version

    def is_version(self, minimum, maximum=None):
        return self.api_version.matches(minimum, maximum)


def _body_schema(handler, version):
    from nova.api.openstack.compute import actions
    from nova.api.openstack.compute import server_actions
    if handler.func is getattr(server_actions.action, 'func', None):
        choices = []
        at_version = _AtVersion(version)
        for name, declared in sorted(server_actions.ACTIONS.items()):
            declared = actions.serving(declared, at_version)
            if declared is None:
                continue
            argument = declared.schema
            if callable(argument):
                # Chosen by microversion at request time.
                argument = argument(at_version)
            choices.append({'type': 'object', 'required': [name],
                            'properties': {name: argument},
                            'additionalProperties': False})
        return {'oneOf': choices}
    return handler.body_schema


def _query_parameters(schema):
    if not schema:
        return []
    result = []
    for name, sub in sorted(schema.get('properties', {}).items()):
        # Query values arrive as lists (validation.query_to_dict).
        if isinstance(sub, dict) and sub.get('type') == 'array':
            sub = sub.get('items', {})
        result.append({'name': name, 'in': 'query', 'required': False,
                       'schema': to_json_schema_2020(sub)})
    return result


def _responses(handler):
    responses = {str(handler.success): {'description': 'Success.'}}
    for code in sorted(set(handler.errors) | set(COMMON_ERRORS)):
        responses[str(code)] = {'$ref': '#/components/responses/%d' % code}
    return responses


def _fault_responses(paths):
    codes = {int(code) for item in paths.values() for op in item.values()
             for code in op['responses'] if int(code) >= 400}
    return {str(code): {
        'description': 'Error: the body names the reason.',
        'content': {'application/json': {'schema': fault_schema(code)}}}
        for code in sorted(codes)}


def _operation(path, method, handler, version):
    operation = {
        'operationId': '%s.%s:%s' % (handler.func.__module__.rsplit(
            '.', 1)[-1], handler.func.__name__, method.lower()),
        'summary': (handler.func.__doc__ or '%s %s' % (method, path)
                    ).strip().splitlines()[0],
        'x-openstack-microversions': {
            'min': str(handler.min_version),
            'max': str(handler.max_version) if handler.max_version else None},
        'parameters': [
            {'name': name, 'in': 'path', 'required': True,
             'schema': {'type': 'string', 'minLength': 1,
                        'maxLength': validation.DEFAULT_MAX_LENGTH}}
            for name in _PATH_PARAM.findall(path)],
        'responses': _responses(handler),
    }
    operation['parameters'] += _query_parameters(
        validation.bounded(handler.query_schema)
        if handler.query_schema else None)
    body = _body_schema(handler, version)
    if body is not None:
        operation['requestBody'] = {
            'required': True,
            'content': {'application/json': {
                'schema': to_json_schema_2020(validation.bounded(body))}}}
    return operation


def build(routes, version=None, server_url='/v2.1'):
    """The OpenAPI document of routes at a microversion (MIN if None)."""
    version = api_version.APIVersion.of(version or api_version.MIN)
    paths = {}
    for path, methods in routes:
        item = paths.setdefault(path, {})
        for method, handlers in sorted(methods.items()):
            handlers = handlers if isinstance(handlers, (list, tuple)) \
                else [handlers]
            serving = [h for h in handlers if h.serves(version)]
            if serving:
                item[method.lower()] = _operation(path, method, serving[0],
                                                  version)
        if not item:
            del paths[path]
    return {
        'openapi': OPENAPI_VERSION,
        'info': {
            'title': 'Compute API',
            'version': str(version),
            'description': 'The Compute API at microversion %s (send '
                           'OpenStack-API-Version: compute %s). Generated '
                           'from the route table and request schemas.'
                           % (version, version),
        },
        'servers': [{'url': server_url}],
        'paths': paths,
        'components': {'responses': _fault_responses(paths)},
    }


@functools.lru_cache(maxsize=8)
def _compute_document(version):
    from nova.api.openstack.compute import routes
    return build(routes.ROUTES, version)


def compute_document(version=None):
    """The Compute API's description at a microversion (MIN if None)."""
    return _compute_document(str(version or api_version.MIN))


def serve(environ, start_response):
    """GET /v2.1/openapi.json: the description at the asked microversion."""
    req = wsgi.Request(environ)
    try:
        version = api_version.requested_version(req.headers)
    except exception.InvalidAPIVersionString as error:
        return wsgi.Fault(400, error.format_message()).to_response()(
            environ, start_response)
    except api_version.VersionNotSupported as error:
        return wsgi.Fault(406, str(error)).to_response()(environ,
                                                         start_response)
    return wsgi.json_response(compute_document(version))(environ,
                                                         start_response)
