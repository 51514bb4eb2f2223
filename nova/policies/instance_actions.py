"""Policies of a server's action history (os-instance-actions)."""

from oslo_policy import policy

from nova.policies import base

PREFIX = 'os_compute_api:os-instance-actions:%s'
_PATH = '/servers/{server_id}/os-instance-actions'

rules = [
    policy.DocumentedRuleDefault(
        PREFIX % 'list', base.PROJECT_MEMBER_OR_ADMIN,
        'List the actions done to a server', [{'method': 'GET',
                                               'path': _PATH}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'show', base.PROJECT_MEMBER_OR_ADMIN,
        'Show one action done to a server, with its events',
        [{'method': 'GET', 'path': _PATH + '/{request_id}'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'events', base.ADMIN,
        'See the tracebacks of failed events when showing an action',
        [{'method': 'GET', 'path': _PATH + '/{request_id}'}]),
    policy.DocumentedRuleDefault(
        PREFIX % 'events:details', base.PROJECT_MEMBER_OR_ADMIN,
        'See why an event failed (its details, API 2.84) when showing an '
        'action', [{'method': 'GET', 'path': _PATH + '/{request_id}'}]),
]


def list_rules():
    return rules
