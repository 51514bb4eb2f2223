"""Policies of the routes operators and peer services call: server
diagnostics, external events, the usage audit log and assisted volume
snapshots (administrators only, as upstream)."""

from oslo_policy import policy

from nova.policies import base


def _rule(name, description, operations, check=base.ADMIN):
    return policy.DocumentedRuleDefault(
        'os_compute_api:' + name, check, description,
        [{'method': m, 'path': p} for m, p in operations])


rules = [
    _rule('os-server-diagnostics', 'Show the diagnostics of a server',
          [('GET', '/servers/{server_id}/diagnostics')]),
    _rule('os-server-external-events:create',
          'Deliver events of other services (networking, block storage) '
          'to the servers they concern',
          [('POST', '/os-server-external-events')],
          check=base.SERVICE_ROLE),
    _rule('os-instance-usage-audit-log:list',
          'Show the usage audit of the last completed period',
          [('GET', '/os-instance_usage_audit_log')]),
    _rule('os-instance-usage-audit-log:show',
          'Show the usage audit of the period completed before a time',
          [('GET', '/os-instance_usage_audit_log/{before_timestamp}')]),
    _rule('os-assisted-volume-snapshots:create',
          'Snapshot an attached volume with the hypervisor\'s help',
          [('POST', '/os-assisted-volume-snapshots')]),
    _rule('os-assisted-volume-snapshots:delete',
          'Delete an assisted snapshot of an attached volume',
          [('DELETE', '/os-assisted-volume-snapshots/{snapshot_id}')]),
]


def list_rules():
    return rules
