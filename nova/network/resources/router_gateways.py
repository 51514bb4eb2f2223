"""Router gateways of the Neutron API: a router's addresses on its
external network.

A gateway holds, as Neutron's gateway port does, one address per family
of the external network: an IPv4 one, taken out of the network's
floating pool (routers.gateway_ip, the address the data plane
source-NATs to), and IPv6 ones, claimed as a port claims them
(nova.db.router_gateways: of the first stateful subnet and of each
auto-address one unless external_fixed_ips says which). IPv6 is routed,
never NATed.
"""

import ipaddress
import uuid

from nova.db import ipv6_addresses
from nova.db import networks as networks_db
from nova.db import router_gateways as gateways_db
from nova.db import routers as routers_db
from nova import exception
from nova.network import errors
from nova.network.resources import networks as networks_res
from nova.network.resources import subnets as subnets_res


class BadGatewayRequest(exception.Invalid):
    neutron_type = 'BadRequest'
    msg_fmt = 'Bad router request: %(reason)s.'


# Ids of the gateway ports: stable, derived from the router's id and its
# gateway's IPv4 address (none on an IPv6-only external network).
_GATEWAY_PORTS = uuid.UUID('0c5e8f9a-3d7b-4e61-a2f4-9b8d1c6e7a52')


def port_id(router_uuid, gateway_ip):
    name = '%s/%s' % (router_uuid, gateway_ip or '')
    return str(uuid.uuid5(_GATEWAY_PORTS, name))


def port_mac(port_uuid):
    """A locally administered MAC derived from the port's id (the
    host's side of the gateway has no guest NIC); an auto-address IPv6
    subnet gives the gateway the address of this MAC."""
    digits = uuid.UUID(port_uuid).hex[:6]
    return 'fa:16:3e:%s:%s:%s' % (digits[0:2], digits[2:4], digits[4:6])


# Reading -------------------------------------------------------------------

def v6_addresses(context, rows):
    """{router uuid: [(subnet id, IPv6 address)]} of router rows."""
    by_id = gateways_db.addresses(context, [r.id for r in rows])
    return {r.uuid: by_id[r.id] for r in rows}


def info(row, v6):
    """external_gateway_info of a router row (None without a gateway);
    v6: its gateway's [(subnet id, IPv6 address)]."""
    if not row.gateway_network_id:
        return None
    fixed = [{'subnet_id': row.gateway_subnet_id,
              'ip_address': row.gateway_ip}] if row.gateway_ip else []
    fixed += [{'subnet_id': s, 'ip_address': a} for s, a in v6]
    return {'network_id': row.gateway_network_id,
            'enable_snat': bool(row.enable_snat),
            'external_fixed_ips': fixed}


def ports(context, routers):
    """The gateways of router rows as ports (device_owner
    network:router_gateway on the external network, of no project, as
    upstream's)."""
    v6 = v6_addresses(context, routers)
    result = []
    for router in routers:
        gateway = info(router, v6[router.uuid])
        if gateway is None or not gateway['external_fixed_ips']:
            continue
        port_uuid = port_id(router.uuid, router.gateway_ip)
        result.append({
            'id': port_uuid, 'network_id': router.gateway_network_id,
            'name': '', 'description': '', 'admin_state_up': True,
            'port_security_enabled': False, 'allowed_address_pairs': [],
            'mac_address': port_mac(port_uuid),
            'fixed_ips': gateway['external_fixed_ips'],
            'device_id': router.uuid,
            'device_owner': 'network:router_gateway',
            # The link is up whatever the router's admin state (as
            # upstream's: a port's status is its binding's).
            'status': 'ACTIVE',
            'host': '', 'project_id': '',
            'security_groups': [],
            'created_at': router.created_at,
            'updated_at': router.updated_at})
    return result


# Planning a change -----------------------------------------------------------

CLEARED = {'gateway_network_id': None, 'gateway_subnet_id': None,
           'gateway_ip': None, 'enable_snat': True}


class Plan(object):
    """What a gateway change takes: columns (the routers row's), v4 (the
    IPv4 address to take, or None for any, when take_v4), v6 (IPv6
    requests [(subnet id, address or None)], or None to keep the
    router's), network (the external network row or None)."""

    def __init__(self, columns, take_v4=False, v4=None, v6=None,
                 network=None):
        self.columns = columns
        self.take_v4 = take_v4
        self.v4 = v4
        self.v6 = v6
        self.network = network


def _external_network(context, network_id):
    network = networks_res.get(context, network_id)
    if not network.router_external:
        raise BadGatewayRequest(reason='Network %s is not an external '
                                       'network' % network_id)
    return network


def _subnets(context, network):
    """[(subnet id, its range, its row or None)] of a network, IPv4 ones
    first (a network's first IPv4 range made by hand has no row)."""
    rows = subnets_res.rows_of(context, [network]).get(network.id, [])
    result = [(r.uuid, ipaddress.ip_network(r.cidr), r) for r in rows]
    if network.cidr and not any(r.ip_version == 4 for r in rows):
        result.insert(0, (subnets_res.subnet_id(network, 4, {}),
                          ipaddress.ip_network(network.cidr), None))
    return sorted(result, key=lambda s: s[1].version)


