"""network_info: what a guest's interfaces look like, for drivers and views.

A list of plain dicts (JSON-safe, so they cross RPC inside a versioned
object), one per virtual interface:

    {'id': vif uuid, 'address': MAC, 'type': 'bridge',
     'devname': tap device name, 'port_security': False when the port's
     traffic is not filtered (Neutron's port_security_enabled),
     'network': {'id', 'label', 'bridge', 'bridge_interface', 'vlan',
                 'multi_host', 'mtu', 'injected',
                 'subnets': [{'cidr', 'version', 'gateway', 'dns': [...],
                              'dhcp_server',
                              'router': None (on no router) or {'id',
                                  'forwarding', 'gateway_ip',
                                  'enable_snat', 'cidrs'} (see
                                  nova.network.resources.routers.
                                  data_plane),
                              'ips': [{'address', 'version', 'type': 'fixed',
                                       'floating_ips': [{'address',
                                           'version', 'type': 'floating'}]}]
                              }],
                 'router': the router of the network's first subnet on
                     one (of ranges, then subnets; IPv4 ones first), None
                     when none is: what a
                     nova-compute of the release before reads (it routes
                     the network's subnets not on that router nowhere);
                     one of this release reads each subnet's
                     (nova.network.firewall.subnet_router), and takes
                     this one only when the subnets have none (an older
                     network service's network_info),
                 'ranges': every IPv4 subnet of a network that has several
                     (as in subnets, with their routers and no ips;
                     absent otherwise),
                 'ranges6': every IPv6 subnet of a network that has any
                     (as in subnets, with their routers and no ips;
                     absent otherwise)}}

An IPv6 subnet also says how its guests configure themselves:
'ipv6_ra_mode' and 'ipv6_address_mode' (None, 'slaac',
'dhcpv6-stateful' or 'dhcpv6-stateless', as in Neutron), and
'enable_dhcp'.
"""

import ipaddress
import json


def _ip(address, kind, floating=()):
    # Stored addresses are valid: only IPv6 ones hold a colon (parsing
    # each of a list's thousands of addresses cost more than the rest).
    ip = {'address': address, 'type': kind,
          'version': 6 if ':' in address else 4}
    if kind == 'fixed':
        ip['floating_ips'] = [_ip(a, 'floating') for a in floating]
    return ip


def eui64_address(prefix, mac):
    """The SLAAC (EUI-64) IPv6 address of a MAC in a /64 prefix."""
    octets = [int(part, 16) for part in mac.split(':')]
    octets[0] ^= 0x02
    eui = octets[:3] + [0xff, 0xfe] + octets[3:]
    network = ipaddress.ip_network(prefix, strict=False)
    suffix = int.from_bytes(bytes(eui), 'big')
    return str(network.network_address + suffix)


def vif(vif_row, network, fixed_rows, floating_by_fixed, subnets=None):
    """One interface's network_info entry from its database rows;
    subnets: the network's subnets rows (None: its one IPv4 range is the
    network's own columns). Lists the subnets the interface has
    addresses in (as upstream's Neutron model), or the first IPv4 subnet
    when it has none."""
    v6 = [s for s in subnets or () if getattr(s, 'ip_version', 4) == 6]
    v6_rows = [f for f in fixed_rows if ':' in f.address]
    fixed_rows = [f for f in fixed_rows if ':' not in f.address]
    ranges = [(s.id, s) for s in subnets or () if s not in v6]
    if not ranges and network.cidr:
        ranges = [(None, network)]
    known = {i for i, _r in ranges}
    subnet_list = []
    for index, (subnet_id, row) in enumerate(ranges):
        # Addresses placed in no subnet are the first one's.
        ips = [f for f in fixed_rows
               if getattr(f, 'subnet_id', None) == subnet_id or
               (index == 0 and getattr(f, 'subnet_id', None) not in known)]
        if ips or index == 0:
            subnet_list.append(_subnet(row, ips, floating_by_fixed))
    if len(subnet_list) > 1 and not subnet_list[0]['ips']:
        del subnet_list[0]
    subnets = subnet_list
    extra = {}
    if len(ranges) > 1:
        # Every subnet of the network, for the data plane (bridge
        # addresses, DHCP ranges, NAT) whichever guest plugs first.
        extra['ranges'] = [_subnet(row, (), {}) for _i, row in ranges]
    for row in v6:
        ips = [f for f in v6_rows if f.subnet_id == row.id]
        if ips:
            subnets.append(_subnet6(row, ips, floating_by_fixed))
    if v6:
        # The data plane (gateway addresses, router advertisements,
        # DHCPv6) serves them all, whichever guest plugs first.
        extra['ranges6'] = [_subnet6(row, (), {}) for row in v6]
    return {
        'id': vif_row.uuid, 'address': vif_row.address, 'type': 'bridge',
        'tag': vif_row.tag,
        'devname': ('tap' + vif_row.uuid)[:14],
        # False: the data plane filters nothing on it (Neutron's
        # port_security_enabled).
        'port_security': vif_row.port_security_enabled is not False,
        'network': {
            'id': network.uuid, 'label': network.label,
            'bridge': network.bridge,
            'bridge_interface': network.bridge_interface,
            'vlan': network.vlan, 'multi_host': bool(network.multi_host),
            'mtu': network.mtu, 'injected': bool(network.injected),
            'subnets': subnets, **extra,
        },
    }


