"""Request schemas of the floating IP DNS API (os-floating-ip-dns)."""

domain_update = {
    'type': 'object',
    'properties': {
        'domain_entry': {
            'type': 'object',
            'properties': {
                'scope': {'type': 'string', 'enum': ['public', 'private']},
                'project': {'type': 'string', 'maxLength': 255},
                'availability_zone': {'type': 'string', 'maxLength': 255},
            },
            'required': ['scope'],
            'maxProperties': 2,
            'additionalProperties': False,
        },
    },
    'required': ['domain_entry'],
    'additionalProperties': False,
}

entry_update = {
    'type': 'object',
    'properties': {
        'dns_entry': {
            'type': 'object',
            'properties': {
                'ip': {'type': 'string', 'oneOf': [{'format': 'ipv4'},
                                                   {'format': 'ipv6'}]},
                'dns_type': {'type': 'string', 'enum': ['A', 'AAAA']},
            },
            'required': ['ip', 'dns_type'],
            'additionalProperties': False,
        },
    },
    'required': ['dns_entry'],
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
