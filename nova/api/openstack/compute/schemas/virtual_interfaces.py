"""Request schemas of a server's virtual interfaces
(os-virtual-interfaces)."""

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
