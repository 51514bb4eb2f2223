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

# 2.53: hypervisors are known by uuid (the marker too); the lists filter
# by hypervisor_hostname_pattern and show servers with with_servers, as
# the search and servers routes did.
_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}
_boolean = {'type': 'array', 'maxItems': 1, 'items': {
    'type': 'string', 'enum': ['', 'True', 'TRUE', 'true', '1', 'ON', 'On',
                               'on', 'YES', 'Yes', 'yes', 'False', 'FALSE',
                               'false', '0', 'OFF', 'Off', 'off', 'NO', 'No',
                               'no']}}
index_query_v253 = {
    'type': 'object',
    'properties': dict(index_query_v233['properties'],
                       hypervisor_hostname_pattern={
                           'type': 'array', 'maxItems': 1,
                           'items': {'type': 'string', 'minLength': 1,
                                     'maxLength': 255}},
                       with_servers=_boolean),
    'additionalProperties': True,
}
show_query_v253 = {
    'type': 'object',
    'properties': {'with_servers': _boolean},
    'additionalProperties': True,
}
