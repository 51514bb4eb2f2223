"""Policies of managing compute services (os-services), admin only."""

from oslo_policy import policy

from nova.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'os_compute_api:os-services:update', base.ADMIN,
        'Enable or disable a service, optionally giving a reason',
        [{'method': 'PUT', 'path': '/os-services/enable'},
         {'method': 'PUT', 'path': '/os-services/disable'},
         {'method': 'PUT', 'path': '/os-services/disable-log-reason'},
         {'method': 'PUT', 'path': '/os-services/force-down'},
         {'method': 'PUT', 'path': '/os-services/{service_id}'}]),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-services:delete', base.ADMIN,
        'Delete a service record (and a compute service\'s nodes)',
        [{'method': 'DELETE', 'path': '/os-services/{service_id}'}]),
]


def list_rules():
    return rules
