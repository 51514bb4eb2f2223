"""Query and body schemas of the services API (os-services)."""

_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}

index_query = {
    'type': 'object',
    'properties': {'host': _single, 'binary': _single},
    'additionalProperties': True,
}

_name = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_reason = {'type': 'string', 'minLength': 1, 'maxLength': 255}

# PUT /os-services/enable and /os-services/disable
update = {
    'type': 'object',
    'properties': {'host': _name, 'binary': _name},
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

# PUT /os-services/disable-log-reason
disable_log_reason = {
    'type': 'object',
    'properties': {'host': _name, 'binary': _name,
                   'disabled_reason': _reason},
    'required': ['host', 'binary', 'disabled_reason'],
    'additionalProperties': False,
}

# PUT /os-services/force-down (2.11)
force_down = {
    'type': 'object',
    'properties': {
        'host': _name, 'binary': _name,
        'forced_down': {'type': ['boolean', 'string'],
                        'enum': [True, 'True', 'TRUE', 'true', '1', 'ON',
                                 'On', 'on', 'YES', 'Yes', 'yes', False,
                                 'False', 'FALSE', 'false', '0', 'OFF',
                                 'Off', 'off', 'NO', 'No', 'no']},
    },
    'required': ['host', 'binary', 'forced_down'],
    'additionalProperties': False,
}

# PUT /os-services/{service_id} (2.53): what to change, all optional.
update_v253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': _reason,
        'forced_down': force_down['properties']['forced_down'],
    },
    'additionalProperties': False,
}
