"""Argument schemas of the server actions about networking."""

_ip = {'type': 'string', 'oneOf': [{'format': 'ipv4'}, {'format': 'ipv6'}]}

add_floating_ip = {
    'type': 'object',
    'properties': {'address': _ip, 'fixed_address': _ip},
    'required': ['address'],
    'additionalProperties': False,
}

remove_floating_ip = {
    'type': 'object',
    'properties': {'address': _ip},
    'required': ['address'],
    'additionalProperties': False,
}

security_group = {
    'type': 'object',
    'properties': {'name': {'type': 'string', 'minLength': 1,
                            'maxLength': 255}},
    'required': ['name'],
    'additionalProperties': False,
}

add_fixed_ip = {
    'type': 'object',
    'properties': {'networkId': {'type': ['string', 'integer'],
                                 'minLength': 1, 'maxLength': 36}},
    'required': ['networkId'],
    'additionalProperties': False,
}

remove_fixed_ip = {
    'type': 'object',
    'properties': {'address': _ip},
    'required': ['address'],
    'additionalProperties': False,
}
