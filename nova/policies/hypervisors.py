"""Policies of the hypervisors API (os-hypervisors), admin only."""

from oslo_policy import policy

from nova.policies import base

_PREFIX = 'os_compute_api:os-hypervisors:'


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(
        _PREFIX + name, base.ADMIN, description,
        [{'method': method, 'path': path}])


rules = [
    _rule('list', 'List hypervisors', 'GET', '/os-hypervisors'),
    _rule('list-detail', 'List hypervisors with their capacity and usage',
          'GET', '/os-hypervisors/detail'),
    _rule('show', 'Show a hypervisor', 'GET', '/os-hypervisors/{id}'),
    _rule('statistics', 'Show capacity and usage summed over hypervisors',
          'GET', '/os-hypervisors/statistics'),
    _rule('uptime', 'Show how long a hypervisor\'s service has been up',
          'GET', '/os-hypervisors/{id}/uptime'),
    _rule('search', 'Find hypervisors by host name', 'GET',
          '/os-hypervisors/{hypervisor_hostname_pattern}/search'),
    _rule('servers', 'List the servers of hypervisors found by host name',
          'GET', '/os-hypervisors/{hypervisor_hostname_pattern}/servers'),
]


def list_rules():
    return rules
