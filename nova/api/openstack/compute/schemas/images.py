"""Query schemas of the images proxy API (GET /images, /images/detail)."""

_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}
_int = {'type': 'array', 'maxItems': 1,
        'items': {'type': 'string', 'pattern': '^[0-9]+$'}}

# Unknown parameters are ignored as upstream does; property-<name>
# parameters filter on an image property.
index_query = {
    'type': 'object',
    'properties': {
        'name': _single, 'status': _single, 'changes-since': _single,
        'server': _single, 'type': _single, 'minRam': _int, 'minDisk': _int,
        'limit': _single, 'marker': _single,
    },
    'additionalProperties': True,
}

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
