"""Policies of a server's tags (API 2.26): upstream's names and defaults."""

from oslo_policy import policy

from nova.policies import base

PREFIX = 'os_compute_api:os-server-tags:%s'
_PATH = '/servers/{server_id}/tags'


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(
        PREFIX % name, base.owner(method), description,
        [{'method': method, 'path': path}])


rules = [
    _rule('index', 'List the tags of a server', 'GET', _PATH),
    _rule('show', 'Check whether a server has a tag', 'GET',
          _PATH + '/{tag}'),
    _rule('update_all', 'Replace all the tags of a server', 'PUT', _PATH),
    _rule('update', 'Add one tag to a server', 'PUT', _PATH + '/{tag}'),
    _rule('delete_all', 'Delete all the tags of a server', 'DELETE', _PATH),
    _rule('delete', 'Delete one tag of a server', 'DELETE',
          _PATH + '/{tag}'),
]


def list_rules():
    return rules
