"""Request schemas of the servers API."""

import copy

from nova.api.openstack.compute.schemas import parameter_types

_name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': r'^(?!\s)[\S\s]*(?<!\s)$'}

_metadata = parameter_types.metadata

_block_device_mapping_v2 = {
    'type': 'object',
    'properties': {
        'source_type': {'type': 'string',
                        'enum': ['volume', 'image', 'snapshot', 'blank']},
        'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'boot_index': {'type': ['integer', 'string', 'null'],
                       'pattern': '^-?[0-9]+$'},
        'delete_on_termination': {'type': ['boolean', 'string'],
                                  'enum': [True, False, 'True', 'False',
                                           'true', 'false']},
        'device_name': {'type': 'string', 'maxLength': 255},
        'volume_size': {'type': ['integer', 'string'],
                        'pattern': '^[0-9]+$', 'minimum': 1},
        'guest_format': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        'device_type': {'type': 'string', 'maxLength': 255},
        'no_device': {},
    },
    'additionalProperties': False,
}

_count = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
          'minimum': 1, 'minLength': 1}

create = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': _name,
                'imageRef': {'type': 'string', 'maxLength': 255},
                'flavorRef': {'type': ['string', 'integer'], 'minLength': 1},
                'adminPass': {'type': 'string'},
                'metadata': _metadata,
                'key_name': {'type': 'string', 'minLength': 1,
                             'maxLength': 255},
                'user_data': {'type': 'string', 'maxLength': 65535},
                'availability_zone': {'type': 'string', 'minLength': 1,
                                      'maxLength': 255},
                'min_count': _count,
                'max_count': _count,
                'return_reservation_id': {'type': ['boolean', 'string'],
                                          'enum': [True, False, 'True',
                                                   'False', 'true', 'false',
                                                   '1', '0']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
                'config_drive': {'type': ['boolean', 'string', 'null']},
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
                'security_groups': {
                    'type': 'array',
                    'items': {'type': 'object',
                              'properties': {'name': {'type': 'string'}},
                              'required': ['name'],
                              'additionalProperties': False}},
                'networks': {
                    'type': 'array',
                    'items': {'type': 'object',
                              'properties': {
                                  'uuid': {'type': 'string'},
                                  'port': {'type': ['string', 'null']},
                                  'fixed_ip': {'type': 'string'}},
                              'additionalProperties': False}},
                'block_device_mapping_v2': {
                    'type': 'array',
                    'items': _block_device_mapping_v2,
                },
                'personality': {
                    'type': 'array',
                    'items': {'type': 'object',
                              'properties': {
                                  'path': {'type': 'string'},
                                  # Base64; the quota bounds the bytes.
                                  'contents': {'type': 'string',
                                               'maxLength': 65535}},
                              'required': ['path', 'contents'],
                              'additionalProperties': False}},
            },
            'required': ['name', 'flavorRef'],
            'additionalProperties': False,
        },
        'os:scheduler_hints': {'type': 'object'},
        'OS-SCH-HNT:scheduler_hints': {'type': 'object'},
    },
    'required': ['server'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': _name,
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
            },
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}

# 2.19: a description at create and update.
create_v219 = copy.deepcopy(create)
create_v219['properties']['server']['properties']['description'] = \
    parameter_types.description
update_v219 = copy.deepcopy(update)
update_v219['properties']['server']['properties']['description'] = \
    parameter_types.description

# 2.32: device tags on block_device_mapping_v2 items and networks. Upstream
# lost them by mistake in 2.33 (block devices) and 2.37 (networks) and
# restored both in 2.42: later windows must follow that.
create_v232 = copy.deepcopy(create_v219)
_server_v232 = create_v232['properties']['server']['properties']
_server_v232['block_device_mapping_v2']['items']['properties']['tag'] = \
    parameter_types.device_tag
_server_v232['networks']['items']['properties']['tag'] = \
    parameter_types.device_tag

# 2.57: personality is gone (user_data and the metadata service replace
# it).
create_v257 = copy.deepcopy(create_v232)
del create_v257['properties']['server']['properties']['personality']

_multi = {'type': 'array', 'items': {'type': 'string'}}
_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}

# At 2.1 unknown query parameters are ignored, as upstream does.
index_query = {
    'type': 'object',
    'properties': {
        'name': _single, 'status': _multi, 'image': _single,
        'flavor': _single, 'changes-since': _single, 'host': _single,
        'all_tenants': _single, 'reservation_id': _single,
        'limit': _single, 'marker': _single,
        'sort_key': _multi, 'sort_dir': _multi,
        'deleted': _single, 'project_id': _single, 'tenant_id': _single,
        'ip': _single, 'ip6': _single, 'user_id': _single,
    },
    'additionalProperties': True,
}

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
