"""Request schemas of the quota class sets API (os-quota-class-sets)."""

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

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
