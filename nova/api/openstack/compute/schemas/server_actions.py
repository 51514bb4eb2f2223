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

# 2.73: lock takes an optional reason, shown until the unlock.
lock_v273 = {'type': ['null', 'object'],
             'properties': {'locked_reason': {'type': 'string',
                                              'minLength': 1,
                                              'maxLength': 255}},
             'additionalProperties': False}
