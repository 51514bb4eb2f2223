"""Policies of os-simple-tenant-usage."""

from oslo_policy import policy

from nova.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'os_compute_api:os-simple-tenant-usage:list', base.ADMIN,
        'Usage of every project in a period',
        [{'method': 'GET', 'path': '/os-simple-tenant-usage'}]),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-simple-tenant-usage:show',
        base.PROJECT_READER_OR_ADMIN, 'Usage of one project in a period',
        [{'method': 'GET', 'path': '/os-simple-tenant-usage/{tenant_id}'}]),
]


def list_rules():
    return rules
