"""Query schemas of the extensions API."""

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
