"""Request schemas of the networks API (os-networks)."""


_ip = {'type': 'string', 'oneOf': [{'format': 'ipv4'}, {'format': 'ipv6'}]}
_ipv4 = {'type': 'string', 'format': 'ipv4'}
_cidr = {'type': 'string', 'minLength': 1, 'maxLength': 43}

create = {
    'type': 'object',
    'properties': {
        'network': {
            'type': 'object',
            'properties': {
                'label': {'type': 'string', 'minLength': 1,
                          'maxLength': 255},
                'cidr': _cidr,
                'cidr_v6': _cidr,
                'fixed_cidr': _cidr,
                'gateway': _ipv4,
                'gateway_v6': {'type': 'string', 'format': 'ipv6'},
                'multi_host': {'type': 'boolean'},
                'vlan': {'type': 'integer', 'minimum': 1,
                         'maximum': 4094},
                'vlan_start': {'type': 'integer', 'minimum': 1,
                               'maximum': 4094},
                'vpn_start': {'type': 'integer', 'minimum': 1,
                              'maximum': 65535},
                'bridge': {'type': 'string', 'maxLength': 15},
                'bridge_interface': {'type': 'string', 'maxLength': 15},
                'dns1': _ip,
                'dns2': _ip,
                'priority': {'type': 'integer', 'minimum': 0},
                'project_id': {'type': 'string', 'maxLength': 255},
                'enable_dhcp': {'type': 'boolean'},
                'dhcp_server': _ipv4,
                'share_address': {'type': 'boolean'},
                'mtu': {'type': 'integer', 'minimum': 68},
                'allowed_start': _ipv4,
                'allowed_end': _ipv4,
            },
            'required': ['label'],
            'anyOf': [{'required': ['cidr']}, {'required': ['cidr_v6']}],
            'additionalProperties': False,
        },
    },
    'required': ['network'],
    'additionalProperties': False,
}

add = {
    'type': 'object',
    'properties': {
        'id': {'type': ['string', 'null'], 'maxLength': 36},
    },
    'required': ['id'],
    'additionalProperties': False,
}

# POST /os-networks/{id}/action: one key; the value depends on the key.
action = {
    'type': 'object',
    'properties': {
        'disassociate': {'type': 'null'},
        'disassociate_host': {'type': 'null'},
        'disassociate_project': {'type': 'null'},
        'associate_host': {'type': 'string', 'minLength': 1,
                           'maxLength': 255},
    },
    'minProperties': 1,
    'maxProperties': 1,
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
