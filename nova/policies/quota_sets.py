"""Policies of the quota APIs (os-quota-sets, os-quota-class-sets)."""

from oslo_policy import policy

from nova.policies import base

_SETS = '/os-quota-sets/{tenant_id}'
_CLASS = '/os-quota-class-sets/{id}'


def _rule(name, check, description, operations):
    return policy.DocumentedRuleDefault(
        'os_compute_api:' + name, check, description,
        [{'method': m, 'path': p} for m, p in operations])


rules = [
    _rule('os-quota-sets:show', base.PROJECT_READER_OR_ADMIN,
          'Show a project\'s (or a user\'s) quotas', [('GET', _SETS)]),
    _rule('os-quota-sets:detail', base.PROJECT_READER_OR_ADMIN,
          'Show a project\'s quotas with what it uses of them',
          [('GET', _SETS + '/detail')]),
    _rule('os-quota-sets:defaults', base.ANY,
          'Show the default quotas', [('GET', _SETS + '/defaults')]),
    _rule('os-quota-sets:update', base.ADMIN,
          'Set a project\'s (or a user\'s) quotas', [('PUT', _SETS)]),
    _rule('os-quota-sets:delete', base.ADMIN,
          'Revert a project\'s (or a user\'s) quotas to the defaults',
          [('DELETE', _SETS)]),
    _rule('os-quota-class-sets:show', base.ADMIN,
          'Show a quota class\'s limits', [('GET', _CLASS)]),
    _rule('os-quota-class-sets:update', base.ADMIN,
          'Set a quota class\'s limits (class "default": the defaults)',
          [('PUT', _CLASS)]),
]


def list_rules():
    return rules
