"""Request schemas of /os-server-external-events."""

import copy

# The names 2.1 accepts; 2.51 adds volume-extended (its tag: the volume).
NAMES_V21 = ['network-changed', 'network-vif-plugged',
             'network-vif-unplugged', 'network-vif-deleted']

create = {
    'type': 'object',
    'properties': {
        'events': {
            'type': 'array', 'minItems': 1,
            'items': {
                'type': 'object',
                'properties': {
                    'server_uuid': {'type': 'string', 'format': 'uuid'},
                    'name': {'type': 'string', 'enum': NAMES_V21},
                    'status': {'type': 'string',
                               'enum': ['failed', 'completed',
                                        'in-progress']},
                    'tag': {'type': 'string', 'maxLength': 255},
                },
                'required': ['server_uuid', 'name'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['events'],
    'additionalProperties': False,
}

create_v251 = copy.deepcopy(create)
create_v251['properties']['events']['items']['properties']['name'][
    'enum'] = NAMES_V21 + ['volume-extended']

# 2.76: power-update (its tag: POWER_ON or POWER_OFF).
create_v276 = copy.deepcopy(create_v251)
create_v276['properties']['events']['items']['properties']['name'][
    'enum'] = NAMES_V21 + ['volume-extended', 'power-update']

# 2.82: accelerator-request-bound (its tag: the accelerator request).
create_v282 = copy.deepcopy(create_v276)
create_v282['properties']['events']['items']['properties']['name'][
    'enum'] = NAMES_V21 + ['volume-extended', 'power-update',
                           'accelerator-request-bound']

# 2.93: volume-reimaged (its tag: the volume), sent by a block storage
# service once it reimaged a server's boot volume.
create_v293 = copy.deepcopy(create_v282)
create_v293['properties']['events']['items']['properties']['name'][
    'enum'] = NAMES_V21 + ['volume-extended', 'power-update',
                           'accelerator-request-bound', 'volume-reimaged']
