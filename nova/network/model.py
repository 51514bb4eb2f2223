"""network_info: what a guest's interfaces look like, for drivers and views.

A list of plain dicts (JSON-safe, so they cross RPC inside a versioned
object), one per virtual interface:

    {'id': vif uuid, 'address': MAC, 'type': 'bridge',
     'devname': tap device name,
     'network': {'id', 'label', 'bridge', 'bridge_interface', 'vlan',
                 'multi_host', 'mtu', 'injected',
                 'subnets': [{'cidr', 'version', 'gateway', 'dns': [...],
                              'dhcp_server',
                              'ips': [{'address', 'version', 'type': 'fixed',
                                       'floating_ips': [{'address',
                                           'version', 'type': 'floating'}]}]
                              }],
                 'router': None (on no router) or {'id', 'forwarding',
                     'gateway_ip', 'enable_snat', 'cidrs'} (see
                     nova.network.resources.routers.data_plane)}}
"""

import ipaddress


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


def vif(vif_row, network, fixed_rows, floating_by_fixed):
    """One interface's network_info entry from its database rows."""
    subnets = []
    if network.cidr:
        subnets.append({
            'cidr': network.cidr, 'version': 4, 'gateway': network.gateway,
            'dns': [d for d in (network.dns1, network.dns2) if d],
            # None: the network has no DHCP (static configuration).
            'dhcp_server': ((network.dhcp_server or network.gateway)
                            if network.enable_dhcp else None),
            'ips': [_ip(f.address, 'fixed', floating_by_fixed.get(f.id, ()))
                    for f in fixed_rows]})
    if network.cidr_v6:
        subnets.append({
            'cidr': network.cidr_v6, 'version': 6,
            'gateway': network.gateway_v6, 'dns': [], 'dhcp_server': None,
            'ips': [_ip(eui64_address(network.cidr_v6, vif_row.address),
                        'fixed')]})
    return {
        'id': vif_row.uuid, 'address': vif_row.address, 'type': 'bridge',
        'tag': vif_row.tag,
        'devname': ('tap' + vif_row.uuid)[:14],
        'network': {
            'id': network.uuid, 'label': network.label,
            'bridge': network.bridge,
            'bridge_interface': network.bridge_interface,
            'vlan': network.vlan, 'multi_host': bool(network.multi_host),
            'mtu': network.mtu, 'injected': bool(network.injected),
            'subnets': subnets,
        },
    }


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
