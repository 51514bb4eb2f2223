"""Request schemas of the host aggregates API (os-aggregates)."""

_name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': r'^(?!\s)[^\x00-\x1f\x7f]*(?<!\s)$'}
# A zone name may not hold ':' (it separates zone:host on server create).
_zone = {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255,
         'pattern': r'^[^:\x00-\x1f\x7f]*$'}


def _wrapped(key, properties, required=(), min_properties=0):
    inner = {'type': 'object', 'properties': properties,
             'additionalProperties': False}
    if required:
        inner['required'] = list(required)
    if min_properties:
        inner['minProperties'] = min_properties
    return {'type': 'object', 'properties': {key: inner},
            'required': [key], 'additionalProperties': False}


# POST /os-aggregates
create = _wrapped('aggregate', {'name': _name, 'availability_zone': _zone},
                  required=['name'])

# PUT /os-aggregates/{id}
update = _wrapped('aggregate', {'name': _name, 'availability_zone': _zone},
                  min_properties=1)

_host = {'type': 'object',
         'properties': {'host': {'type': 'string', 'minLength': 1,
                                 'maxLength': 255}},
         'required': ['host'], 'additionalProperties': False}

_metadata = {
    'type': 'object',
    'patternProperties': {
        r'^[a-zA-Z0-9-_:. ]{1,255}$': {
            'type': ['string', 'null'], 'maxLength': 255},
    },
    'additionalProperties': False,
}

# POST /os-aggregates/{id}/action: exactly one of the actions.
action = {
    'type': 'object',
    'properties': {
        'add_host': _host,
        'remove_host': _host,
        'set_metadata': {'type': 'object',
                         'properties': {'metadata': _metadata},
                         'required': ['metadata'],
                         'additionalProperties': False},
    },
    'minProperties': 1, 'maxProperties': 1,
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query

# POST /os-aggregates/{id}/images (2.81): the images to cache, by id.
images = {
    'type': 'object',
    'properties': {
        'cache': {
            'type': 'array', 'minItems': 1, 'uniqueItems': True,
            'items': {'type': 'object',
                      'properties': {'id': {'type': 'string',
                                            'format': 'uuid'}},
                      'required': ['id'],
                      'additionalProperties': False},
        },
    },
    'required': ['cache'],
    'additionalProperties': False,
}
