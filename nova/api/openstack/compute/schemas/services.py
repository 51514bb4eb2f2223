"""Query schema of the services API (os-services)."""

_single = {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 1}

index_query = {
    'type': 'object',
    'properties': {'host': _single, 'binary': _single},
    'additionalProperties': True,
}
