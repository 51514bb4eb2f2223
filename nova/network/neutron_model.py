"""network_info (nova.network.model's shape) built from Neutron's ports,
networks, subnets and floating IPs."""

import ipaddress


def _bridge(port, network_id):
    details = port.get('binding:vif_details') or {}
    # A Linux bridge agent names its bridges after the network.
    return details.get('bridge_name') or ('brq' + network_id)[:14]


def _subnet(subnet, port, floating_by_fixed):
    ips = []
    for fixed in port.get('fixed_ips') or ():
        if fixed.get('subnet_id') != subnet['id']:
            continue
        address = fixed['ip_address']
        ips.append({
            'address': address, 'type': 'fixed',
            'version': ipaddress.ip_address(address).version,
            'floating_ips': [
                {'address': f, 'type': 'floating',
                 'version': ipaddress.ip_address(f).version}
                for f in floating_by_fixed.get((port['id'], address), ())]})
    return {
        'id': subnet['id'], 'cidr': subnet['cidr'],
        'version': subnet.get('ip_version', 4),
        'gateway': subnet.get('gateway_ip'),
        'dns': list(subnet.get('dns_nameservers') or ()),
        'dhcp_server': (subnet.get('gateway_ip')
                        if subnet.get('enable_dhcp') else None),
        'ips': ips}


def vif(port, network, subnets, floating_by_fixed):
    """One interface's entry. subnets: the network's subnets;
    floating_by_fixed: {(port id, fixed address): [floating addresses]}."""
    network_id = port['network_id']
    network = network or {'id': network_id, 'name': network_id}
    return {
        'id': port['id'], 'address': port['mac_address'],
        'type': port.get('binding:vif_type') or 'unbound',
        'details': port.get('binding:vif_details') or {},
        'vnic_type': port.get('binding:vnic_type') or 'normal',
        'active': port.get('status') == 'ACTIVE',
        'tag': None,
        'devname': ('tap' + port['id'])[:14],
        'network': {
            'id': network_id, 'label': network.get('name') or network_id,
            'bridge': _bridge(port, network_id), 'bridge_interface': None,
            'vlan': network.get('provider:segmentation_id'),
            'multi_host': False, 'mtu': network.get('mtu'),
            'injected': False,
            'subnets': [_subnet(s, port, floating_by_fixed)
                        for s in subnets],
            'router': None,
        },
    }
