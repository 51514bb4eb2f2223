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
