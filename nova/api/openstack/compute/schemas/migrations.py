"""Query schemas of the migrations APIs (os-migrations and a server's
live migrations).

Up to 2.58 upstream reads the filters below and ignores anything else.
"""

# Each parameter may repeat; the last one counts.
_strings = {'type': 'array', 'items': {'type': 'string'}}

index_query = {
    'type': 'object',
    'properties': {
        'host': _strings,
        'status': _strings,
        'instance_uuid': _strings,
        'source_compute': _strings,
        'migration_type': _strings,
    },
    'additionalProperties': True,
}

server_index_query = {'type': 'object', 'properties': {},
                      'additionalProperties': True}
server_show_query = server_index_query

# 2.22: POST /servers/{server_id}/migrations/{migration_id}/action
force_complete = {
    'type': 'object',
    'properties': {'force_complete': {'type': 'null'}},
    'required': ['force_complete'],
    'additionalProperties': False,
}
