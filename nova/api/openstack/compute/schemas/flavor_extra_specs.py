"""Request schemas of a flavor's extra specs (os-extra_specs)."""

# Values may be numbers; they are stored as strings.
_specs = {
    'type': 'object',
    'patternProperties': {
        r'^[a-zA-Z0-9-_:. ]{1,255}$': {
            'type': ['string', 'number'], 'maxLength': 255},
    },
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {'extra_specs': _specs},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

# PUT /os-extra_specs/{key} takes {key: value}: one item only.
update = dict(_specs, minProperties=1, maxProperties=1)

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
