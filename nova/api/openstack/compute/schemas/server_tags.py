"""Request schemas of a server's tags (API 2.26)."""

# A tag: 1-60 characters, neither '/' (it is a URL path segment) nor ','
# (the list filters separate tags with commas).
tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
       'pattern': '^[^,/]*$'}

update_all = {
    'type': 'object',
    'properties': {
        'tags': {'type': 'array', 'items': tag, 'maxItems': 50},
    },
    'required': ['tags'],
    'additionalProperties': False,
}

# PUT /servers/{server_id}/tags/{tag} takes no body (clients may send
# an empty one).
update = {'type': ['object', 'null'], 'properties': {},
          'additionalProperties': False}

query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
