"""The /v2/metadefs handlers: the metadata definitions catalog (Glance
v2 metadefs) of namespaces, resource type associations, objects,
properties and tags.

Bodies are checked against the schemas /v2/schemas/metadefs/... serves
(read-only keys such as created_at, self and schema are dropped first,
as Glance does); creates answer 201, deletes 204.
"""

import copy

import jsonschema
import webob

from nova.api.image import images
from nova.api.image import more_schemas
from nova.api.image import views
from nova.api import input_check
from nova.image import metadefs as catalog

_BASE = '/v2/metadefs/namespaces'
_READ_ONLY = ('created_at', 'updated_at', 'self', 'schema', 'owner')


def _ctx(req):
    return images.context(req)


def _stamped(body):
    body = dict(body)
    for key in ('created_at', 'updated_at'):
        if key in body:
            body[key] = views.isotime(body[key])
    return body


def _checked(req, schema, drop_required=()):
    """The JSON body, without read-only keys, valid against schema."""
    try:
        body = input_check.load_json(req.body)
    except input_check.BadInput as error:
        raise images._bad(str(error))
    if not isinstance(body, dict):
        raise images._bad('The request body must be a JSON object.')
    body = {k: v for k, v in body.items() if k not in _READ_ONLY}
    schema = copy.deepcopy(schema)
    schema['type'] = 'object'
    schema.pop('name', None)
    if drop_required:
        schema['required'] = [k for k in schema.get('required', ())
                              if k not in drop_required]
    try:
        jsonschema.validate(body, schema)
    except jsonschema.ValidationError as error:
        raise images._bad('Failed validating %s: %s' % (
            '/'.join(str(p) for p in error.path) or 'body', error.message))
    return body


# Namespaces.

def _namespace_view(namespace):
    body = {k: v for k, v in _stamped(namespace).items() if v is not None}
    body['self'] = '%s/%s' % (_BASE, namespace['namespace'])
    body['schema'] = '/v2/schemas/metadefs/namespace'
    if 'resource_type_associations' in body:
        body['resource_type_associations'] = [
            _stamped(a) for a in body['resource_type_associations']]
    if 'properties' in body:
        body['properties'] = _properties_view(body['properties'])
    if 'objects' in body:
        body['objects'] = [_object_view(namespace['namespace'], o)
                           for o in body['objects']]
    if 'tags' in body:
        body['tags'] = [{'name': t['name']} for t in body['tags']]
    return body


def list_namespaces(req):
    """GET /v2/metadefs/namespaces"""
    visibility = req.GET.get('visibility')
    if visibility not in (None, 'public', 'private'):
        raise images._bad('Invalid visibility value: %s' % visibility)
    types = [t for t in req.GET.get('resource_types', '').split(',') if t]
    namespaces = catalog.namespace_list(_ctx(req), visibility, types)
    return images.json_response({
        'namespaces': [_namespace_view(n) for n in namespaces],
        'first': _BASE, 'schema': '/v2/schemas/metadefs/namespaces'})


def create_namespace(req):
    """POST /v2/metadefs/namespaces (201), with its associations,
    properties, objects and tags when given."""
    body = _checked(req, more_schemas.NAMESPACE)
    values = {k: body[k] for k in catalog.NAMESPACE_FIELDS if k in body}
    items = [('objects', o['name'], _object_body(o))
             for o in body.get('objects', ()) if o.get('name')]
    items += [('properties', name, prop)
              for name, prop in body.get('properties', {}).items()]
    items += [('tags', t['name'], {}) for t in body.get('tags', ())
              if t.get('name')]
    associations = [a for a in body.get('resource_type_associations', ())
                    if a.get('name')]
    catalog.namespace_create(_ctx(req), values, associations, items)
    resp = images.json_response(_namespace_view(catalog.namespace_get(
        _ctx(req), values['namespace'])), 201)
    resp.location = '%s/%s' % (_BASE, values['namespace'])
    return resp


def show_namespace(req, namespace):
    return images.json_response(_namespace_view(catalog.namespace_get(
        _ctx(req), namespace)))


def update_namespace(req, namespace):
    """PUT: replace the namespace's attributes (it may be renamed)."""
    body = _checked(req, more_schemas.NAMESPACE)
    values = {k: body[k] for k in catalog.NAMESPACE_FIELDS if k in body}
    return images.json_response(_namespace_view(catalog.namespace_update(
        _ctx(req), namespace, values)))


def delete_namespace(req, namespace):
    """DELETE: the namespace and all it holds (403 when protected)."""
    catalog.namespace_delete(_ctx(req), namespace)
    return webob.Response(status=204, content_type=None)


# Resource types and their associations.

def list_resource_types(req):
    """GET /v2/metadefs/resource_types"""
    return images.json_response({'resource_types': [
        _stamped(t) for t in catalog.resource_type_list(_ctx(req))]})


def list_associations(req, namespace):
    return images.json_response({'resource_type_associations': [
        _stamped(a) for a in catalog.association_list(_ctx(req),
                                                      namespace)]})


