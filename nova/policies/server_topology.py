"""Policies of a server's NUMA topology (API 2.78): upstream's names."""

from oslo_policy import policy

from nova.policies import base

_PATH = '/servers/{server_id}/topology'

rules = [
    policy.DocumentedRuleDefault(
        'compute:server:topology:index', base.PROJECT_MEMBER_OR_ADMIN,
        'Show the NUMA topology of a server',
        [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        'compute:server:topology:host:index', base.ADMIN,
        'See the host side of a server\'s NUMA topology (host_node, '
        'cpu_pinning)', [{'method': 'GET', 'path': _PATH}]),
]


def list_rules():
    return rules
