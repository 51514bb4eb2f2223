"""Query schema of the limits API."""

index_query = {
    'type': 'object',
    'properties': {
        'tenant_id': {'type': 'array', 'items': {'type': 'string'},
                      'maxItems': 1},
    },
    'additionalProperties': True,
}
