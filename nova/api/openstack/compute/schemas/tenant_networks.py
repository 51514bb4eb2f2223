"""Request schemas of the project networks API (os-tenant-networks)."""

create = {
    'type': 'object',
    'properties': {
        'network': {
            'type': 'object',
            'properties': {
                'label': {'type': 'string', 'minLength': 1,
                          'maxLength': 255},
                'cidr': {'type': 'string', 'minLength': 1,
                         'maxLength': 43},
                'ipam': {'type': 'boolean'},
                'vlan_start': {'type': 'integer', 'minimum': 1,
                               'maximum': 4094},
                'network_size': {'type': 'integer', 'minimum': 4},
                'num_networks': {'type': 'integer', 'minimum': 1},
            },
            'required': ['label', 'cidr'],
            'additionalProperties': False,
        },
    },
    'required': ['network'],
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
