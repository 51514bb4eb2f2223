"""Options of the built-in networking (issue 6)."""

from oslo_config import cfg

from nova.conf import grouped

network_group = cfg.OptGroup(
    'network', title='Built-in networking',
    help='The nova-network style networking built into the cloud: '
         'networks and their fixed addresses, floating IPs and security '
         'groups.')

network_opts = [
    cfg.StrOpt('backend', default='builtin',
               deprecated_name='network_api',
               help='Which backend of the network API (nova.network.api) '
                    'serves every networking path: servers\' addresses, '
                    'the Compute API\'s networking resources, the EC2 API '
                    'and the metadata service. "builtin" keeps networks, '
                    'addresses and security groups in the compute '
                    'database. "neutron" uses a Neutron v2.0 service over '
                    'HTTP (options of the [neutron] section); nova-all '
                    'then serves no Neutron API of its own. Any other '
                    'value stops the services at start '
                    'with a message naming the known backends.'),
    cfg.BoolOpt('create_default_network', default=True,
                help='Create a network on first start when none exists, so '
                     'that servers get an address without asking for a '
                     'network. Related options: default_network_cidr, '
                     'default_network_label.'),
    cfg.StrOpt('default_network_cidr', default='10.0.0.0/20',
               help='IPv4 range of the network created on first start '
                    '(create_default_network). The first usable address is '
                    'the gateway. Every address is a row of fixed_ips; '
                    'a /20 leaves room for the thousands of servers of '
                    'simulated scale tests.'),
    cfg.StrOpt('default_network_label', default='private',
               help='Label of the network created on first start; it is '
                    'the key of the server\'s "addresses".'),
    cfg.BoolOpt('create_default_external_network', default=True,
                help='Create an external network (router:external) with '
                     'a floating IP range on first start when none '
                     'exists (and default_floating_range is empty), so '
                     'that "openstack floating ip create public" works at '
                     'once. Related options: '
                     'default_external_network, default_external_cidr.'),
    cfg.BoolOpt('create_default_router', default=True,
                help='Whether the first start of nova-all also creates a '
                     'router (default_router_name) with its gateway on '
                     'the default external network and an interface on '
                     'the default network\'s subnet, so that floating '
                     'IPs of the external network reach it. Related: '
                     'create_default_network, '
                     'create_default_external_network.'),
    cfg.StrOpt('default_router_name', default='router1',
               help='Name of the router create_default_router makes.'),
    cfg.StrOpt('default_external_network', default='public',
               help='Name of the external network created on first start; '
                    'it is also the name of its floating IP pool.'),
    cfg.StrOpt('default_external_cidr', default='172.24.4.0/24',
               help='IPv4 range of the external network created on first '
                    'start: its addresses (but the gateway) are floating '
                    'IPs.'),
    cfg.StrOpt('flat_network_bridge', default='br100',
               help='Bridge of networks created without one.'),
    cfg.StrOpt('flat_network_dns', default='8.8.4.4',
               help='DNS server given to guests of networks created '
                    'without dns1.'),
    cfg.IntOpt('max_network_size', default=65536, min=4,
               help='Largest number of addresses one network (or one '
                    'floating IP range) may have: each address is a row '
                    'of the fixed_ips table. Networks are checked before '
                    'anything is allocated (os-networks, '
                    'os-tenant-networks, nova-manage network create). The '
                    'default, 65536, is a /16.'),
    cfg.IntOpt('tenant_networks_limit', default=3, min=-1,
               help='Networks one project may create for itself through '
                    'os-tenant-networks (administrators are not limited); '
                    '-1 is unlimited.'),
    cfg.StrOpt('default_floating_pool', default='nova',
               help='Pool of floating IPs allocated when the request names '
                    'none.'),
    cfg.StrOpt('default_floating_range', default='',
               help='Floating IPs (a CIDR) created in default_floating_pool '
                    'on first start; empty creates none.'),
    cfg.StrOpt('public_interface', default='eth0',
               help='Host interface floating IPs are bound to by default.'),
    cfg.StrOpt('plumbing_driver', default='fake',
               choices=['fake', 'linux_net'],
               help='What nova-compute does to connect guests: "linux_net" '
                    'makes a Linux bridge per network, runs dnsmasq for '
                    'DHCP and writes nftables rules for security groups, '
                    'NAT and the metadata address (needs root, the nft, '
                    'ip and dnsmasq commands); "fake" only records the '
                    'steps in $state_path/fake-network-plumbing.jsonl. Use '
                    'linux_net with the libvirt driver.'),
    cfg.BoolOpt('allow_overlapping_ips', default=False,
                help='Whether subnets of different networks may overlap '
                     '(Neutron\'s option of the same name). The built-in '
                     'data plane then puts each network in a network '
                     'namespace of its own on the compute host '
                     '(plumbing_driver linux_net); the fake plumbing '
                     'records its steps either way.'),
    cfg.StrOpt('namespace_transit_cidr', default='169.254.64.0/18',
               help='With allow_overlapping_ips: the link-local range '
                    'each network namespace\'s uplink to the host takes '
                    'a /30 of (the host end the first address, the '
                    'namespace the second), kept per network in '
                    '$state_path/networks/transit.json. The default '
                    'leaves 169.254.169.254 out and has room for 4096 '
                    'networks on a host.'),
    cfg.BoolOpt('allow_same_net_traffic', default=True,
                help='Whether guests on one network reach each other '
                     'whatever their security groups say (linux_net); '
                     'false: only security group rules let traffic in.'),
    cfg.StrOpt('metadata_host', default='',
               help='Address guests\' requests to 169.254.169.254:80 are '
                    'forwarded to (linux_net); empty: the network\'s '
                    'gateway address on the bridge, where the metadata '
                    'service listens on all addresses.'),
    cfg.PortOpt('metadata_port', default=8775,
                help='Port of the metadata service (see metadata_host).'),
    cfg.IntOpt('dhcp_lease_time', default=86400, min=120,
               help='Seconds a DHCP lease of dnsmasq lasts (linux_net).'),
    cfg.StrOpt('auto_allocate_pool', default='10.128.0.0/16',
               help='IPv4 range the networks of auto-allocated topologies '
                    'come from (a server created with networks "auto", '
                    'API 2.37, in a project without usable networks; GET '
                    '/v2.0/auto-allocated-topology/{project_id}). Each '
                    'project gets one subnet of auto_allocate_prefixlen '
                    'that overlaps no other network. Empty: no automatic '
                    'allocation (such requests answer 409).'),
    cfg.IntOpt('auto_allocate_prefixlen', default=24, min=8, max=30,
               help='Prefix length of an auto-allocated network\'s subnet '
                    '(see auto_allocate_pool); it must fit within '
                    'max_network_size.'),
    cfg.IntOpt('allocation_attempts', default=100, min=1,
               help='How often one request tries another free address '
                    'after a concurrent request took the one it chose.'),
]

