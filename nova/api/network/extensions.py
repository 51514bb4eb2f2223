"""The extensions list: only what this API implements."""

from nova.api.network import faults

_UPDATED = '2026-12-06T10:00:00-00:00'

# alias -> (name, description)
EXTENSIONS = {
    'availability_zone': ('Availability Zone',
                          'The availability zone resource.'),
    'network_availability_zone': (
        'Network Availability Zone',
        'Availability zones of networks.'),
    'external-net': ('Neutron external network',
                     'Networks that floating IPs come from '
                     '(router:external).'),
    'provider': ('Provider Network',
                 'Physical network, type and segment of networks '
                 '(administrators only).'),
    'net-mtu': ('Network MTU', 'The MTU of a network.'),
    'project-id': ('project_id field enabled',
                   'Resources show project_id beside tenant_id.'),
    'standard-attr-description': ('standard-attr-description',
                                  'Resources have a description.'),
    'standard-attr-timestamp': ('Resource timestamps',
                                'Resources show created_at and '
                                'updated_at.'),
    'pagination': ('Pagination support',
                   'limit and marker on every list.'),
    'sorting': ('Sorting support', 'sort_key and sort_dir on every list.'),
    'security-group': ('security-group',
                       'Security groups and their ingress and egress '
                       'rules.'),
    'binding': ('Port Binding',
                'Host and VIF type of ports (administrators only).'),
    'port-security': ('Port Security',
                      'port_security_enabled of networks and ports.'),
    'quotas': ('Quota management support',
               'Networking quotas of projects.'),
    'quota_details': ('Quota details extension',
                      'Used and reserved beside each limit.'),
    'router': ('Neutron L3 Router',
               'Routers joining subnets to an external network: its '
               'floating IPs reach their ports, and their traffic leaves '
               'through the gateway address (source NAT).'),
    'ext-gw-mode': ('Neutron L3 Configurable external gateway mode',
                    'enable_snat of a router\'s external gateway '
                    '(administrators only).'),
    'filter-validation': ('Filter parameters validation',
                          'Unknown filters are refused (400).'),
    'subnet-external-network': (
        'Subnet External Network',
        'Every project sees the subnets of external networks, as it '
        'sees the networks.'),
    'auto-allocated-topology': ('Auto Allocated Topology Services',
                                'A network made for a project on first '
                                'use ("Get Me A Network").'),
}


def _view(alias):
    name, description = EXTENSIONS[alias]
    return {'alias': alias, 'name': name, 'description': description,
            'updated': _UPDATED, 'links': []}


def index(req):
    return {'extensions': [_view(a) for a in sorted(EXTENSIONS)]}


def show(req, alias):
    if alias not in EXTENSIONS:
        raise faults.not_found('HTTPNotFound',
                               'Extension with alias %s does not exist'
                               % alias)
    return {'extension': _view(alias)}
