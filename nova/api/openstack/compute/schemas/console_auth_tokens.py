"""Query schema of os-console-auth-tokens (none taken, any ignored)."""

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
