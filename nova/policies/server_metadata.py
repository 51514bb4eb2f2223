"""Policies of a server's metadata and its encrypted password."""

from oslo_policy import policy

from nova.policies import base

_PATH = '/servers/{server_id}/metadata'
_PASSWORD = '/servers/{server_id}/os-server-password'


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(
        name, base.owner(method), description,
        [{'method': method, 'path': path}])


rules = [
    _rule('os_compute_api:server-metadata:index',
          'List a server\'s metadata', 'GET', _PATH),
    _rule('os_compute_api:server-metadata:show',
          'Show one metadata item of a server', 'GET', _PATH + '/{key}'),
    _rule('os_compute_api:server-metadata:create',
          'Add or change metadata items of a server', 'POST', _PATH),
    _rule('os_compute_api:server-metadata:update_all',
          'Replace all metadata of a server', 'PUT', _PATH),
    _rule('os_compute_api:server-metadata:update',
          'Set one metadata item of a server', 'PUT', _PATH + '/{key}'),
    _rule('os_compute_api:server-metadata:delete',
          'Delete one metadata item of a server', 'DELETE',
          _PATH + '/{key}'),
    _rule('os_compute_api:os-server-password:show',
          'Show the encrypted administrative password of a server', 'GET',
          _PASSWORD),
    _rule('os_compute_api:os-server-password:clear',
          'Clear the encrypted administrative password of a server',
          'DELETE', _PASSWORD),
]


def list_rules():
    return rules
