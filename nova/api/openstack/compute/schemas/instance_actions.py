"""Query schemas of a server's action history (os-instance-actions).

Before 2.58 upstream takes no query parameters and ignores any given.
"""

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
