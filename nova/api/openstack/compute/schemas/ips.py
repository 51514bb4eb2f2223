"""Request schemas of a server's addresses (/servers/{id}/ips)."""

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
