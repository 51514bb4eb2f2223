"""Query schemas of the migrations APIs (os-migrations and a server's
live migrations).

Up to 2.58 upstream reads the filters below and ignores anything else.
"""

import copy

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

# 2.59: paging (limit, marker: a migration uuid) and changes-since; any
# other parameter is refused.
_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}
index_query_v259 = {
    'type': 'object',
    'properties': dict(
        index_query['properties'], hidden=_strings,
        limit={'type': 'array', 'maxItems': 1,
               'items': {'type': 'string', 'pattern': '^[0-9]+$'}},
        marker=_single, **{'changes-since': _single}),
    'additionalProperties': False,
}

# 2.66: changes-before too.
index_query_v266 = {
    'type': 'object',
    'properties': dict(index_query_v259['properties'],
                       **{'changes-before': _single}),
    'additionalProperties': False,
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

# 2.80: filtered by who started the move.
index_query_v280 = copy.deepcopy(index_query_v266)
index_query_v280['properties'].update(user_id=_single, project_id=_single)
