"""Query schemas of the availability zones API (os-availability-zone)."""

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
detail_query = index_query
