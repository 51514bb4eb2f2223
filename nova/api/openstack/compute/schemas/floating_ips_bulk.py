"""Request schemas of the bulk floating IPs API (os-floating-ips-bulk)."""

_range = {'type': 'string', 'minLength': 1, 'maxLength': 43}

create = {
    'type': 'object',
    'properties': {
        'floating_ips_bulk_create': {
            'type': 'object',
            'properties': {
                'ip_range': _range,
                'pool': {'type': 'string', 'minLength': 1,
                         'maxLength': 255},
                'interface': {'type': 'string', 'minLength': 1,
                              'maxLength': 255},
            },
            'required': ['ip_range'],
            'additionalProperties': False,
        },
    },
    'required': ['floating_ips_bulk_create'],
    'additionalProperties': False,
}

delete = {
    'type': 'object',
    'properties': {'ip_range': _range},
    'required': ['ip_range'],
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