def listed_fixed_rows(network, fixed_rows, subnets=None):
    """The fixed_rows vif() lists, in its order (subnet by subnet, IPv4
    ones first), without building the entry: what a list of servers
    needs to show their addresses."""
    v4_rows = [f for f in fixed_rows if ':' not in f.address]
    if not subnets:
        # The network's own IPv4 range holds every IPv4 address.
        return v4_rows if network.cidr else []
    v6 = [s for s in subnets if getattr(s, 'ip_version', 4) == 6]
    ranges = [s.id for s in subnets if s not in v6]
    if not ranges and network.cidr:
        ranges = [None]
    known = set(ranges)
    listed = []
    for index, subnet_id in enumerate(ranges):
        listed.extend(
            f for f in v4_rows
            if getattr(f, 'subnet_id', None) == subnet_id or
            (index == 0 and getattr(f, 'subnet_id', None) not in known))
    v6_rows = [f for f in fixed_rows if ':' in f.address]
    for row in v6:
        listed.extend(f for f in v6_rows if f.subnet_id == row.id)
    return listed


def _subnet(row, fixed_rows, floating_by_fixed):
    """An IPv4 subnet (a subnets or networks row) with fixed_rows."""
    return {
        'cidr': row.cidr, 'version': 4, 'gateway': row.gateway,
        'dns': [d for d in (row.dns1, row.dns2) if d],
        # None: the subnet has no DHCP (static configuration).
        'dhcp_server': ((row.dhcp_server or row.gateway)
                        if row.enable_dhcp else None),
        'ips': [_ip(f.address, 'fixed', floating_by_fixed.get(f.id, ()))
                for f in fixed_rows]}


def _subnet6(row, fixed_rows, floating_by_fixed):
    """An IPv6 subnet (a subnets row) with fixed_rows."""
    return {
        'cidr': row.cidr, 'version': 6, 'gateway': row.gateway,
        # An IPv6 subnet keeps its DNS servers among its Neutron
        # attributes (the dns1/dns2 columns hold IPv4 ones).
        'dns': list(json.loads(getattr(row, 'attrs', None) or '{}').get(
            'dns_nameservers') or ()),
        'dhcp_server': None,
        'ipv6_ra_mode': row.ipv6_ra_mode,
        'ipv6_address_mode': row.ipv6_address_mode,
        'enable_dhcp': bool(row.enable_dhcp),
        'ips': [_ip(f.address, 'fixed', floating_by_fixed.get(f.id, ()))
                for f in fixed_rows]}


def fixed_ips(network_info):
    """Every fixed IP dict of network_info (with 'vif' and 'label')."""
    result = []
    for entry in network_info:
        for subnet in entry['network']['subnets']:
            for ip in subnet['ips']:
                result.append(dict(ip, vif=entry['address'],
                                   label=entry['network']['label']))
    return result


def guest_interfaces(network_info):
    """What a virt driver needs to attach each interface to its bridge:
    [{'mac', 'bridge', 'devname', 'mtu'}] (the bridge exists already:
    nova-compute plugs before it spawns)."""
    return [{'mac': vif['address'], 'bridge': vif['network']['bridge'],
             'devname': vif['devname'], 'mtu': vif['network']['mtu']}
            for vif in network_info]
