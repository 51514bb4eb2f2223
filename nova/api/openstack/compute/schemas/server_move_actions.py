"""Argument schemas of the actions that move a server between hosts."""

import copy

# Upstream's parameter_types.boolean: JSON booleans and their spellings.
_boolean = {'type': ['boolean', 'string'],
            'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on',
                     'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false',
                     '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']}
_host = {'type': 'string', 'minLength': 1, 'maxLength': 255}

resize = {
    'type': 'object',
    'properties': {
        'flavorRef': {'type': ['string', 'integer'], 'minLength': 1},
        'OS-DCF:diskConfig': {'type': 'string',
                              'enum': ['AUTO', 'MANUAL']},
    },
    'required': ['flavorRef'],
    'additionalProperties': False,
}

# 2.56: migrate may name the destination host (null: the scheduler
# chooses, as before).
migrate_v256 = {
    'type': ['object', 'null'],
    'properties': {
        'host': {'type': ['string', 'null'], 'minLength': 1,
                 'maxLength': 255},
    },
    'additionalProperties': False,
}

# 2.1-2.24: all three keys required, block_migration a boolean.
migrate_live = {
    'type': 'object',
    'properties': {
        'host': {'type': ['string', 'null'], 'minLength': 1,
                 'maxLength': 255},
        'block_migration': _boolean,
        'disk_over_commit': _boolean,
    },
    'required': ['host', 'block_migration', 'disk_over_commit'],
    'additionalProperties': False,
}

# 2.25: block_migration may be 'auto' (the compute host decides);
# disk_over_commit is gone.
migrate_live_v225 = {
    'type': 'object',
    'properties': {
        'host': migrate_live['properties']['host'],
        'block_migration': {'oneOf': [_boolean, {'enum': ['auto']}]},
    },
    'required': ['host', 'block_migration'],
    'additionalProperties': False,
}

# 2.30: force (a named host skips the scheduler's checks only when true).
migrate_live_v230 = {
    'type': 'object',
    'properties': dict(migrate_live_v225['properties'], force=_boolean),
    'required': ['host', 'block_migration'],
    'additionalProperties': False,
}

# 2.68: force is gone again (the scheduler checks every named host).
migrate_live_v268 = copy.deepcopy(migrate_live_v225)

# 2.1-2.13: onSharedStorage required.
evacuate = {
    'type': 'object',
    'properties': {
        'host': _host,
        'onSharedStorage': _boolean,
        'adminPass': {'type': 'string'},
    },
    'required': ['onSharedStorage'],
    'additionalProperties': False,
}

# 2.14: onSharedStorage is gone (the cloud knows its storage).
evacuate_v214 = {
    'type': 'object',
    'properties': {
        'host': _host,
        'adminPass': {'type': 'string'},
    },
    'additionalProperties': False,
}

# 2.29: force skips the scheduler's check of the named host.
evacuate_v229 = copy.deepcopy(evacuate_v214)
evacuate_v229['properties']['force'] = _boolean

# 2.68: no force.
evacuate_v268 = copy.deepcopy(evacuate_v214)
# 2.77: {"unshelve": null} or {"unshelve": {"availability_zone": "az"}}.
unshelve_v277 = {
    'type': ['null', 'object'],
    'properties': {'availability_zone': {'type': 'string', 'minLength': 1,
                                         'maxLength': 255}},
    'additionalProperties': False,
}
