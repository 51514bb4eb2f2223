"""Request schemas of the quota class sets API (os-quota-class-sets)."""

import copy

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

# 2.57: the personality limits are gone.
update_v257 = copy.deepcopy(update)
for _name in quota.INJECTED_FILE_RESOURCES:
    update_v257['properties']['quota_class_set']['properties'].pop(_name)

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
