"""Schema pieces several resources share."""

# A server's description (API 2.19): printable text, null to clear it.
description = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
    'pattern': r'^[^\x00-\x1f\x7f]*$',
}

# A device tag (API 2.32): as a server tag, no '/' nor ','.
device_tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
              'pattern': '^[^,/]*$'}

# Server and image metadata: short keys of safe characters, string values.
metadata = {
    'type': 'object',
    'patternProperties': {
        r'^[a-zA-Z0-9\-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

# 2.63: IDs of the certificates a server's image must be trusted under;
# null (rebuild) removes them.
trusted_certs = {
    'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
    'uniqueItems': True,
    'items': {'type': 'string', 'minLength': 1},
}
# A compute host or node name (API 2.74), as upstream's fqdn pattern.
hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': r'^[a-zA-Z0-9-._]*$'}
