"""Request schemas of /versions/{version_id} inside the Compute API."""

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
