"""Query schema of GET /servers/{server_id}/topology (API 2.78)."""

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
