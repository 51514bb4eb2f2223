"""Request schemas of a server's share attachments (API 2.97)."""

create = {
    'type': 'object',
    'properties': {
        'share': {
            'type': 'object',
            'properties': {
                'share_id': {'type': 'string', 'format': 'uuid'},
                'tag': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9_-]+$'},
            },
            'required': ['share_id'],
            'additionalProperties': False,
        },
    },
    'required': ['share'],
    'additionalProperties': False,
}

query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
