"""Argument schemas of the actions on a guest where it runs (the value of
the action body's one key), as upstream's v2.1 schemas accept them."""

import copy

from nova.api.openstack.compute.schemas import parameter_types

_name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': r'^(?!\s)[\S\s]*(?<!\s)$'}
_password = {'type': 'string'}
_image_id = {'type': 'string', 'format': 'uuid'}
_boolean = {'type': ['boolean', 'string'],
            'enum': [True, False, 'True', 'False', 'true', 'false', '1',
                     '0', 'yes', 'no', 'on', 'off']}

rescue = {
    'type': ['object', 'null'],
    'properties': {
        'adminPass': _password,
        'rescue_image_ref': _image_id,
    },
    'additionalProperties': False,
}

rebuild = {
    'type': 'object',
    'properties': {
        'imageRef': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'name': _name,
        'adminPass': _password,
        'metadata': parameter_types.metadata,
        'preserve_ephemeral': _boolean,
        'accessIPv4': {'type': ['string', 'null'], 'format': 'ipv4'},
        'accessIPv6': {'type': ['string', 'null'], 'format': 'ipv6'},
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
        'personality': {
            'type': 'array',
            'items': {
                'type': 'object',
                'properties': {
                    'path': {'type': 'string', 'minLength': 1,
                             'maxLength': 255},
                    'contents': {'type': 'string', 'format': 'base64',
                                 'maxLength': 65535},
                },
                'required': ['path', 'contents'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['imageRef'],
    'additionalProperties': False,
}

# 2.19: a description too.
rebuild_v219 = copy.deepcopy(rebuild)
rebuild_v219['properties']['description'] = parameter_types.description

# 2.54: key_name sets or changes the key pair, null removes it.
rebuild_v254 = copy.deepcopy(rebuild_v219)
rebuild_v254['properties']['key_name'] = {
    'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255}

# 2.57: user_data (base64, null to remove it); personality is gone.
rebuild_v257 = copy.deepcopy(rebuild_v254)
del rebuild_v257['properties']['personality']
rebuild_v257['properties']['user_data'] = {
    'type': ['string', 'null'], 'format': 'base64', 'maxLength': 65535}

# 2.63: trusted_image_certificates (null removes them).
rebuild_v263 = copy.deepcopy(rebuild_v257)
rebuild_v263['properties']['trusted_image_certificates'] = \
    parameter_types.trusted_certs

change_password = {
    'type': 'object',
    'properties': {'adminPass': _password},
    'required': ['adminPass'],
    'additionalProperties': False,
}

create_image = {
    'type': 'object',
    'properties': {
        'name': _name,
        'metadata': parameter_types.metadata,
    },
    'required': ['name'],
    'additionalProperties': False,
}

create_backup = {
    'type': 'object',
    'properties': {
        'name': _name,
        'backup_type': {'type': 'string'},
        'rotation': {'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
                     'minimum': 0},
        'metadata': parameter_types.metadata,
    },
    'required': ['name', 'backup_type', 'rotation'],
    'additionalProperties': False,
}

console_output = {
    'type': ['object', 'null'],
    'properties': {
        # -1 (or null, or no length) means the whole log.
        'length': {'type': ['integer', 'string', 'null'],
                   'pattern': '^-?[0-9]+$', 'minimum': -1},
    },
    'additionalProperties': False,
}

reset_state = {
    'type': 'object',
    'properties': {'state': {'type': 'string', 'enum': ['active', 'error']}},
    'required': ['state'],
    'additionalProperties': False,
}
