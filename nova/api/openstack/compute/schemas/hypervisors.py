"""Query schemas of the hypervisors API (os-hypervisors).

At 2.1 no handler takes query parameters (paging came with 2.33); unknown
ones are ignored, as upstream does.
"""

_none = {'type': 'object', 'properties': {}, 'additionalProperties': True}

index_query = _none
detail_query = _none
show_query = _none
statistics_query = _none
uptime_query = _none
search_query = _none
servers_query = _none

# 2.33: paging of the lists (marker: the id of the last hypervisor seen).
index_query_v233 = {
    'type': 'object',
    'properties': {
        'limit': {'type': 'array', 'items': {
            'type': 'string', 'pattern': '^[0-9]+$'}},
        'marker': {'type': 'array', 'items': {'type': 'string'}},
    },
    'additionalProperties': True,
}
