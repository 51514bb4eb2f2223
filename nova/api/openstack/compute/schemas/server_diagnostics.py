"""Request schemas of /servers/{server_id}/diagnostics."""

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