def _requests(network, subnets, fixed_ips):
    """([IPv4 address or None], [(IPv6 subnet id, address or None)]) of
    external_fixed_ips, checked against the network's subnets."""
    v4, v6 = [], []
    for fixed in fixed_ips:
        subnet_id = fixed.get('subnet_id')
        address = fixed.get('ip_address')
        ranges = {s: net for s, net, _r in subnets}
        if subnet_id is not None and subnet_id not in ranges:
            raise BadGatewayRequest(
                reason='Subnet %s is not a subnet of the external '
                       'network %s' % (subnet_id, network.uuid))
        if address:
            ip = ipaddress.ip_address(address)
            holder = next((s for s, net in ranges.items() if ip in net),
                          None)
            if holder is None or subnet_id not in (None, holder):
                raise errors.InvalidIpForSubnet(ip_address=address)
            subnet_id = holder
        if subnet_id is None:
            # Any address: of the IPv4 pool when the network has one.
            if not any(net.version == 4 for net in ranges.values()):
                raise BadGatewayRequest(
                    reason='external_fixed_ips entry %s names no subnet '
                           'and network %s has no IPv4 subnet' % (
                               fixed, network.uuid))
            v4.append(None)
        elif ranges[subnet_id].version == 4:
            v4.append(address or None)
        else:
            v6.append((subnet_id, address or None))
    if len(v4) > 1:
        raise BadGatewayRequest(reason='A router gateway holds one IPv4 '
                                       'address of its external network')
    return v4, v6


def _same_v6(current, wanted):
    """Whether the router's IPv6 gateway addresses are what is wanted."""
    left = list(current)
    for subnet_id, address in wanted:
        match = next((c for c in left if c[0] == subnet_id and
                      address in (None, c[1])), None)
        if match is None:
            return False
        left.remove(match)
    return not left


def plan(context, row, current_v6, given):
    """The Plan of external_gateway_info given (None or {}: no gateway)
    for a router row (None: a new router) whose gateway holds
    current_v6."""
    if not given:
        return Plan(dict(CLEARED), v6=[] if current_v6 else None)
    network = _external_network(context, given['network_id'])
    subnets = _subnets(context, network)
    if not subnets:
        raise BadGatewayRequest(reason='External network %s has no '
                                       'subnet' % network.uuid)
    v4_subnets = [s for s, net, _r in subnets if net.version == 4]
    if given.get('external_fixed_ips'):
        v4, v6 = _requests(network, subnets, given['external_fixed_ips'])
    else:
        # As a port that asks for nothing: any IPv4 address, and the
        # IPv6 subnets' that give a new port one.
        v4 = [None] if v4_subnets else []
        v6 = [(r.uuid, None) for r in ipv6_addresses.for_new_port(
            [r for _s, net, r in subnets if net.version == 6])]
    columns = {'gateway_network_id': network.uuid,
               'gateway_subnet_id': v4_subnets[0] if v4 else None,
               'enable_snat': given.get('enable_snat', True)}
    same_network = row is not None and \
        row.gateway_network_id == network.uuid
    keep_v4 = same_network and (
        (not v4 and not row.gateway_ip) or
        (v4 and row.gateway_ip and v4[0] in (None, row.gateway_ip)))
    if same_network and not given.get('external_fixed_ips'):
        keep_v4 = True
    if keep_v4:
        columns['gateway_ip'] = row.gateway_ip
        columns['gateway_subnet_id'] = row.gateway_subnet_id
        keep_v6 = not given.get('external_fixed_ips') or \
            _same_v6(current_v6, v6)
        return Plan(columns, v6=None if keep_v6 else v6, network=network)
    # A new IPv4 address means a new gateway port (its MAC, which
    # auto-address IPv6 addresses derive from, too): every address anew.
    columns['gateway_ip'] = None
    return Plan(columns, take_v4=bool(v4), v4=v4[0] if v4 else None,
                v6=v6, network=network)


def take_v4(context, gateway_plan):
    """Take the plan's IPv4 address out of the floating pool (into
    plan.columns['gateway_ip'])."""
    if not gateway_plan.take_v4:
        return
    network = gateway_plan.network
    address = routers_db.take_address(
        context, networks_db.pool_name(network), gateway_plan.v4)
    if address is None:
        if gateway_plan.v4:
            raise errors.IpAddressAlreadyAllocated(
                ip=gateway_plan.v4,
                subnet_id=gateway_plan.columns['gateway_subnet_id'])
        raise errors.IpAddressGenerationFailure(net_id=network.uuid)
    gateway_plan.columns['gateway_ip'] = address


def give_back_v4(context, gateway_plan):
    """Undo take_v4 (the change that took it failed)."""
    if gateway_plan.take_v4 and gateway_plan.columns.get('gateway_ip'):
        routers_db.give_back(context, gateway_plan.columns['gateway_ip'])


def claiming_v6(gateway_plan, call, *args, **kwargs):
    """call (which claims the plan's IPv6 addresses), with the claims'
    errors as Neutron's."""
    try:
        return call(*args, **kwargs)
    except errors.FixedIpAlreadyInUse as error:
        address = error.kwargs.get('address')
        subnet_id = next((s for s, a in gateway_plan.v6 or []
                          if a == address), None)
        raise errors.IpAddressAlreadyAllocated(ip=address,
                                               subnet_id=subnet_id)
    except errors.NoMoreFixedIps:
        raise errors.IpAddressGenerationFailure(
            net_id=gateway_plan.network.uuid)
