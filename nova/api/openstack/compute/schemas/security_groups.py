"""Request schemas of the security groups API (os-security-groups)."""

_group = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': r'^(?!\s)[\S\s]*(?<!\s)$'},
        'description': {'type': 'string', 'maxLength': 255},
    },
    'required': ['name', 'description'],
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {'security_group': _group},
    'required': ['security_group'],
    'additionalProperties': False,
}
update = create

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
