"""Request schemas of the image metadata proxy API."""

from nova.api.openstack.compute.schemas import parameter_types

_metadata = parameter_types.metadata

create = {
    'type': 'object',
    'properties': {'metadata': _metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all = create

update = {
    'type': 'object',
    'properties': {
        'meta': dict(_metadata, minProperties=1, maxProperties=1),
    },
    'required': ['meta'],
    'additionalProperties': False,
}

query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
