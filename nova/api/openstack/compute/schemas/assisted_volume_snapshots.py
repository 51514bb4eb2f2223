"""Request schemas of /os-assisted-volume-snapshots."""

_NON_EMPTY = {'type': 'string', 'minLength': 1}

create = {
    'type': 'object',
    'properties': {
        'snapshot': {
            'type': 'object',
            'properties': {
                'volume_id': _NON_EMPTY,
                'create_info': {
                    'type': 'object',
                    'properties': {
                        'snapshot_id': _NON_EMPTY,
                        'type': {'type': 'string', 'enum': ['qcow2']},
                        'new_file': _NON_EMPTY,
                        'id': _NON_EMPTY,
                    },
                    'required': ['snapshot_id', 'type', 'new_file'],
                    'additionalProperties': False,
                },
            },
            'required': ['volume_id', 'create_info'],
            'additionalProperties': False,
        },
    },
    'required': ['snapshot'],
    'additionalProperties': False,
}

# delete_info: JSON naming the volume ({"volume_id": ...}).
delete_query = {
    'type': 'object',
    'properties': {'delete_info': {'type': 'array',
                                   'items': {'type': 'string'}}},
    'additionalProperties': True,
}
