"""Request schemas of the flavors API (list, show, create, update,
delete)."""

import copy

_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}

# Unknown query parameters are ignored at 2.1, as upstream does.
index_query = {
    'type': 'object',
    'properties': {
        'is_public': _single, 'minRam': _single, 'minDisk': _single,
        'sort_key': _single, 'sort_dir': _single,
        'limit': _single, 'marker': _single,
    },
    'additionalProperties': True,
}

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}

# Printable characters, no leading or trailing whitespace.
name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': r'^(?!\s)[^\x00-\x1f\x7f]*(?<!\s)$'}

# Integers, or strings of digits (older clients send those).
_positive = {'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
             'minimum': 1, 'maximum': 0x7FFFFFFF}
_non_negative = {'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
                 'minimum': 0, 'maximum': 0x7FFFFFFF}

boolean = {'type': ['boolean', 'string'],
           'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on',
                    'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false',
                    '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']}

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': name,
                # A string really, though clients often send a number; null
                # or absent asks for a generated UUID.
                'id': {'type': ['string', 'number', 'null'],
                       'minLength': 1, 'maxLength': 255,
                       'pattern': r'^(?! )[a-zA-Z0-9. _-]+(?<! )$'},
                'ram': _positive,
                'vcpus': _positive,
                'disk': _non_negative,
                'OS-FLV-EXT-DATA:ephemeral': _non_negative,
                'swap': _non_negative,
                'rxtx_factor': {'type': ['number', 'string'],
                                'pattern': r'^[0-9]+(\.[0-9]+)?$',
                                'minimum': 0, 'exclusiveMinimum': True,
                                'maximum': 3.40282e+38},
                'os-flavor-access:is_public': boolean,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

# 2.55: a description (the column is TEXT: up to 64 KiB), null for none.
description = {'type': ['string', 'null'], 'minLength': 0,
               'maxLength': 65535, 'pattern': r'^[^\x00-\x1f\x7f]*$'}

create_v255 = copy.deepcopy(create)
create_v255['properties']['flavor']['properties']['description'] = \
    description
# 2.102: no rxtx_factor (it only ever shaped nova-network's bandwidth).
create_v2102 = copy.deepcopy(create_v255)
del create_v2102['properties']['flavor']['properties']['rxtx_factor']

# PUT /flavors/{flavor_id} (2.55): the description is all it changes.
update_v255 = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {'description': description},
            'required': ['description'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}
