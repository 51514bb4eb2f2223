"""Policies of a server's share attachments (API 2.97): upstream's names
and defaults."""

from oslo_policy import policy

from nova.policies import base

PREFIX = 'os_compute_api:os-server-shares:%s'
_PATH = '/servers/{server_id}/shares'


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(
        PREFIX % name, base.PROJECT_MEMBER_OR_ADMIN, description,
        [{'method': method, 'path': path}])


rules = [
    _rule('index', 'List the shares attached to a server', 'GET', _PATH),
    _rule('create', 'Attach a share to a server', 'POST', _PATH),
    _rule('show', 'Show a share attached to a server', 'GET',
          _PATH + '/{share_id}'),
    _rule('delete', 'Detach a share from a server', 'DELETE',
          _PATH + '/{share_id}'),
]


def list_rules():
    return rules
