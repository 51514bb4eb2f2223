"""Creating networks and floating IPs: shared by nova-manage and the API."""

import ipaddress
import itertools
import math

import nova.conf
from nova import lazy_import
from nova.network import errors

floating_db = lazy_import.module('nova.db.floating_ips')
networks_db = lazy_import.module('nova.db.networks')

CONF = nova.conf.CONF


def _subnets(cidr, num_networks, network_size):
    """The subnets of cidr to create, each checked against
    max_network_size before any address is listed (a /8 has 16M)."""
    net = ipaddress.ip_network(cidr, strict=False)
    if num_networks == 1 and not network_size:
        _check_size(cidr, net.num_addresses)
        return [net]
    size = network_size or net.num_addresses // num_networks
    if size < 4 or size & (size - 1):
        raise errors.InvalidNetwork(
            reason='network_size must be a power of two of at least 4, '
                   'not %s' % size)
    _check_size(cidr, size)
    prefix = net.max_prefixlen - int(math.log2(size))
    if prefix < net.prefixlen or \
            2 ** (prefix - net.prefixlen) < num_networks:
        raise errors.InvalidNetwork(
            reason='%s is too small for %d networks of %d addresses'
            % (cidr, num_networks, size))
    return list(itertools.islice(net.subnets(new_prefix=prefix),
                                 num_networks))


def _check_size(cidr, size):
    limit = CONF.network.max_network_size
    if size > limit:
        raise errors.InvalidNetwork(
            reason='a network of %s would have %d addresses; at most %d '
                   'are allowed ([network] max_network_size). Use a '
                   'longer prefix.' % (cidr, size, limit))


def create_networks(context, label, cidr, num_networks=1, network_size=None,
                    vlan_start=None, bridge=None, bridge_interface=None,
                    multi_host=False, dns1=None, dns2=None, uuid=None,
                    cidr_v6=None, gateway=None, gateway_v6=None,
                    project_id=None, priority=None, enable_dhcp=True,
                    dhcp_server=None, share_address=False, mtu=None,
                    allowed_start=None, allowed_end=None, vpn_start=None):
    """Create num_networks networks splitting cidr; returns their rows.

    Networks after the first get the label and bridge suffixed with their
    index and the next VLAN. Addresses outside [allowed_start,
    allowed_end] are reserved.
    """
    try:
        subnets = _subnets(cidr, int(num_networks or 1),
                           int(network_size) if network_size else None)
    except ValueError as error:
        raise errors.InvalidNetwork(reason=str(error))
    if subnets[0].version != 4:
        raise errors.InvalidNetwork(reason='cidr must be an IPv4 range; '
                                           'give IPv6 as cidr_v6')
    if subnets[0].num_addresses < 4:
        raise errors.InvalidNetwork(reason='%s is too small: a network '
                                           'needs at least 4 addresses'
                                           % cidr)
    if cidr_v6:
        try:
            ipaddress.IPv6Network(cidr_v6, strict=False)
        except ValueError as error:
            raise errors.InvalidNetwork(reason=str(error))
    rows = []
    for index, subnet in enumerate(subnets):
        hosts = list(subnet.hosts())
        net_gateway = gateway if (gateway and index == 0) else str(hosts[0])
        if ipaddress.ip_address(net_gateway) not in subnet:
            raise errors.InvalidNetwork(
                reason='gateway %s is not in %s' % (net_gateway, subnet))
        suffix = '_%d' % index if index else ''
        vlan = vlan_start + index if vlan_start is not None else None
        values = {
            'label': (label or 'net') + suffix, 'cidr': str(subnet),
            'netmask': str(subnet.netmask),
            'broadcast': str(subnet.broadcast_address),
            'gateway': net_gateway,
            'dhcp_server': dhcp_server or net_gateway,
            'dhcp_start': str(hosts[1]) if len(hosts) > 1 else None,
            'bridge': (bridge or ('br%d' % vlan if vlan is not None
                                  else CONF.network.flat_network_bridge))
            + (suffix if bridge and index else ''),
            'bridge_interface': bridge_interface, 'vlan': vlan,
            'multi_host': bool(multi_host),
            'dns1': dns1 or CONF.network.flat_network_dns, 'dns2': dns2,
            'project_id': project_id, 'priority': priority,
            'enable_dhcp': enable_dhcp is not False,
            'share_address': bool(share_address), 'mtu': mtu,
            'vpn_private_address': None,
            'vpn_public_port': vpn_start + index if vpn_start else None,
        }
        if cidr_v6 and index == 0:
            v6 = ipaddress.IPv6Network(cidr_v6, strict=False)
            values.update(cidr_v6=str(v6), netmask_v6=str(v6.prefixlen),
                          gateway_v6=gateway_v6 or str(v6.network_address + 1))
        if uuid and index == 0:
            values['uuid'] = uuid
        reserved = [str(a) for a in hosts if
                    (allowed_start and a < ipaddress.ip_address(
                        allowed_start)) or
                    (allowed_end and a > ipaddress.ip_address(allowed_end))]
        rows.append(networks_db.network_create(context, values,
                                               reserved=reserved))
    return rows


def floating_addresses(ip_range):
    """The addresses of a range: a CIDR's hosts, or one address."""
    try:
        net = ipaddress.ip_network(ip_range, strict=False)
    except ValueError:
        raise errors.InvalidNetwork(reason='%s is not an address or CIDR'
                                    % ip_range)
    if net.num_addresses > CONF.network.max_network_size:
        raise errors.InvalidNetwork(
            reason='%s has more than max_network_size (%d) addresses'
            % (ip_range, CONF.network.max_network_size))
    if net.num_addresses == 1:
        return [str(net.network_address)]
    return [str(a) for a in net.hosts()]


def create_floating_ips(context, ip_range, pool=None, interface=None):
    pool = pool or CONF.network.default_floating_pool
    interface = interface or CONF.network.public_interface
    addresses = floating_addresses(ip_range)
    floating_db.bulk_create(context, [
        {'address': a, 'pool': pool, 'interface': interface}
        for a in addresses])
    return addresses


def delete_floating_ips(context, ip_range):
    return floating_db.bulk_destroy(context, floating_addresses(ip_range))
