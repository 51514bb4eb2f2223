"""Request schemas of the quota class sets API (os-quota-class-sets)."""

import copy

from nova.api.openstack.compute import proxy_apis
from nova.api.openstack.compute.schemas import quota_sets
from nova import quota

update = {
    'type': 'object',
    'properties': {
        'quota_class_set': {
            'type': 'object',
            'properties': {r: quota_sets.limit
                           for r in quota.CLASS_RESOURCES},
            'additionalProperties': False,
        },
    },
    'required': ['quota_class_set'],
    'additionalProperties': False,
}

# 2.50: the server group limits may be set, the network ones no more.
update_v250 = copy.deepcopy(update)
update_v250['properties']['quota_class_set']['properties'] = {
    r: quota_sets.limit for r in quota.RESOURCES
    if r not in proxy_apis.NETWORK_QUOTAS}

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
