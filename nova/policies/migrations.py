"""Policies of migrations: os-migrations and a server's live
migrations (/servers/{server_id}/migrations)."""

from oslo_policy import policy

from nova.policies import base

SERVER = 'os_compute_api:servers:migrations:%s'
_PATH = '/servers/{server_id}/migrations'

rules = [
    policy.DocumentedRuleDefault(
        'os_compute_api:os-migrations:index', base.ADMIN,
        'List migrations', [{'method': 'GET', 'path': '/os-migrations'}]),
    policy.DocumentedRuleDefault(
        SERVER % 'index', base.PROJECT_MANAGER_OR_ADMIN,
        'List the in-progress live migrations of a server',
        [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        SERVER % 'show', base.ADMIN,
        'Show an in-progress live migration of a server',
        [{'method': 'GET', 'path': _PATH + '/{migration_id}'}]),
    policy.DocumentedRuleDefault(
        SERVER % 'force_complete', base.PROJECT_MANAGER_OR_ADMIN,
        'Force an in-progress live migration of a server to complete',
        [{'method': 'POST',
          'path': _PATH + '/{migration_id}/action (force_complete)'}]),
    policy.DocumentedRuleDefault(
        SERVER % 'delete', base.PROJECT_MANAGER_OR_ADMIN,
        'Abort an in-progress live migration of a server',
        [{'method': 'DELETE', 'path': _PATH + '/{migration_id}'}]),
]


def list_rules():
    return rules
