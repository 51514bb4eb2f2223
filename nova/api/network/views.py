"""Attributes every Neutron resource view shares."""


def timestamp(value):
    if isinstance(value, str):
        return value
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def common(project_id, description, created_at, updated_at):
    """project_id/tenant_id, description, timestamps, revision, tags."""
    return {'project_id': project_id or '', 'tenant_id': project_id or '',
            'description': description or '',
            'created_at': timestamp(created_at),
            'updated_at': timestamp(updated_at or created_at),
            'revision_number': 0, 'tags': []}


def standard(row, project_id, description=''):
    """common() of a database row."""
    return common(project_id, description, getattr(row, 'created_at', None),
                  getattr(row, 'updated_at', None))
