"""Policies of the Block Storage (Cinder v3) API served here: Cinder's
rule names (volume:get, volume:create, ...) and its persona defaults.

The rules gate by role in the caller's project; which volumes a caller
sees (its project's; every project's for administrators) is the volume
service's business, which answers 404 for the others.
"""

from nova.policies import base

ADMIN = base.ADMIN
MEMBER = base.PROJECT_MEMBER_OR_ADMIN
READER = base.PROJECT_READER_OR_ADMIN
_VOLUMES = '/v3/{project_id}/volumes'
_VOLUME = _VOLUMES + '/{volume_id}'
_TYPES = '/v3/{project_id}/types'

rules = [
    base.rule('volume:get_all', READER, 'List volumes (with details)',
              [('GET', _VOLUMES), ('GET', _VOLUMES + '/detail')]),
    base.rule('volume:get', READER, 'Show a volume', [('GET', _VOLUME)]),
    base.rule('volume:create', MEMBER, 'Create a volume',
              [('POST', _VOLUMES)]),
    base.rule('volume:update', MEMBER, 'Rename a volume, change its '
              'description or metadata', [('PUT', _VOLUME)]),
    base.rule('volume:delete', MEMBER, 'Delete a volume',
              [('DELETE', _VOLUME)]),
    base.rule('volume_extension:volume_tenant_attribute', READER,
              'See the os-vol-tenant-attr:tenant_id of volumes',
              [('GET', _VOLUME), ('GET', _VOLUMES + '/detail')]),
    base.rule('volume_extension:volume_host_attribute', ADMIN,
              'See the os-vol-host-attr:host of volumes',
              [('GET', _VOLUME), ('GET', _VOLUMES + '/detail')]),
    base.rule('volume_extension:type_get_all', READER, 'List volume types',
              [('GET', _TYPES)]),
    base.rule('volume_extension:type_get', READER, 'Show a volume type',
              [('GET', _TYPES + '/{type_id}')]),
    base.rule('volume_extension:access_types_extra_specs', READER,
              'See the extra specs of volume types',
              [('GET', _TYPES), ('GET', _TYPES + '/{type_id}')]),
]


def list_rules():
    return rules
