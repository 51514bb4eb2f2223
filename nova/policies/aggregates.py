"""Policies of managing host aggregates (os-aggregates), admin only."""

from oslo_policy import policy

from nova.policies import base

_BASE = '/os-aggregates'
_ONE = _BASE + '/{aggregate_id}'


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(
        'os_compute_api:os-aggregates:' + name, base.ADMIN, description,
        [{'method': method, 'path': path}])


rules = [
    _rule('index', 'List host aggregates', 'GET', _BASE),
    _rule('create', 'Create a host aggregate', 'POST', _BASE),
    _rule('show', 'Show a host aggregate', 'GET', _ONE),
    _rule('update', 'Rename a host aggregate or change its zone', 'PUT',
          _ONE),
    _rule('delete', 'Delete an empty host aggregate', 'DELETE', _ONE),
    _rule('add_host', 'Add a compute host to an aggregate', 'POST',
          _ONE + '/action (add_host)'),
    _rule('remove_host', 'Remove a compute host from an aggregate', 'POST',
          _ONE + '/action (remove_host)'),
    _rule('set_metadata', 'Set or delete metadata keys of an aggregate',
          'POST', _ONE + '/action (set_metadata)'),
    # Upstream's name (API 2.81).
    policy.DocumentedRuleDefault(
        'compute:aggregates:images', base.ADMIN,
        'Have the hosts of an aggregate cache images ahead of use',
        [{'method': 'POST', 'path': _ONE + '/images'}]),
]


def list_rules():
    return rules
