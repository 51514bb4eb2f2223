"""Request schemas of the key pairs API (os-keypairs)."""

import copy

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
                # A Text column; the longest OpenSSH or X.509 keys fit.
                'public_key': {'type': 'string', 'maxLength': 16384},
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

# 2.35: paging of the list (marker: the name of the last key pair seen).
index_query_v235 = {
    'type': 'object',
    'properties': {
        'limit': {'type': 'array', 'items': {
            'type': 'string', 'pattern': '^[0-9]+$'}},
        'marker': {'type': 'array', 'items': {'type': 'string'}},
    },
    'additionalProperties': True,
}

# 2.2: a key pair has a type.
create_v22 = copy.deepcopy(create)
create_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': ['ssh', 'x509']}

# 2.10: administrators create key pairs for other users.
create_v210 = copy.deepcopy(create_v22)
create_v210['properties']['keypair']['properties']['user_id'] = {
    'type': 'string', 'minLength': 1, 'maxLength': 255}

# 2.92: key pairs are imported only (public_key required; the cloud no
# longer generates private keys), and names may also hold '@' and '.'.
create_v292 = copy.deepcopy(create_v210)
_keypair_v292 = create_v292['properties']['keypair']
_keypair_v292['required'] = ['name', 'public_key']
_keypair_v292['properties']['name'] = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': r'^[a-zA-Z0-9 @._-]+$'}
