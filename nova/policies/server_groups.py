"""Policies of server groups (os-server-groups)."""

from oslo_policy import policy

from nova.policies import base

PREFIX = 'os_compute_api:os-server-groups:%s'
_PATH = '/os-server-groups'

rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'create', base.PROJECT_MEMBER_OR_ADMIN,
        'Create a server group', [{'method': 'POST', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'index', base.PROJECT_READER_OR_ADMIN,
        "List the project's server groups",
        [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'index:all_projects', base.ADMIN,
        'List the server groups of every project (all_projects=True)',
        [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'show', base.PROJECT_READER_OR_ADMIN,
        'Show a server group', [{'method': 'GET',
                                 'path': _PATH + '/{server_group_id}'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
        'Delete a server group', [{'method': 'DELETE',
                                   'path': _PATH + '/{server_group_id}'}]),
]


def list_rules():
    return rules
