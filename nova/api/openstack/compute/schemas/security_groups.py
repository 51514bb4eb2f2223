"""Request schemas of the security groups API (os-security-groups)."""

_group = {
    'type': 'object',
    'properties': {
        # Upstream checks the name without its outer blanks (not only
        # blanks) and keeps it as given, blanks included.
        'name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': r'\S'},
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
