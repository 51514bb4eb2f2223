"""Request schemas of flavor access lists (os-flavor-access)."""

_tenant = {
    'type': 'object',
    'properties': {
        'tenant': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    },
    'required': ['tenant'],
    'additionalProperties': False,
}

# POST /flavors/{id}/action carries exactly one action; an unknown one is
# answered "There is no such action" by the handler, as upstream does.
action = {
    'type': 'object',
    'properties': {
        'addTenantAccess': _tenant,
        'removeTenantAccess': _tenant,
    },
    'minProperties': 1,
    'maxProperties': 1,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
