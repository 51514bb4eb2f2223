"""The address a new floating IP asks for (floating_ip_address and
subnet_id of a create), checked as Neutron checks the fixed IP of the
port behind a floating IP: the subnet must be the external network's,
the address on it, and free.

An external network's floating IPs are the addresses of its subnet's
allocation pools; router gateways and ports on the network take theirs
out of the same pool, so an address one of them holds is in use.
"""

import ipaddress

from nova import exception
from nova.network import errors
from nova.network.resources import ports as ports_res
from nova.network.resources import subnets as subnets_res


class ExternalIpAddressExhausted(exception.Invalid):
    msg_fmt = ('Unable to find any IP address on external network '
               '%(net_id)s.')


class FloatingIpOutsidePools(exception.Invalid):
    neutron_type = 'BadRequest'
    msg_fmt = ('Bad floatingip request: IP address %(ip)s is not in the '
               'allocation pools of subnet %(subnet_id)s (%(pools)s): the '
               'built-in networking hands out floating IPs from those '
               'only.')


def on_subnet(cidr, address):
    """Neutron's rule for a port's fixed IP: inside the range, and not
    its network address nor (IPv4) its broadcast address."""
    net = ipaddress.ip_network(cidr)
    ip = ipaddress.ip_address(address)
    if ip.version != net.version or ip not in net:
        return False
    return ip != net.network_address and (
        net.version == 6 or ip != net.broadcast_address)


def _in_pools(subnet, address):
    ip = ipaddress.ip_address(address)
    return any(ipaddress.ip_address(p['start']) <= ip <=
               ipaddress.ip_address(p['end'])
               for p in subnet['allocation_pools'])


def subnet_for(context, network_id, network, subnet_id=None, address=None):
    """The subnet (dict) of the external network (row network, or None
    for a pool nova-manage made) a floating IP comes from: subnet_id's,
    or the one address is on; None when neither is given or the pool has
    no network."""
    if subnet_id is None and address is None:
        return None
    subnets = subnets_res.of_network(context, network) if network else []
    if subnet_id is not None:
        matching = [s for s in subnets if s['id'] == subnet_id]
        if not matching:
            # 404 when there is no such subnet at all.
            subnets_res.find(context, subnet_id)
            raise ports_res.InvalidPortInput(
                reason='Failed to create port on network %s, because '
                       'fixed_ips included invalid subnet %s' % (
                           network_id, subnet_id))
        subnet = matching[0]
        if address is not None and not on_subnet(subnet['cidr'], address):
            raise errors.InvalidIpForSubnet(ip_address=address)
    else:
        if network is None:
            return None
        matching = [s for s in subnets if on_subnet(s['cidr'], address)]
        if not matching:
            raise ports_res.InvalidIpForNetwork(ip_address=address)
        subnet = matching[0]
    if subnet['ip_version'] != 4:
        # Floating IPs are IPv4 (Neutron's answer for an IPv6 subnet).
        raise ExternalIpAddressExhausted(net_id=network_id)
    return subnet


def refusal(subnet, address, error):
    """The Neutron fault for an address the pool would not give
    (error: the pool's FloatingIpAddressNotFree or
    FloatingIpNotFoundForAddress)."""
    if subnet is None:
        # A pool of no network: its rows are its addresses.
        if isinstance(error, errors.FloatingIpAddressNotFree):
            return error
        return ports_res.InvalidIpForNetwork(ip_address=address)
    if _in_pools(subnet, address):
        # Another project's floating IP, or a router gateway's or a
        # port's address.
        return ports_res.IpAddressAlreadyAllocated(
            ip=address, subnet_id=subnet['id'])
    return FloatingIpOutsidePools(
        ip=address, subnet_id=subnet['id'], pools=', '.join(
            '%s-%s' % (p['start'], p['end'])
            for p in subnet['allocation_pools']))
