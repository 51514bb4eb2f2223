"""Request schemas of /os-server-external-events."""

# The names 2.1 accepts; upstream adds volume-extended at 2.51 (the
# compute side already handles it: nova.objects.external_event.NAMES).
NAMES_V21 = ['network-changed', 'network-vif-plugged',
             'network-vif-unplugged', 'network-vif-deleted']

create = {
    'type': 'object',
    'properties': {
        'events': {
            'type': 'array', 'minItems': 1,
            'items': {
                'type': 'object',
                'properties': {
                    'server_uuid': {'type': 'string', 'format': 'uuid'},
                    'name': {'type': 'string', 'enum': NAMES_V21},
                    'status': {'type': 'string',
                               'enum': ['failed', 'completed',
                                        'in-progress']},
                    'tag': {'type': 'string', 'maxLength': 255},
                },
                'required': ['server_uuid', 'name'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['events'],
    'additionalProperties': False,
}
