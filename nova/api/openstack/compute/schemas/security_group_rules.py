"""Request schemas of the security group rules API
(os-security-group-rules) and of the default rules
(os-security-group-default-rules)."""

_port = {'type': ['integer', 'string', 'null'],
         'pattern': '^-?[0-9]+$'}
_protocol = {'type': ['string', 'null'],
             'pattern': '^([Tt][Cc][Pp]|[Uu][Dd][Pp]|[Ii][Cc][Mm][Pp])$'}
_cidr = {'type': ['string', 'null'], 'maxLength': 43}
# This API's integer ids, or the Neutron API's UUIDs of groups.
_ID_PATTERN = '^([0-9]+|[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12})$'
_id = {'type': ['integer', 'string'], 'pattern': _ID_PATTERN}

create = {
    'type': 'object',
    'properties': {
        'security_group_rule': {
            'type': 'object',
            'properties': {
                'parent_group_id': _id,
                'group_id': {'type': ['integer', 'string', 'null'],
                             'pattern': _ID_PATTERN},
                'ip_protocol': _protocol,
                'from_port': _port,
                'to_port': _port,
                'cidr': _cidr,
            },
            'required': ['parent_group_id'],
            'additionalProperties': False,
        },
    },
    'required': ['security_group_rule'],
    'additionalProperties': False,
}

default_create = {
    'type': 'object',
    'properties': {
        'security_group_default_rule': {
            'type': 'object',
            'properties': {
                'ip_protocol': _protocol,
                'from_port': _port,
                'to_port': _port,
                'cidr': _cidr,
            },
            'required': ['ip_protocol', 'from_port', 'to_port'],
            'additionalProperties': False,
        },
    },
    'required': ['security_group_default_rule'],
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