network_api_group = cfg.OptGroup(
    'network_api', title='Neutron v2.0 API of the built-in networking',
    help='The Neutron v2.0 API (networks, subnets, security groups ...) '
         'served over the built-in networking\'s data by nova-all, '
         'nova-api-network and the nova-api-network-wsgi entry point. '
         'nova-api also answers /v2.0/... at the Compute API endpoint.')

network_api_opts = [
    cfg.HostAddressOpt('bind_host', default=None,
                       help='Address the Neutron v2.0 API listens on. '
                            'Unset: 127.0.0.1 with [api] auth_strategy = '
                            'noauth2, all addresses (0.0.0.0) with '
                            'keystone.'),
    cfg.PortOpt('bind_port', default=9696,
                help='Port the Neutron v2.0 API listens on.'),
    cfg.IntOpt('api_workers', default=None, min=1,
               help='Number of processes nova-api-network serves the '
                    'Neutron API with '
                    '(forked workers, as [DEFAULT] '
                    'osapi_compute_workers). Unset: 1. nova-all always '
                    'serves in one process.'),
    cfg.BoolOpt('enabled_in_all', default=True,
                help='Whether nova-all also serves the Neutron API (on '
                     'bind_port).'),
    cfg.IntOpt('pagination_max_limit', default=-1, min=-1,
               help='Most items one list answer holds when the request '
                    'gives no smaller limit; -1 is unlimited.'),
    cfg.IntOpt('quota_router', default=10, min=-1,
               help='Routers a project may have unless its own limit is '
                    'set (the Neutron API\'s router quota); -1 is '
                    'unlimited.'),
]

OPTS = {network_group: network_opts, network_api_group: network_api_opts}


def register_opts(conf):
    grouped.register(conf, OPTS)


def list_opts():
    return dict(OPTS)
