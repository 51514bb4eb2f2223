"""Request schemas of os-volumes, os-snapshots and os-volume_attachments."""

import copy

from nova.api.openstack.compute.schemas import parameter_types

_text = {'type': ['string', 'null'], 'maxLength': 255}
_uuid = {'type': 'string', 'format': 'uuid'}
_bool = {'type': ['boolean', 'string'],
         'enum': [True, False, 'True', 'False', 'true', 'false', '1', '0']}

create = {
    'type': 'object',
    'properties': {
        'volume': {
            'type': 'object',
            'properties': {
                'volume_type': {'type': 'string'},
                'metadata': parameter_types.metadata,
                'snapshot_id': _uuid,
                'size': {'type': ['integer', 'string'],
                         'pattern': '^[0-9]+$', 'minimum': 1},
                'availability_zone': {'type': 'string'},
                'display_name': _text,
                'display_description': _text,
            },
            'required': ['size'],
            'additionalProperties': False,
        },
    },
    'required': ['volume'],
    'additionalProperties': False,
}

create_snapshot = {
    'type': 'object',
    'properties': {
        'snapshot': {
            'type': 'object',
            'properties': {
                'volume_id': {'type': 'string'},
                'force': _bool,
                'display_name': _text,
                'display_description': _text,
            },
            'required': ['volume_id'],
            'additionalProperties': False,
        },
    },
    'required': ['snapshot'],
    'additionalProperties': False,
}

# A device 'tag' comes with 2.49 (attach_v249), delete_on_termination
# with 2.79 (attach_v279), as upstream.
attach = {
    'type': 'object',
    'properties': {
        'volumeAttachment': {
            'type': 'object',
            'properties': {
                'volumeId': _uuid,
                'device': {'type': ['string', 'null'],
                           'pattern': '(^/dev/x{0,1}[a-z]{0,1}d{0,1})'
                                      '([a-z]+)[0-9]*$'},
            },
            'required': ['volumeId'],
            'additionalProperties': False,
        },
    },
    'required': ['volumeAttachment'],
    'additionalProperties': False,
}

attach_v249 = copy.deepcopy(attach)
attach_v249['properties']['volumeAttachment']['properties']['tag'] = \
    parameter_types.device_tag

attach_v279 = copy.deepcopy(attach_v249)
attach_v279['properties']['volumeAttachment']['properties'][
    'delete_on_termination'] = {'type': 'boolean'}

update = {
    'type': 'object',
    'properties': {
        'volumeAttachment': {
            'type': 'object',
            'properties': {'volumeId': _uuid},
            'required': ['volumeId'],
            'additionalProperties': False,
        },
    },
    'required': ['volumeAttachment'],
    'additionalProperties': False,
}

# 2.85: the attachment's delete_on_termination may change (the same
# volumeId: no swap).
update_v285 = copy.deepcopy(update)
update_v285['properties']['volumeAttachment']['properties'][
    'delete_on_termination'] = {'type': 'boolean'}

list_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
