"""Request schemas of the server actions API: one action key per body."""

# {"pause": null}; clients also send {"pause": {}}.
_no_argument = {'type': ['null', 'object'], 'properties': {},
                'additionalProperties': False}

_reboot = {
    'type': 'object',
    'properties': {
        'type': {'type': 'string',
                 'pattern': '^([Hh][Aa][Rr][Dd]|[Ss][Oo][Ff][Tt])$'},
    },
    'required': ['type'],
    'additionalProperties': False,
}

ACTIONS = ('reboot', 'os-stop', 'os-start', 'pause', 'unpause', 'suspend',
           'resume', 'lock', 'unlock')

action = {
    'type': 'object',
    'properties': dict(
        {name: _no_argument for name in ACTIONS}, reboot=_reboot),
    'minProperties': 1,
    'maxProperties': 1,
    'additionalProperties': False,
}
