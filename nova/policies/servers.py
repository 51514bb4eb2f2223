"""Policies of the servers API."""

from oslo_policy import policy

from nova.policies import base

PREFIX = 'os_compute_api:servers:%s'


def _rule(name, check, description, method, path):
    return policy.DocumentedRuleDefault(
        PREFIX % name, check, description,
        [{'method': method, 'path': path}])


rules = [
    _rule('index', base.ANY, 'List servers', 'GET', '/servers'),
    _rule('detail', base.ANY, 'List servers with details', 'GET',
          '/servers/detail'),
    _rule('index:get_all_tenants', base.ADMIN,
          'List servers of all projects (all_tenants)', 'GET', '/servers'),
    _rule('detail:get_all_tenants', base.ADMIN,
          'List servers of all projects with details (all_tenants)', 'GET',
          '/servers/detail'),
    _rule('show', base.PROJECT_MEMBER_OR_ADMIN, 'Show a server', 'GET',
          '/servers/{server_id}'),
    _rule('show:host_status', base.ADMIN,
          'See the state of a server\'s compute host (host_status, API '
          '2.16)', 'GET', '/servers/{server_id}'),
    _rule('create', base.PROJECT_MEMBER_OR_ADMIN, 'Create a server', 'POST',
          '/servers'),
    _rule('create:forced_host', base.ADMIN,
          'Create a server on a named host (availability_zone zone:host)',
          'POST', '/servers'),
    _rule('create:requested_destination', base.ADMIN,
          'Create a server on a host or node the scheduler still checks '
          '(host, hypervisor_hostname, API 2.74)', 'POST', '/servers'),
    _rule('update', base.PROJECT_MEMBER_OR_ADMIN, 'Update a server', 'PUT',
          '/servers/{server_id}'),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server',
          'DELETE', '/servers/{server_id}'),
]


def list_rules():
    return rules
