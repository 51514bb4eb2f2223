"""Request schemas of the quota sets API (os-quota-sets)."""

import copy

from nova.api.openstack.compute import proxy_apis
from nova import quota

# A limit: an integer, or a string of one as some clients send; -1 is
# unlimited. Values as the database's INT column holds them.
limit = {'type': ['integer', 'string'], 'pattern': r'^-?[0-9]+$',
         'minimum': -1, 'maximum': 0x7FFFFFFF}

# Query values come as lists (?user_id=a&user_id=b); one at most.
_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}

update = {
    'type': 'object',
    'properties': {
        'quota_set': {
            'type': 'object',
            'properties': dict(
                {r: limit for r in quota.RESOURCES},
                force={'type': ['boolean', 'string'],
                       'enum': [True, False, 'True', 'False', 'true',
                                'false', '1', '0', 'yes', 'no', 'on',
                                'off']}),
            'additionalProperties': False,
        },
    },
    'required': ['quota_set'],
    'additionalProperties': False,
}

# 2.36: the network quotas are gone from the API.
update_v236 = copy.deepcopy(update)
for _name in proxy_apis.NETWORK_QUOTAS:
    update_v236['properties']['quota_set']['properties'].pop(_name, None)

# 2.57: nor the personality quotas.
update_v257 = copy.deepcopy(update_v236)
for _name in quota.INJECTED_FILE_RESOURCES:
    update_v257['properties']['quota_set']['properties'].pop(_name, None)

user_query = {
    'type': 'object',
    'properties': {'user_id': _single},
    'additionalProperties': True,
}
defaults_query = {'type': 'object', 'properties': {},
                  'additionalProperties': True}
