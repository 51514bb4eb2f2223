"""Policies of the hosts API (os-hosts, deprecated), admin only."""

from oslo_policy import policy

from nova.policies import base

_ONE = '/os-hosts/{host_name}'


def _rule(name, description, operations):
    return policy.DocumentedRuleDefault(
        'os_compute_api:os-hosts:' + name, base.ADMIN, description,
        [{'method': m, 'path': p} for m, p in operations])


rules = [
    _rule('list', 'List hosts and their zones', [('GET', '/os-hosts')]),
    _rule('show', 'Show a host\'s capacity and usage', [('GET', _ONE)]),
    _rule('update', 'Enable or disable a host', [('PUT', _ONE)]),
    _rule('reboot', 'Reboot a host', [('GET', _ONE + '/reboot')]),
    _rule('shutdown', 'Shut a host down', [('GET', _ONE + '/shutdown')]),
    _rule('start', 'Start a host', [('GET', _ONE + '/startup')]),
]


def list_rules():
    return rules
