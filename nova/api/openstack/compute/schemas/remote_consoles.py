"""Request schemas of remote consoles: the remote-consoles API (2.6+) and
the os-get*Console server actions (up to 2.5)."""

import copy


def _remote_console(protocols, types):
    return {
        'type': 'object',
        'properties': {
            'remote_console': {
                'type': 'object',
                'properties': {
                    'protocol': {'type': 'string', 'enum': protocols},
                    'type': {'type': 'string', 'enum': types},
                },
                'required': ['protocol', 'type'],
                'additionalProperties': False,
            },
        },
        'required': ['remote_console'],
        'additionalProperties': False,
    }


create_v26 = _remote_console(
    ['vnc', 'spice', 'rdp', 'serial'],
    ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial'])
# 2.8 adds the mks protocol and its webmks type.
create_v28 = copy.deepcopy(create_v26)
_console = create_v28['properties']['remote_console']['properties']
_console['protocol']['enum'].append('mks')
_console['type']['enum'].append('webmks')

# 2.99 adds the spice-direct type (protocol spice).
create_v299 = copy.deepcopy(create_v28)
create_v299['properties']['remote_console']['properties']['type'][
    'enum'].append('spice-direct')


def _action_argument(types):
    return {
        'type': 'object',
        'properties': {'type': {'type': 'string', 'enum': types}},
        'required': ['type'],
        'additionalProperties': False,
    }


get_vnc_console = _action_argument(['novnc', 'xvpvnc'])
get_spice_console = _action_argument(['spice-html5'])
get_rdp_console = _action_argument(['rdp-html5'])
get_serial_console = _action_argument(['serial'])