def associate(req, namespace):
    """POST {"name", "prefix", "properties_target"} (201)."""
    body = _checked(req, more_schemas.RESOURCE_TYPE)
    return images.json_response(_stamped(catalog.association_create(
        _ctx(req), namespace, body)), 201)


def dissociate(req, namespace, resource_type):
    catalog.association_delete(_ctx(req), namespace, resource_type)
    return webob.Response(status=204, content_type=None)


# Objects.

def _object_body(body):
    return {k: body[k] for k in ('description', 'required', 'properties')
            if k in body}


def _object_view(namespace, obj):
    body = _stamped(obj)
    body['self'] = '%s/%s/objects/%s' % (_BASE, namespace, obj['name'])
    body['schema'] = '/v2/schemas/metadefs/object'
    return body


def list_objects(req, namespace):
    return images.json_response({
        'objects': [_object_view(namespace, o) for o in catalog.item_list(
            _ctx(req), namespace, 'objects')],
        'schema': '/v2/schemas/metadefs/objects'})


def create_object(req, namespace):
    body = _checked(req, more_schemas.OBJECT)
    return images.json_response(_object_view(namespace, catalog.item_create(
        _ctx(req), namespace, 'objects', body['name'],
        _object_body(body))), 201)


def show_object(req, namespace, name):
    return images.json_response(_object_view(namespace, catalog.item_get(
        _ctx(req), namespace, 'objects', name)))


def update_object(req, namespace, name):
    body = _checked(req, more_schemas.OBJECT)
    return images.json_response(_object_view(namespace, catalog.item_update(
        _ctx(req), namespace, 'objects', name, body['name'],
        _object_body(body))))


def delete_object(req, namespace, name):
    catalog.item_delete(_ctx(req), namespace, 'objects', name)
    return webob.Response(status=204, content_type=None)


# Properties: a list is an object keyed by name.

def _property_view(prop):
    return {k: v for k, v in prop.items()
            if k not in ('created_at', 'updated_at')}


def _properties_view(props):
    return {p['name']: {k: v for k, v in _property_view(p).items()
                        if k != 'name'} for p in props}


def _property_body(body):
    return {k: v for k, v in body.items() if k != 'name'}


def list_properties(req, namespace):
    return images.json_response({
        'properties': _properties_view(catalog.item_list(
            _ctx(req), namespace, 'properties')),
        'schema': '/v2/schemas/metadefs/properties'})


def create_property(req, namespace):
    body = _checked(req, more_schemas.PROPERTY)
    return images.json_response(_property_view(catalog.item_create(
        _ctx(req), namespace, 'properties', body['name'],
        _property_body(body))), 201)


def show_property(req, namespace, name):
    return images.json_response(_property_view(catalog.item_get(
        _ctx(req), namespace, 'properties', name)))


def update_property(req, namespace, name):
    body = _checked(req, more_schemas.PROPERTY)
    return images.json_response(_property_view(catalog.item_update(
        _ctx(req), namespace, 'properties', name, body['name'],
        _property_body(body))))


def delete_property(req, namespace, name):
    catalog.item_delete(_ctx(req), namespace, 'properties', name)
    return webob.Response(status=204, content_type=None)


# Tags.

def _tag_view(tag):
    return _stamped({k: tag[k] for k in ('name', 'created_at',
                                         'updated_at')})


def list_tags(req, namespace):
    return images.json_response({'tags': [
        _tag_view(t) for t in catalog.item_list(_ctx(req), namespace,
                                                'tags')]})


def replace_tags(req, namespace):
    """POST {"tags": [{"name": ...}, ...]}: the namespace's tags are
    these (201)."""
    body = _checked(req, {'properties': {'tags': more_schemas.TAGS[
        'properties']['tags']}, 'required': ['tags']})
    names = [tag['name'] for tag in body['tags']]
    if len(set(names)) != len(names):
        raise images._bad('Duplicate tag names in the request.')
    return images.json_response({'tags': [
        _tag_view(t) for t in catalog.items_replace(_ctx(req), namespace,
                                                    'tags', names)]}, 201)


def delete_tags(req, namespace):
    catalog.item_delete(_ctx(req), namespace, 'tags')
    return webob.Response(status=204, content_type=None)


def create_tag(req, namespace, name):
    """POST /tags/{name}: one more tag (201)."""
    if len(name) > 255:
        raise images._bad('Tag names are at most 255 characters long.')
    return images.json_response(_tag_view(catalog.item_create(
        _ctx(req), namespace, 'tags', name, {})), 201)


def show_tag(req, namespace, name):
    return images.json_response(_tag_view(catalog.item_get(
        _ctx(req), namespace, 'tags', name)))


def rename_tag(req, namespace, name):
    """PUT {"name": new}: rename the tag."""
    body = _checked(req, more_schemas.TAG)
    return images.json_response(_tag_view(catalog.item_update(
        _ctx(req), namespace, 'tags', name, body['name'], {})))


def delete_tag(req, namespace, name):
    catalog.item_delete(_ctx(req), namespace, 'tags', name)
    return webob.Response(status=204, content_type=None)
