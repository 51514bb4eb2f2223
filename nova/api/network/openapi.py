"""An OpenAPI 3.1 description of the Neutron v2.0 API, for fuzzing.

Paths and methods come from router.ROUTES; create and update bodies from
the schema modules (each converter's JSON schema, see body.describe).
Statuses are not listed per operation (the handlers' answers vary), so
a client learns the shapes, and a fuzzer learns what to send. Served
without a token at GET /openapi.json on the Neutron listener.
"""

import functools
import re

from oslo_serialization import jsonutils
import webob

from nova.api.network import body
from nova.api.network import router
from nova.api.network.schemas import floating_ips
from nova.api.network.schemas import networks
from nova.api.network.schemas import ports
from nova.api.network.schemas import quotas
from nova.api.network.schemas import routers
from nova.api.network.schemas import security_group_rules
from nova.api.network.schemas import security_groups
from nova.api.network.schemas import subnets

# Path of a collection or item -> (body key, schema module).
_BODIES = {
    '/v2.0/networks': ('network', networks),
    '/v2.0/subnets': ('subnet', subnets),
    '/v2.0/security-groups': ('security_group', security_groups),
    '/v2.0/security-group-rules': ('security_group_rule',
                                   security_group_rules),
    '/v2.0/floatingips': ('floatingip', floating_ips),
    '/v2.0/ports': ('port', ports),
    '/v2.0/quotas': ('quota', quotas),
    '/v2.0/routers': ('router', routers),
}
# Actions whose body is not wrapped in a resource key -> its attributes.
_ACTIONS = {
    '/v2.0/routers/{router_id}/add_router_interface': routers.INTERFACE,
    '/v2.0/routers/{router_id}/remove_router_interface': routers.INTERFACE,
}
_LIST_QUERY = {
    'limit': {'type': 'integer', 'minimum': 0},
    'marker': {'type': 'string'},
    'sort_key': {'type': 'string'},
    'sort_dir': {'type': 'string', 'enum': ['asc', 'desc']},
    'fields': {'type': 'string'},
    'page_reverse': {'type': 'boolean'},
}
_RESPONSES = {'default': {'description': 'The resource, or a '
                                         'NeutronError.'}}


def _body_schema(path, method):
    if path in _ACTIONS:
        return {'type': 'object', 'additionalProperties': False,
                'properties': {name: body.describe(attr.convert)
                               for name, attr in _ACTIONS[path].items()}}
    collection = re.sub(r'/{\w+}$', '', path)
    if collection not in _BODIES:
        return None
    key, module = _BODIES[collection]
    creating = method == 'POST'
    properties, required = {}, []
    for name, attr in module.SCHEMA.items():
        if not (attr.create if creating else attr.update):
            continue
        properties[name] = body.describe(attr.convert)
        if creating and attr.default is body._UNSET:
            required.append(name)
    inner = {'type': 'object', 'properties': properties,
             'additionalProperties': False}
    if required:
        inner['required'] = required
    return {'type': 'object', 'properties': {key: inner},
            'required': [key]}


def _operation(path, method):
    names = re.findall(r'{(\w+)}', path)
    parameters = [{'name': n, 'in': 'path', 'required': True,
                   'schema': {'type': 'string', 'maxLength': 255}}
                  for n in names]
    if method == 'GET' and not names:
        parameters += [{'name': n, 'in': 'query', 'schema': s}
                       for n, s in _LIST_QUERY.items()]
    operation = {'parameters': parameters, 'responses': _RESPONSES}
    schema = _body_schema(path, method) if method in ('POST', 'PUT') \
        else None
    if schema is not None:
        operation['requestBody'] = {'required': True, 'content': {
            'application/json': {'schema': schema}}}
    return operation


@functools.lru_cache(maxsize=1)
def document():
    """The description as a dict."""
    paths = {}
    for path, methods in router.ROUTES:
        paths[path] = {method.lower(): _operation(path, method)
                       for method in methods}
    return {'openapi': '3.1.0',
            'info': {'title': 'Networking API (built-in)',
                     'version': '2.0'},
            'paths': paths}


def serve(environ, start_response):
    """GET /openapi.json on the Neutron listener."""
    resp = webob.Response(content_type='application/json', charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(document())
    return resp(environ, start_response)
