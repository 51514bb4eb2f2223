"""The built-in image service's OpenAPI 3.1 description (Glance v2 subset).

Paths and methods come from router.ROUTES; the create body is the image
schema /v2/schemas/image serves (bounded as create validates it); each
operation lists the statuses its handler answers. Served without a token
at GET /openapi.json on the image listener and written to doc/api/ by
tools/generate-openapi.py.
"""

import functools

from oslo_serialization import jsonutils
import webob

from nova.api.image import patch
from nova.api.image import router
from nova.api.image import schemas
from nova.api.openstack import openapi as compute_openapi
from nova.api import validation

# Every operation may answer these: bad input, auth, unknown image.
_COMMON = (400, 401, 403, 404, 405, 413, 415, 503)
# Statuses by handler, besides _COMMON.
_STATUSES = {
    'index': (200,), 'create': (201, 409), 'show': (200,),
    'update': (200, 409), 'delete': (204, 409), 'download': (200, 204),
    'upload': (204, 409), 'add': (204, 409), 'remove': (204,),
    'image': (200,), 'images': (200,),
    'list_members': (200,), 'add_member': (200, 409),
    'show_member': (200,), 'answer': (200,), 'remove_member': (204,),
}
# The metadefs handlers: creates 201 (409 on a duplicate), deletes 204.
for _name in ('create_namespace', 'associate', 'create_object',
              'create_property', 'replace_tags', 'create_tag'):
    _STATUSES[_name] = (201, 409)
for _name in ('delete_namespace', 'dissociate', 'delete_object',
              'delete_property', 'delete_tags', 'delete_tag'):
    _STATUSES[_name] = (204,)
for _name in ('update_namespace', 'update_object', 'update_property',
              'rename_tag'):
    _STATUSES[_name] = (200, 409)
_INDEX_QUERY = {
    'limit': {'type': 'integer', 'minimum': 0},
    'marker': {'type': 'string'},
    'sort_key': {'type': 'string'},
    'sort_dir': {'type': 'string', 'enum': ['asc', 'desc']},
    'sort': {'type': 'string'},
    'name': {'type': 'string'},
    'status': {'type': 'string'},
    'visibility': {'type': 'string'},
    'owner': {'type': 'string'},
    'tag': {'type': 'string'},
    'size_min': {'type': 'integer', 'minimum': 0},
    'size_max': {'type': 'integer', 'minimum': 0},
}
_PATCH_BODY = {
    'type': 'array',
    'items': {
        'type': 'object',
        'required': ['op', 'path'],
        'properties': {
            'op': {'type': 'string', 'enum': list(patch.OPS)},
            'path': {'type': 'string'},
            'value': {},
        },
    },
}


def _bounded(schema):
    return compute_openapi.to_json_schema_2020(validation.bounded(schema))


def _request_body(name):
    if name == 'create':
        return {'application/json': {
            'schema': _bounded(schemas.create_body())}}
    if name == 'update':
        return {media: {'schema': _bounded(_PATCH_BODY)}
                for media in patch.MEDIA_TYPES}
    if name in ('add_member', 'answer'):
        key = 'member' if name == 'add_member' else 'status'
        return {'application/json': {'schema': {
            'type': 'object', 'required': [key],
            'properties': {key: {'type': 'string', 'minLength': 1,
                                 'maxLength': 255}}}}}
    if name == 'upload':
        return {'application/octet-stream': {
            'schema': {'type': 'string', 'format': 'binary'}}}
    return None


def _operation(path, method, handler):
    name = handler.__name__
    operation = {
        'operationId': '%s.%s' % (handler.__module__.rsplit('.', 1)[-1],
                                  name),
        'summary': (handler.__doc__ or name).strip().splitlines()[0],
        'parameters': [
            {'name': param, 'in': 'path', 'required': True,
             'schema': {'type': 'string', 'minLength': 1,
                        'maxLength': validation.DEFAULT_MAX_LENGTH}}
            for param in compute_openapi._PATH_PARAM.findall(path)],
        'responses': {str(code): {'description': 'See the Glance v2 API.'}
                      for code in sorted(set(_STATUSES.get(name, (200,))) |
                                         set(_COMMON))},
    }
    if name == 'index':
        operation['parameters'] += [
            {'name': key, 'in': 'query', 'required': False,
             'schema': _bounded(schema)}
            for key, schema in sorted(_INDEX_QUERY.items())]
    body = _request_body(name)
    if body is not None:
        operation['requestBody'] = {'required': True, 'content': body}
    return operation


@functools.lru_cache(maxsize=1)
def document():
    """The image API's OpenAPI document."""
    paths = {}
    for path, methods in router.ROUTES:
        paths[path] = {method.lower(): _operation(path, method, handler)
                       for method, handler in sorted(methods.items())}
    return {
        'openapi': compute_openapi.OPENAPI_VERSION,
        'info': {'title': 'Image API (built-in, Glance v2 subset)',
                 'version': '2.7',
                 'description': 'Generated from the image service route '
                                'table and image schema.'},
        'servers': [{'url': '/'}],
        'paths': paths,
    }


def serve(environ, start_response):
    """GET /openapi.json on the image listener."""
    resp = webob.Response(content_type='application/json', charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(document())
    return resp(environ, start_response)
