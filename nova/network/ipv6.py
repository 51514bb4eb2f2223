"""What the data plane does for a network's IPv6 subnets (network_info's
'ranges6', see nova.network.model): the host's gateway address on the
link, router advertisements and DHCPv6 as each subnet's modes ask,
with the subnet's DNS servers.

The host is the IPv6 router of the link when a subnet has an
ipv6_ra_mode; with none, another router advertises (as in Neutron) and
the host only holds the gateway address. IPv6 is routed, never NATed.
"""

import ipaddress

SLAAC = 'slaac'
STATEFUL = 'dhcpv6-stateful'
STATELESS = 'dhcpv6-stateless'
DHCPV6_MODES = (STATEFUL, STATELESS)


def subnets(network):
    """The IPv6 subnets of a network_info network: all of the network's
    (not only those its interface has an address in)."""
    return network.get('ranges6') or [
        s for s in network['subnets'] if s['version'] == 6]


def _gateway(subnet):
    """The subnet's gateway when it lies on the subnet (None: no
    gateway, or one reached off the link), in the form `ip` shows."""
    gateway = subnet.get('gateway')
    if not gateway:
        return None
    address = ipaddress.ip_address(gateway)
    if address in ipaddress.ip_network(subnet['cidr']):
        return str(address)
    return None


def gateway_addresses(ranges6):
    """The host's addresses (with prefix) on the link of the subnets."""
    return ['%s/%d' % (_gateway(s), ipaddress.ip_network(
        s['cidr']).prefixlen) for s in ranges6 if _gateway(s)]


def dnsmasq_mode(subnet):
    """The dnsmasq --dhcp-range mode of an advertised subnet: SLAAC only
    (A bit), SLAAC with DHCPv6 for the other settings (A and O bits), or
    DHCPv6-assigned addresses (M bit) of the static host entries only."""
    mode = subnet.get('ipv6_ra_mode')
    if mode == STATEFUL:
        return 'static'
    if mode == STATELESS and subnet.get('enable_dhcp', True):
        return 'ra-stateless'
    return 'ra-only'


def dnsmasq_ranges(ranges6):
    """ensure_dhcp's v6 argument: [{'cidr', 'mode', 'dns'}] of the
    advertised subnets, 'dns' (the subnet's IPv6 DNS servers, handed out
    by DHCPv6 and in the advertisements' RDNSS) only when it has some:
    an unchanged command line keeps a running dnsmasq. The API takes
    IPv4 servers too; DHCPv6 cannot carry them (and dnsmasq would not
    start with one in an IPv6 option)."""
    ranges = []
    for subnet in advertised(ranges6):
        served = {'cidr': subnet['cidr'], 'mode': dnsmasq_mode(subnet)}
        dns = [ipaddress.ip_address(a) for a in subnet.get('dns') or ()]
        if any(a.version == 6 for a in dns):
            served['dns'] = [str(a) for a in dns if a.version == 6]
        ranges.append(served)
    return ranges


def advertised(ranges6):
    """The subnets the host advertises (dnsmasq needs the gateway address
    on the link to advertise a prefix): those with an ra_mode and a
    gateway on the subnet. A stateful one without DHCP is not: its
    guests would wait for addresses nobody hands out."""
    return [s for s in ranges6
            if s.get('ipv6_ra_mode') and _gateway(s) and not (
                s['ipv6_ra_mode'] == STATEFUL and
                not s.get('enable_dhcp', True))]


def stateful_addresses(vif_subnets):
    """The interface's addresses that DHCPv6 hands out (those of its
    advertised stateful DHCPv6 subnets)."""
    return [ip['address'] for s in advertised(
        [s for s in vif_subnets if s['version'] == 6])
        if s['ipv6_ra_mode'] == STATEFUL for ip in s['ips']]
