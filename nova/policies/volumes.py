"""Policies of volumes, volume snapshots and servers' volume attachments."""

from oslo_policy import policy

from nova.policies import base

_ATTACH = '/servers/{server_id}/os-volume_attachments'


def _rule(name, description, method, path, check=None):
    return policy.DocumentedRuleDefault(
        name, check or base.owner(method), description,
        [{'method': method, 'path': path}])


rules = [
    _rule('os_compute_api:os-volumes:list', 'List volumes (proxy of the '
          'volume service)', 'GET', '/os-volumes'),
    _rule('os_compute_api:os-volumes:detail', 'List volumes with details',
          'GET', '/os-volumes/detail'),
    _rule('os_compute_api:os-volumes:show', 'Show a volume', 'GET',
          '/os-volumes/{volume_id}'),
    _rule('os_compute_api:os-volumes:create', 'Create a volume', 'POST',
          '/os-volumes'),
    _rule('os_compute_api:os-volumes:delete', 'Delete a volume', 'DELETE',
          '/os-volumes/{volume_id}'),
    _rule('os_compute_api:os-volumes:snapshots:list', 'List snapshots',
          'GET', '/os-snapshots'),
    _rule('os_compute_api:os-volumes:snapshots:detail',
          'List snapshots with details', 'GET', '/os-snapshots/detail'),
    _rule('os_compute_api:os-volumes:snapshots:show', 'Show a snapshot',
          'GET', '/os-snapshots/{snapshot_id}'),
    _rule('os_compute_api:os-volumes:snapshots:create', 'Create a snapshot',
          'POST', '/os-snapshots'),
    _rule('os_compute_api:os-volumes:snapshots:delete', 'Delete a snapshot',
          'DELETE', '/os-snapshots/{snapshot_id}'),
    _rule('os_compute_api:os-volumes-attachments:index',
          'List the volumes attached to a server', 'GET', _ATTACH),
    _rule('os_compute_api:os-volumes-attachments:show',
          'Show one volume attachment of a server', 'GET',
          _ATTACH + '/{volume_id}'),
    _rule('os_compute_api:os-volumes-attachments:create',
          'Attach a volume to a server', 'POST', _ATTACH),
    _rule('os_compute_api:os-volumes-attachments:update',
          'Update a volume attachment (its delete_on_termination, API '
          '2.85)', 'PUT', _ATTACH + '/{volume_id}'),
    _rule('os_compute_api:os-volumes-attachments:swap',
          'Swap the volume of an attachment for another volume', 'PUT',
          _ATTACH + '/{volume_id}', check=base.ADMIN),
    _rule('os_compute_api:os-volumes-attachments:delete',
          'Detach a volume from a server', 'DELETE',
          _ATTACH + '/{volume_id}'),
]


def list_rules():
    return rules
