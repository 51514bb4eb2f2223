"""Argument schemas of server actions (the value of the body's one key)."""

# {"pause": null}; clients also send {"pause": {}}.
no_argument = {'type': ['null', 'object'], 'properties': {},
               'additionalProperties': False}

reboot = {
    'type': 'object',
    'properties': {
        'type': {'type': 'string',
                 'pattern': '^([Hh][Aa][Rr][Dd]|[Ss][Oo][Ff][Tt])$'},
    },
    'required': ['type'],
    'additionalProperties': False,
}
