"""Request schemas of the servers API."""

import copy

from nova.api.openstack.compute.schemas import parameter_types
from nova.api.openstack.compute.schemas import server_tags

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

# 2.32: device tags on block_device_mapping_v2 items and networks.
create_v232 = copy.deepcopy(create_v219)
_server_v232 = create_v232['properties']['server']['properties']
_server_v232['block_device_mapping_v2']['items']['properties']['tag'] = \
    parameter_types.device_tag
_server_v232['networks']['items']['properties']['tag'] = \
    parameter_types.device_tag

# 2.33-2.36: upstream's block device tag only reached 2.32 (a slip that
# 2.42 repairs); network tags stay.
create_v233 = copy.deepcopy(create_v219)
create_v233['properties']['server']['properties']['networks']['items'][
    'properties']['tag'] = parameter_types.device_tag

# 2.37: networks is required: a list (uuids in UUID format, and no tag:
# upstream lost it here too) or "none" / "auto".
create_v237 = copy.deepcopy(create_v219)
_server_v237 = create_v237['properties']['server']
_server_v237['required'] = _server_v237['required'] + ['networks']
_network_v237 = copy.deepcopy(_server_v237['properties']['networks'])
_network_v237['items']['properties']['uuid'] = {'type': 'string',
                                                'format': 'uuid'}
_server_v237['properties']['networks'] = {'oneOf': [
    _network_v237, {'type': 'string', 'enum': ['none', 'auto']}]}

# 2.42: device tags again on networks and block devices.
create_v242 = copy.deepcopy(create_v237)
_server_v242 = create_v242['properties']['server']['properties']
_server_v242['networks']['oneOf'][0]['items']['properties']['tag'] = \
    parameter_types.device_tag
_server_v242['block_device_mapping_v2']['items']['properties']['tag'] = \
    parameter_types.device_tag

# 2.52: tags at create, as the 2.26 server tags (at most 50). It extends
# the create body of the version before it.
create_v252 = copy.deepcopy(create_v242)
create_v252['properties']['server']['properties']['tags'] = \
    server_tags.update_all['properties']['tags']

# 2.57: personality is gone (user_data and the metadata service replace
# it).
create_v257 = copy.deepcopy(create_v252)
del create_v257['properties']['server']['properties']['personality']

# 2.63: trusted_image_certificates.
create_v263 = copy.deepcopy(create_v257)
create_v263['properties']['server']['properties'][
    'trusted_image_certificates'] = parameter_types.trusted_certs

# 2.67: volume_type of the volumes block_device_mapping_v2 makes.
create_v267 = copy.deepcopy(create_v263)
create_v267['properties']['server']['properties']['block_device_mapping_v2'][
    'items']['properties']['volume_type'] = {
        'type': ['string', 'null'], 'maxLength': 255}

# 2.74: an administrator names the host and/or node to build on.
create_v274 = copy.deepcopy(create_v267)
create_v274['properties']['server']['properties'].update({
    'host': parameter_types.compute_host,
    'hypervisor_hostname': parameter_types.compute_host,
})

# 2.90: the guest's hostname at create and update (one DNS label; 2.94
# allows a fully qualified name).
create_v290 = copy.deepcopy(create_v274)
create_v290['properties']['server']['properties']['hostname'] = \
    parameter_types.hostname
update_v290 = copy.deepcopy(update_v219)
update_v290['properties']['server']['properties']['hostname'] = \
    parameter_types.hostname
create_v294 = copy.deepcopy(create_v290)
create_v294['properties']['server']['properties']['hostname'] = \
    parameter_types.fqdn_hostname
update_v294 = copy.deepcopy(update_v290)
update_v294['properties']['server']['properties']['hostname'] = \
    parameter_types.fqdn_hostname
# 2.104: the pinned zone: null unpins, a name pins to the current zone.
update_v2104 = copy.deepcopy(update_v294)
update_v2104['properties']['server']['properties'][
    'pinned_availability_zone'] = {'type': ['string', 'null'],
                                   'minLength': 1, 'maxLength': 255}

_multi = {'type': 'array', 'items': {'type': 'string'}}
_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}

# At 2.1 unknown query parameters are ignored, as upstream does.
index_query = {
    'type': 'object',
    'properties': {
        'name': _single, 'status': _multi, 'image': _single,
        'flavor': _single, 'changes-since': _single, 'host': _single,
        'changes-before': _single,
        'all_tenants': _single, 'reservation_id': _single,
        'limit': _single, 'marker': _single,
        'sort_key': _multi, 'sort_dir': _multi,
        'deleted': _single, 'project_id': _single, 'tenant_id': _single,
        'ip': _single, 'ip6': _single, 'user_id': _single,
        'locked': _single,
    },
    'additionalProperties': True,
}

# 2.75: an unknown query parameter is a 400. These are the names upstream
# knows; those this cloud does not filter on are accepted and ignored,
# as before 2.75 (some are administrators' only).
index_query_v275 = copy.deepcopy(index_query)
for _name_ in ('launch_index', 'image_ref', 'kernel_id', 'ramdisk_id',
               'hostname', 'key_name', 'power_state', 'vm_state',
               'task_state', 'node', 'launched_at', 'terminated_at',
               'availability_zone', 'display_name', 'description',
               'display_description', 'locked_by', 'uuid',
               'root_device_name', 'config_drive', 'access_ip_v4',
               'access_ip_v6', 'auto_disk_config', 'progress',
               'soft_deleted', 'created_at', 'changes-before',
               'tags', 'tags-any', 'not-tags', 'not-tags-any'):
    index_query_v275['properties'][_name_] = _multi
index_query_v275['additionalProperties'] = False

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
