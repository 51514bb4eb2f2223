"""Query schemas of a server's action history (os-instance-actions).

Before 2.58 upstream takes no query parameters and ignores any given.
"""

_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query

# 2.58: the list pages (limit, marker: a request id) and filters by
# changes-since; nothing else is accepted.
index_query_v258 = {
    'type': 'object',
    'properties': {
        'limit': {'type': 'array', 'maxItems': 1,
                  'items': {'type': 'string', 'pattern': '^[0-9]+$'}},
        'marker': _single,
        'changes-since': _single,
    },
    'additionalProperties': False,
}

# 2.66: changes-before too.
index_query_v266 = {
    'type': 'object',
    'properties': dict(index_query_v258['properties'],
                       **{'changes-before': _single}),
    'additionalProperties': False,
}
