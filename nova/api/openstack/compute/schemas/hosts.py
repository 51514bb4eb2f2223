"""Query and body schemas of the hosts API (os-hosts, deprecated)."""

index_query = {
    'type': 'object',
    'properties': {'zone': {'type': 'array', 'items': {'type': 'string'},
                            'maxItems': 1}},
    'additionalProperties': True,
}
show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
power_query = show_query

_switch = {'type': 'string',
           'enum': ['enable', 'disable', 'Enable', 'Disable', 'ENABLE',
                    'DISABLE']}

# PUT /os-hosts/{host_name}
update = {
    'type': 'object',
    'properties': {'status': _switch, 'maintenance_mode': _switch},
    'anyOf': [{'required': ['status']}, {'required': ['maintenance_mode']}],
    'additionalProperties': False,
}
