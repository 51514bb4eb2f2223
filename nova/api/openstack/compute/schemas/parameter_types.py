"""Schema pieces several resources share."""

# Server and image metadata: short keys of safe characters, string values.
metadata = {
    'type': 'object',
    'patternProperties': {
        r'^[a-zA-Z0-9\-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}
