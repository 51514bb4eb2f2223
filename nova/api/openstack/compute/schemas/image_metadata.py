"""Request schemas of the image metadata proxy API."""

_metadata = {
    'type': 'object',
    'patternProperties': {
        r'^[a-zA-Z0-9\-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {'metadata': _metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all = create

update = {
    'type': 'object',
    'properties': {
        'meta': dict(_metadata, minProperties=1, maxProperties=1),
    },
    'required': ['meta'],
    'additionalProperties': False,
}

query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
