"""Request schemas of the floating IP pools API (os-floating-ip-pools)."""

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
