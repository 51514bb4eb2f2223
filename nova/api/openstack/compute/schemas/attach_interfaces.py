"""Request schemas of a server's interfaces (os-interface)."""

import copy

from nova.api.openstack.compute.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {
        'interfaceAttachment': {
            'type': 'object',
            'properties': {
                'net_id': {'type': 'string', 'format': 'uuid'},
                'port_id': {'type': 'string', 'format': 'uuid'},
                'fixed_ips': {
                    'type': 'array', 'minItems': 1, 'maxItems': 1,
                    'items': {
                        'type': 'object',
                        'properties': {'ip_address': {
                            'type': 'string', 'oneOf': [
                                {'format': 'ipv4'}, {'format': 'ipv6'}]}},
                        'required': ['ip_address'],
                        'additionalProperties': False,
                    },
                },
            },
            'additionalProperties': False,
        },
    },
    'additionalProperties': False,
}

# 2.49: a device tag, shown in the metadata service's devices.
create_v249 = copy.deepcopy(create)
create_v249['properties']['interfaceAttachment']['properties']['tag'] = \
    parameter_types.device_tag

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
