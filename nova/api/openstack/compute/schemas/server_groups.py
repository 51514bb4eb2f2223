"""Request schemas of the server groups API (os-server-groups)."""

import copy

# A group has a list of exactly one policy; 2.15 adds the soft policies.
create = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': {'type': 'string', 'minLength': 1,
                         'maxLength': 255,
                         'pattern': r'^(?!\s)[^\x00-\x1f\x7f]*(?<!\s)$'},
                'policies': {
                    'type': 'array', 'minItems': 1, 'maxItems': 1,
                    'items': {'type': 'string',
                              'enum': ['affinity', 'anti-affinity']},
                },
            },
            'required': ['name', 'policies'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}

create_v215 = copy.deepcopy(create)
create_v215['properties']['server_group']['properties']['policies'][
    'items']['enum'] = ['affinity', 'anti-affinity', 'soft-affinity',
                        'soft-anti-affinity']

# 2.64: one policy (no list) and rules; max_server_per_host is the one
# rule (anti-affinity only, checked by the handler).
create_v264 = copy.deepcopy(create_v215)
_group_v264 = create_v264['properties']['server_group']
del _group_v264['properties']['policies']
_group_v264['properties']['policy'] = {
    'type': 'string', 'enum': ['affinity', 'anti-affinity',
                               'soft-affinity', 'soft-anti-affinity']}
_group_v264['properties']['rules'] = {
    'type': 'object',
    'properties': {
        'max_server_per_host': {'type': ['integer', 'string'],
                                'pattern': '^[0-9]*$', 'minimum': 1,
                                'minLength': 1},
    },
    'additionalProperties': False,
}
_group_v264['required'] = ['name', 'policy']

# Query values arrive as lists (see validation.query_to_dict).
_single = {'type': 'array', 'maxItems': 1, 'items': {'type': 'string'}}
_count = {'type': 'array', 'maxItems': 1,
          'items': {'type': 'string', 'pattern': r'^[0-9]+$'}}

index_query = {
    'type': 'object',
    'properties': {'all_projects': _single, 'all_tenants': _single,
                   'limit': _count, 'offset': _count},
    'additionalProperties': True,
}

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
