"""Request schemas of the key pairs API (os-keypairs)."""

create = {
    'type': 'object',
    'properties': {
        'keypair': {
            'type': 'object',
            'properties': {
                # Printable characters, no leading or trailing whitespace;
                # the handler further allows only letters, digits, '_',
                # '-' and spaces, with upstream's message.
                'name': {'type': 'string', 'minLength': 1,
                         'maxLength': 255,
                         'pattern': r'^(?!\s)[^\x00-\x1f\x7f]*(?<!\s)$'},
                'public_key': {'type': 'string'},
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['keypair'],
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
