"""Request schemas of a server's metadata (/servers/{id}/metadata)."""

from nova.api.openstack.compute.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {'metadata': parameter_types.metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all = create

# One item, named as in the URL (checked by the handler).
update = {
    'type': 'object',
    'properties': {
        'meta': dict(parameter_types.metadata, minProperties=1,
                     maxProperties=1),
    },
    'required': ['meta'],
    'additionalProperties': False,
}

query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
