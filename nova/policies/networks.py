"""Policies of the networking APIs: networks, fixed and floating IPs,
security groups, interfaces and the server actions about them."""

from oslo_policy import policy

from nova.policies import base

P = 'os_compute_api:%s'


def _rule(name, check, description, method, path, more=(),
          deprecated=None):
    """more: further (method, path) operations the rule covers;
    deprecated: the name of the one rule that covered it before, whose
    operator override still applies (legacy default: any role in the
    project)."""
    kwargs = {}
    if deprecated:
        kwargs['deprecated_rule'] = policy.DeprecatedRule(
            name=P % deprecated, check_str=base.RULE_ADMIN_OR_OWNER,
            deprecated_reason='One rule per operation, so that readers '
                              'may list and show.',
            deprecated_since='2025.1')
    return base.rule(P % name, check, description,
                     [(method, path)] + list(more), **kwargs)


def _action(name, check, description, action):
    return base.server_action_rule(name, check, description, action)


_ADMIN = base.ADMIN
_OWNER = base.PROJECT_MEMBER_OR_ADMIN
_READER = base.PROJECT_READER_OR_ADMIN

rules = [
    _rule('os-networks:view', _READER, 'List and show networks', 'GET',
          '/os-networks',
          more=[('GET', '/os-networks/{network_id}')]),
    _rule('os-networks', _ADMIN, 'Create, delete, add and (dis)associate '
          'networks', 'POST', '/os-networks',
          more=[('DELETE', '/os-networks/{network_id}'),
                ('POST', '/os-networks/add')]),
    _rule('os-networks-associate', _ADMIN, 'Associate networks with hosts '
          'and projects or disassociate them', 'POST',
          '/os-networks/{network_id}/action'),
    # One rule per operation, as upstream split them (readers read).
    _rule('os-tenant-networks:list', _READER, "List the project's "
          'networks', 'GET', '/os-tenant-networks',
          deprecated='os-tenant-networks'),
    _rule('os-tenant-networks:show', _READER, "Show one of the project's "
          'networks', 'GET', '/os-tenant-networks/{network_id}',
          deprecated='os-tenant-networks'),
    _rule('os-tenant-networks:create', _OWNER, 'Create a project network',
          'POST', '/os-tenant-networks', deprecated='os-tenant-networks'),
    _rule('os-tenant-networks:delete', _OWNER, 'Delete a project network',
          'DELETE', '/os-tenant-networks/{network_id}',
          deprecated='os-tenant-networks'),
    _rule('os-fixed-ips', _ADMIN, 'Show, reserve and unreserve fixed IPs',
          'GET', '/os-fixed-ips/{fixed_ip}',
          more=[('POST', '/os-fixed-ips/{fixed_ip}/action')]),
    _rule('os-floating-ip-pools', _READER, 'List floating IP pools', 'GET',
          '/os-floating-ip-pools'),
    _rule('os-floating-ips:list', _READER, "List the project's floating "
          'IPs', 'GET', '/os-floating-ips', deprecated='os-floating-ips'),
    _rule('os-floating-ips:show', _READER, 'Show a floating IP', 'GET',
          '/os-floating-ips/{floating_ip_id}', deprecated='os-floating-ips'),
    _rule('os-floating-ips:create', _OWNER, 'Allocate a floating IP',
          'POST', '/os-floating-ips', deprecated='os-floating-ips'),
    _rule('os-floating-ips:delete', _OWNER, 'Release a floating IP',
          'DELETE', '/os-floating-ips/{floating_ip_id}',
          deprecated='os-floating-ips'),
    _rule('os-floating-ips-bulk', _ADMIN, 'Create and delete floating IPs '
          'in bulk', 'POST', '/os-floating-ips-bulk',
          more=[('GET', '/os-floating-ips-bulk'),
                ('GET', '/os-floating-ips-bulk/{host}'),
                ('PUT', '/os-floating-ips-bulk/delete')]),
    _rule('os-floating-ip-dns', _OWNER, 'DNS entries of floating IPs',
          'GET', '/os-floating-ip-dns',
          more=[('GET', '/os-floating-ip-dns/{domain}/entries/{name}'),
                ('PUT', '/os-floating-ip-dns/{domain}/entries/{name}'),
                ('DELETE', '/os-floating-ip-dns/{domain}/entries/{name}')]),
    _rule('os-floating-ip-dns:domain:update', _ADMIN, 'Create or update a '
          'DNS domain', 'PUT', '/os-floating-ip-dns/{domain}'),
    _rule('os-floating-ip-dns:domain:delete', _ADMIN, 'Delete a DNS domain',
          'DELETE', '/os-floating-ip-dns/{domain}'),
    _rule('os-security-groups:get', _READER, "List the project's security "
          'groups', 'GET', '/os-security-groups'),
    _rule('os-security-groups:show', _READER, 'Show a security group',
          'GET', '/os-security-groups/{security_group_id}'),
    _rule('os-security-groups:create', _OWNER, 'Create a security group',
          'POST', '/os-security-groups'),
    _rule('os-security-groups:update', _OWNER, 'Update a security group',
          'PUT', '/os-security-groups/{security_group_id}'),
    _rule('os-security-groups:delete', _OWNER, 'Delete a security group',
          'DELETE', '/os-security-groups/{security_group_id}'),
    _rule('os-security-groups:rule:create', _OWNER, 'Add a rule to a '
          'security group', 'POST', '/os-security-group-rules'),
    _rule('os-security-groups:rule:delete', _OWNER, 'Delete a security '
          'group rule', 'DELETE',
          '/os-security-group-rules/{security_group_rule_id}'),
    _rule('os-security-groups:list', _READER, "List a server's security "
          'groups', 'GET', '/servers/{server_id}/os-security-groups'),
    _rule('os-security-group-default-rules', _ADMIN, 'Rules every new '
          'default security group gets', 'GET',
          '/os-security-group-default-rules',
          more=[('GET', '/os-security-group-default-rules/{rule_id}'),
                ('POST', '/os-security-group-default-rules'),
                ('DELETE', '/os-security-group-default-rules/{rule_id}')]),
    _rule('os-virtual-interfaces', _READER, "A server's virtual interfaces",
          'GET', '/servers/{server_id}/os-virtual-interfaces'),
    _rule('os-attach-interfaces', _READER, "List and show a server's "
          'interfaces', 'GET', '/servers/{server_id}/os-interface',
          more=[('GET', '/servers/{server_id}/os-interface/{port_id}')]),
    _rule('os-attach-interfaces:create', _OWNER, 'Attach an interface',
          'POST', '/servers/{server_id}/os-interface'),
    _rule('os-attach-interfaces:delete', _OWNER, 'Detach an interface',
          'DELETE', '/servers/{server_id}/os-interface/{port_id}'),
    _rule('ips:index', _READER, "A server's addresses", 'GET',
          '/servers/{server_id}/ips'),
    _rule('ips:show', _READER, "A server's addresses on one network", 'GET',
          '/servers/{server_id}/ips/{network_label}'),
    _action('os-floating-ips:add', _OWNER, 'Associate a floating IP',
            'addFloatingIp'),
    _action('os-floating-ips:remove', _OWNER, 'Disassociate a floating IP',
            'removeFloatingIp'),
    _action('os-security-groups:add', _OWNER, 'Add a security group',
            'addSecurityGroup'),
    _action('os-security-groups:remove', _OWNER, 'Remove a security group',
            'removeSecurityGroup'),
    _action('os-multinic:add', _OWNER, 'Add a fixed IP (an interface on a '
            'network)', 'addFixedIp'),
    _action('os-multinic:remove', _OWNER, 'Remove a fixed IP',
            'removeFixedIp'),
]


def list_rules():
    return rules
