"""The JSON schemas of image members and of the metadata definitions
catalog (metadefs) that /v2/schemas/... serves.

Shapes follow Glance's: an item schema names its attributes, says which
are required and allows nothing else; a collection schema wraps the items
in an array (or, for properties, an object keyed by name) with the
paging links first/next and the describedby link.
"""

import copy

_UUID = ('^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
         '-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$')
_MEMBER_STATUSES = ['pending', 'accepted', 'rejected']


def _stamp(what):
    return {'type': 'string', 'readOnly': True, 'format': 'date-time',
            'description': 'Date and time of %s' % what}


def _item(name, properties, required=None, definitions=None):
    schema = {'name': name, 'properties': properties,
              'additionalProperties': False}
    if required:
        schema['required'] = list(required)
    if definitions:
        schema['definitions'] = definitions
    return schema


def _collection(name, item, keyed=False):
    """Glance's collection of item: an array, or an object by name."""
    item = copy.deepcopy(item)
    definitions = item.pop('definitions', None)
    if keyed:
        items = {'type': 'object', 'additionalProperties': item}
    else:
        items = {'type': 'array', 'items': item}
    schema = {
        'name': name,
        'properties': {name: items, 'first': {'type': 'string'},
                       'next': {'type': 'string'},
                       'schema': {'type': 'string'}},
        'links': [{'rel': 'first', 'href': '{first}'},
                  {'rel': 'next', 'href': '{next}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }
    if definitions:
        schema['definitions'] = definitions
    return schema


MEMBER = _item('member', {
    'member_id': {'type': 'string',
                  'description': 'The project the image is shared with'},
    'image_id': {'type': 'string', 'pattern': _UUID,
                 'description': 'The shared image'},
    'created_at': {'type': 'string',
                   'description': 'Date and time of the sharing'},
    'updated_at': {'type': 'string',
                   'description': 'Date and time of the last status '
                                  'change'},
    'status': {'type': 'string', 'enum': _MEMBER_STATUSES,
               'description': 'What the member made of the offer'},
    'schema': {'type': 'string', 'readOnly': True},
})
MEMBERS = _collection('members', MEMBER)

_DEFINITIONS = {
    'positiveInteger': {'type': 'integer', 'minimum': 0},
    'positiveIntegerDefault0': {
        'allOf': [{'$ref': '#/definitions/positiveInteger'},
                  {'default': 0}]},
    'stringArray': {'type': 'array', 'items': {'type': 'string'},
                    'uniqueItems': True},
}
_PROPERTY_TYPES = ['array', 'boolean', 'integer', 'number', 'object',
                   'string', None]

# One property definition (a metadef property, or one inside an object).
_PROPERTY_FIELDS = {
    'name': {'type': 'string', 'maxLength': 80},
    'title': {'type': 'string'},
    'description': {'type': 'string'},
    'operators': {'$ref': '#/definitions/stringArray'},
    'type': {'type': 'string', 'enum': _PROPERTY_TYPES},
    'required': {'$ref': '#/definitions/stringArray'},
    'minimum': {'type': 'number'},
    'maximum': {'type': 'number'},
    'maxLength': {'$ref': '#/definitions/positiveInteger'},
    'minLength': {'$ref': '#/definitions/positiveIntegerDefault0'},
    'pattern': {'type': 'string', 'format': 'regex'},
    'enum': {'type': 'array'},
    'readonly': {'type': 'boolean'},
    'default': {},
    'items': {'type': 'object', 'properties': {
        'type': {'type': 'string', 'enum': _PROPERTY_TYPES[:-1]},
        'enum': {'type': 'array'}}},
    'maxItems': {'$ref': '#/definitions/positiveInteger'},
    'minItems': {'$ref': '#/definitions/positiveIntegerDefault0'},
    'uniqueItems': {'type': 'boolean', 'default': False},
    'additionalItems': {'type': 'boolean'},
}
_PROPERTY_MAP = {'type': 'object', 'additionalProperties': {
    'type': 'object', 'required': ['title', 'type'],
    'properties': {k: v for k, v in _PROPERTY_FIELDS.items()
                   if k != 'name'}}}

PROPERTY = _item('property', copy.deepcopy(_PROPERTY_FIELDS),
                 required=['type', 'title', 'name'],
                 definitions=_DEFINITIONS)
PROPERTIES = _collection('properties', _item(
    'property', copy.deepcopy(_PROPERTY_FIELDS), required=['type', 'title'],
    definitions=_DEFINITIONS), keyed=True)

RESOURCE_TYPE = _item('resource_type_association', {
    'name': {'type': 'string', 'maxLength': 80,
             'description': 'The resource type (as in Heat, e.g. '
                            'OS::Glance::Image)'},
    'prefix': {'type': 'string', 'maxLength': 80,
               'description': 'Prefix of the namespace\'s properties on '
                              'this resource type, separator included'},
    'properties_target': {'type': 'string', 'maxLength': 80,
                          'description': 'Which metadata of the resource '
                                         'the properties go to'},
    'created_at': _stamp('the association'),
    'updated_at': _stamp('the last change of the association'),
}, required=['name'])
RESOURCE_TYPES = _collection('resource_type_associations', RESOURCE_TYPE)

OBJECT = _item('object', {
    'name': {'type': 'string', 'maxLength': 80},
    'description': {'type': 'string'},
    'required': {'$ref': '#/definitions/stringArray'},
    'properties': {'$ref': '#/definitions/property'},
    'schema': {'type': 'string', 'readOnly': True},
    'self': {'type': 'string', 'readOnly': True},
    'created_at': _stamp('object creation'),
    'updated_at': _stamp('the last object change'),
}, required=['name'], definitions=dict(_DEFINITIONS,
                                       property=_PROPERTY_MAP))
OBJECTS = _collection('objects', OBJECT)

TAG = _item('tag', {
    'name': {'type': 'string', 'maxLength': 255},
    'created_at': _stamp('tag creation'),
    'updated_at': _stamp('the last tag change'),
}, required=['name'])
TAGS = _collection('tags', TAG)

NAMESPACE = _item('namespace', {
    'namespace': {'type': 'string', 'maxLength': 80,
                  'description': 'The unique name of the namespace'},
    'display_name': {'type': 'string', 'maxLength': 80},
    'description': {'type': 'string', 'maxLength': 500},
    'visibility': {'type': 'string', 'enum': ['public', 'private'],
                   'description': 'Who sees the namespace'},
    'protected': {'type': 'boolean',
                  'description': 'If true, the namespace cannot be '
                                 'deleted'},
    'owner': {'type': 'string', 'maxLength': 255,
              'description': 'The owner project'},
    'created_at': _stamp('namespace creation'),
    'updated_at': _stamp('the last namespace change'),
    'schema': {'type': 'string', 'readOnly': True},
    'self': {'type': 'string', 'readOnly': True},
    'resource_type_associations': {'type': 'array', 'items': {
        'type': 'object', 'properties': {
            'name': {'type': 'string'}, 'prefix': {'type': 'string'},
            'properties_target': {'type': 'string'}}}},
    'properties': {'$ref': '#/definitions/property'},
    'objects': {'type': 'array', 'items': {
        'type': 'object', 'properties': {
            'name': {'type': 'string'}, 'description': {'type': 'string'},
            'required': {'$ref': '#/definitions/stringArray'},
            'properties': {'$ref': '#/definitions/property'}}}},
    'tags': {'type': 'array', 'items': {
        'type': 'object', 'properties': {'name': {'type': 'string'}}}},
}, required=['namespace'], definitions=dict(_DEFINITIONS,
                                            property=_PROPERTY_MAP))
NAMESPACES = _collection('namespaces', NAMESPACE)

# /v2/schemas/<path> -> schema.
BY_PATH = {
    'member': MEMBER, 'members': MEMBERS,
    'metadefs/namespace': NAMESPACE, 'metadefs/namespaces': NAMESPACES,
    'metadefs/resource_type': RESOURCE_TYPE,
    'metadefs/resource_types': RESOURCE_TYPES,
    'metadefs/property': PROPERTY, 'metadefs/properties': PROPERTIES,
    'metadefs/object': OBJECT, 'metadefs/objects': OBJECTS,
    'metadefs/tag': TAG, 'metadefs/tags': TAGS,
}
