"""Attributes every Neutron resource view shares."""


def timestamp(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def standard(row, project_id, description=''):
    """project_id/tenant_id, description, timestamps, revision, tags."""
    created = getattr(row, 'created_at', None)
    return {'project_id': project_id or '', 'tenant_id': project_id or '',
            'description': description or '',
            'created_at': timestamp(created),
            'updated_at': timestamp(getattr(row, 'updated_at', None) or
                                    created),
            'revision_number': 0, 'tags': []}
