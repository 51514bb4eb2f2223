"""Policies of volumes, volume snapshots and servers' volume attachments."""

from oslo_policy import policy

from nova.policies import base

_ATTACH = '/servers/{server_id}/os-volume_attachments'


def _rule(name, description, method, path, check=None):
    return policy.DocumentedRuleDefault(
        name, check or base.PROJECT_MEMBER_OR_ADMIN, description,
        [{'method': method, 'path': path}])


rules = [
    _rule('os_compute_api:os-volumes', 'Volumes and their snapshots '
          '(os-volumes, os-snapshots, proxies of the volume service)',
          'GET', '/os-volumes'),
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
