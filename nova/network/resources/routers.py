"""Routers of the Neutron API: what joins subnets to an external network.

A router's gateway holds addresses of the external network (its IPv4
one taken out of the floating pool, and IPv6 ones: router_gateways);
its interfaces hold their subnets' gateway addresses. A floating IP of
external network X reaches only ports on a subnet that is an interface
of a router whose gateway is on X; the data plane source-NATs a
router's interface subnets to its gateway's IPv4 address
(nova.network.firewall.router_nat).
"""

import ipaddress

from oslo_db import exception as db_exc
from oslo_utils import uuidutils

from nova.db import address_allocation as allocate_db

from nova.db import networks as networks_db
from nova.db import routers as routers_db
from nova import exception
from nova.network import errors
from nova.network.resources import quotas as quotas_res
from nova.network.resources import router_gateways as gateways_res
from nova.network.resources import subnets as subnets_res
from nova import objects


class RouterNotFound(exception.NotFound):
    msg_fmt = 'Router %(router_id)s could not be found'


class RouterInUse(exception.Conflict):
    msg_fmt = 'Router %(router_id)s still has ports'


BadRouterRequest = gateways_res.BadGatewayRequest


class RouterInterfaceNotFound(exception.NotFound):
    msg_fmt = ('Router %(router_id)s does not have an interface with id '
               '%(port_id)s')


class RouterInterfaceNotFoundForSubnet(exception.NotFound):
    msg_fmt = 'Router %(router_id)s has no interface on subnet %(subnet_id)s'


class RouterInterfaceInUseByFloatingIP(exception.Conflict):
    msg_fmt = ('Router interface for subnet %(subnet_id)s on router '
               '%(router_id)s cannot be deleted, as it is required by one '
               'or more floating IPs.')


class RouterExternalGatewayInUseByFloatingIp(exception.Conflict):
    msg_fmt = ('Gateway cannot be updated for router %(router_id)s, since '
               'a gateway to external network %(net_id)s is required by '
               'one or more floating IPs.')


class ExternalGatewayForFloatingIPNotFound(exception.NotFound):
    msg_fmt = ('External network %(external_network_id)s is not reachable '
               'from subnet %(subnet_id)s.  Therefore, cannot associate '
               'Port %(port_id)s with a Floating IP.')


IpAddressAlreadyAllocated = errors.IpAddressAlreadyAllocated
IpAddressGenerationFailure = errors.IpAddressGenerationFailure
InvalidIpForSubnet = errors.InvalidIpForSubnet


class PortInUse(exception.Conflict):
    msg_fmt = ('Unable to complete operation on port %(port_id)s for '
               'network %(net_id)s. Port already has an attached device '
               '%(device_id)s.')


class OverQuota(exception.Conflict):
    msg_fmt = 'Quota exceeded for resources: [\'router\'].'


# Reading -------------------------------------------------------------------

def visible(context, row):
    return context.is_admin or row.project_id == context.project_id


def get_all(context):
    return routers_db.get_all(
        context, project_id=None if context.is_admin else
        context.project_id)


def get(context, router_id):
    row = routers_db.get(context, router_id)
    if row is None or not visible(context, row):
        raise RouterNotFound(router_id=router_id)
    return row


def gateway_infos(context, rows):
    """{router uuid: its external_gateway_info} of router rows."""
    v6 = gateways_res.v6_addresses(context, rows)
    return {r.uuid: gateways_res.info(r, v6[r.uuid]) for r in rows}


def gateway_info(context, row):
    return gateway_infos(context, [row])[row.uuid]


def interfaces_of(context, router_ids):
    """{router uuid: [interface rows]}."""
    result = {r: [] for r in router_ids}
    for interface, router in routers_db.interfaces(context,
                                                   router_ids=router_ids):
        result[router.uuid].append(interface)
    return result


# Creating and changing -------------------------------------------------------

def create(context, values):
    """values: project_id, name, description, admin_state_up,
    external_gateway_info."""
    project_id = values['project_id']
    limit = quotas_res.router_limit(context, project_id)
    columns = {'uuid': uuidutils.generate_uuid(), 'project_id': project_id,
               'name': values['name'], 'description': values['description'],
               'admin_state_up': values['admin_state_up']}
    gateway = gateways_res.plan(context, None, [],
                                values['external_gateway_info'])
    gateways_res.take_v4(context, gateway)
    columns.update(gateway.columns)
    try:
        row = gateways_res.claiming_v6(
            gateway, routers_db.create, context, columns, limit,
            gateway.v6 or (), _gateway_mac(columns))
    except Exception:
        gateways_res.give_back_v4(context, gateway)
        raise
    if row is None:
        gateways_res.give_back_v4(context, gateway)
        raise OverQuota()
    return row


def _gateway_mac(columns):
    """The MAC of the gateway port the columns give a router."""
    return gateways_res.port_mac(gateways_res.port_id(
        columns['uuid'], columns.get('gateway_ip')))


def update(context, row, values):
    columns = {k: values[k] for k in ('name', 'description',
                                      'admin_state_up') if k in values}
    gateway_changed = 'external_gateway_info' in values
    if gateway_changed:
        gateway = gateways_res.plan(
            context, row, gateways_res.v6_addresses(context, [row])[
                row.uuid], values['external_gateway_info'])
        if row.gateway_network_id and (
                gateway.take_v4 or
                gateway.columns['gateway_network_id'] is None or
                gateway.columns.get('gateway_ip') != row.gateway_ip):
            _check_gateway_unused(context, row)
        gateways_res.take_v4(context, gateway)
        columns.update(gateway.columns)
        try:
            updated = gateways_res.claiming_v6(
                gateway, routers_db.set_gateway, context, row.uuid,
                columns, gateway.v6,
                _gateway_mac(dict(columns, uuid=row.uuid)))
        except Exception:
            gateways_res.give_back_v4(context, gateway)
            raise
    else:
        updated = routers_db.update(context, row.uuid, columns)
    if gateway_changed or 'admin_state_up' in values:
        _refresh(context, [i.network_id for i in interfaces_of(
            context, [row.uuid])[row.uuid]])
    return updated


def delete(context, row):
    if not routers_db.delete(context, row.uuid):
        raise RouterInUse(router_id=row.uuid)


# Interfaces ------------------------------------------------------------------

def _interface_info(row, interface):
    """What add/remove_router_interface answer."""
    return {'id': row.uuid, 'tenant_id': row.project_id or '',
            'project_id': row.project_id or '',
            'port_id': interface.port_id,
            'network_id': interface.network_id,
            'subnet_id': interface.subnet_id,
            'subnet_ids': [interface.subnet_id]}


def _port_address(context, port):
    """(subnet_id, address) of a port to become a router interface: it
    must be on no device and hold an address, of one IPv4 subnet at
    most (its IPv4 address, or else its first IPv6 one)."""
    if port['device_id'] or port['device_owner']:
        raise PortInUse(port_id=port['id'], net_id=port['network_id'],
                        device_id=port['device_id'] or
                        port['device_owner'])
    v4 = [ip for ip in port['fixed_ips'] if ':' not in ip['ip_address']]
    if not port['fixed_ips']:
        raise BadRouterRequest(reason='Router port must have at least '
                                      'one fixed IP')
    if len(v4) > 1:
        raise BadRouterRequest(reason='Cannot have multiple IPv4 subnets '
                                      'on router port')
    chosen = (v4 or port['fixed_ips'])[0]
    return chosen['subnet_id'], chosen['ip_address']


def add_interface(context, row, subnet_id=None, port_id=None):
    """Join a subnet to the router: at the subnet's gateway address, or
    at the address of a port of the caller's (which becomes the router's
    port, device_owner network:router_interface)."""
    from nova.db import ports as ports_db
    port = None
    if port_id:
        port = _port(context, port_id)
        subnet_id, address = _port_address(context, port)
    network, subnet = subnets_res.find(context, subnet_id)
    if port is None and not subnet['gateway_ip']:
        raise BadRouterRequest(reason='Subnet for router interface must '
                                      'have a gateway IP')
    if not context.is_admin and network.project_id != context.project_id:
        raise BadRouterRequest(reason='Cannot add interface to router '
                                      'because subnet %s is not owned by '
                                      'project making the request'
                               % subnet_id)
    if network.router_external:
        raise BadRouterRequest(reason='Subnet %s is on an external '
                                      'network: it can only be a '
                                      'router\'s gateway' % subnet_id)
    taken = routers_db.interfaces(context, subnet_id=subnet_id)
    if taken and taken[0][1].uuid == row.uuid:
        raise BadRouterRequest(reason='Router already has a port on subnet '
                                      '%s' % subnet_id)
    if taken:
        raise IpAddressAlreadyAllocated(ip=subnet['gateway_ip'],
                                        subnet_id=subnet_id)
    _check_no_overlap(context, row, subnet)
    if port is None:
        columns = {'port_id': uuidutils.generate_uuid(),
                   'ip_address': subnet['gateway_ip'],
                   'mac_address': allocate_db.random_mac()}
    else:
        columns = {'port_id': port['id'], 'ip_address': address,
                   'mac_address': port['mac_address']}
    columns.update(subnet_id=subnet_id, network_id=network.uuid,
                   cidr=subnet['cidr'])
    try:
        interface = routers_db.add_interface(context, row.uuid, columns)
    except db_exc.DBDuplicateEntry:
        # Another request put the subnet on a router meanwhile.
        raise IpAddressAlreadyAllocated(ip=columns['ip_address'],
                                        subnet_id=subnet_id)
    if port is not None:
        # The port is the router's now: its device is the router.
        ports_db.update(context, port['id'], {
            'device_id': row.uuid,
            'device_owner': 'network:router_interface'})
    _refresh(context, [network.uuid])
    return _interface_info(row, interface)


def _check_no_overlap(context, row, subnet):
    """A router routes by destination: no two of its subnets (its
    interfaces' and its gateway's) may overlap, whatever
    allow_overlapping_ips says (Neutron's rule and message)."""
    new = ipaddress.ip_network(subnet['cidr'])
    mine = [(i.subnet_id, i.cidr) for i in interfaces_of(
        context, [row.uuid])[row.uuid]]
    if row.gateway_network_id:
        gateway = networks_db.network_get_by_uuid(context,
                                                  row.gateway_network_id)
        mine += [(s['id'], s['cidr'])
                 for s in subnets_res.of_network(context, gateway)]
    for other_id, cidr in mine:
        other = ipaddress.ip_network(cidr)
        if other.version == new.version and other.overlaps(new):
            raise BadRouterRequest(
                reason='Cidr %s of subnet %s overlaps with cidr %s of '
                       'subnet %s' % (subnet['cidr'], subnet['id'], cidr,
                                      other_id))


def _port(context, port_id):
    from nova.network.resources import ports as ports_res
    try:
        return ports_res.get(context, port_id)
    except ports_res.PortNotFound:
        raise ports_res.PortNotFound(port_id=port_id)


def remove_interface(context, row, subnet_id=None, port_id=None):
    found = [i for i, _r in routers_db.interfaces(
        context, router_ids=[row.uuid], subnet_id=subnet_id,
        port_id=port_id)]
    if not found:
        if port_id:
            raise RouterInterfaceNotFound(router_id=row.uuid,
                                          port_id=port_id)
        subnets_res.find(context, subnet_id)
        raise RouterInterfaceNotFoundForSubnet(router_id=row.uuid,
                                               subnet_id=subnet_id)
    interface = found[0]
    if subnet_id and port_id and interface.subnet_id != subnet_id:
        raise RouterInterfaceNotFoundForSubnet(router_id=row.uuid,
                                               subnet_id=subnet_id)
    if row.gateway_network_id and _floating_through(
            context, row, [interface]):
        raise RouterInterfaceInUseByFloatingIP(router_id=row.uuid,
                                               subnet_id=interface.subnet_id)
    routers_db.remove_interface(context, interface.port_id)
    _delete_own_port(context, interface.port_id)
    _refresh(context, [interface.network_id])
    return _interface_info(row, interface)


def _delete_own_port(context, port_id):
    """An interface added by port_id takes its port with it when it goes
    (as upstream's); one added by subnet_id has no port row."""
    from nova.db import ports as ports_db
    if ports_db.ports(context, vif_uuid=port_id):
        ports_db.delete(context, port_id)


def uses_subnet(context, network, subnet_id):
    """Whether a router has an interface on the subnet, or its gateway on
    it."""
    if routers_db.interfaces(context, subnet_id=subnet_id):
        return True
    return network.router_external and uses_network(context, network)


def uses_network(context, network):
    if routers_db.interfaces(context, network_ids=[network.uuid]):
        return True
    return any(r.gateway_network_id == network.uuid
               for r in routers_db.get_all(context))


def interface_ports(context, port_id=None):
    """The routers' interfaces as ports (device_owner
    network:router_interface, device_id the router), in the shape of
    nova.network.resources.ports: the caller's (every one for
    administrators), or the one port_id names."""
    result = []
    for interface, router in routers_db.interfaces(context,
                                                   port_id=port_id):
        if not visible(context, router):
            continue
        result.append({
            'id': interface.port_id, 'network_id': interface.network_id,
            'name': '', 'description': '', 'admin_state_up': True,
            'port_security_enabled': False, 'allowed_address_pairs': [],
            'mac_address': interface.mac_address,
            'fixed_ips': [{'subnet_id': interface.subnet_id,
                           'ip_address': interface.ip_address}],
            'device_id': router.uuid,
            'device_owner': 'network:router_interface',
            # The link is up whatever the router's admin state (as
            # upstream's: a port's status is its binding's).
            'status': 'ACTIVE',
            'host': '', 'project_id': router.project_id,
            'security_groups': [],
            'created_at': interface.created_at,
            'updated_at': interface.updated_at})
    return result


def gateway_ports(context, port_id=None):
    """The routers' gateways as ports, for administrators only: every
    one, or the one port_id names."""
    if not context.is_admin:
        return []
    found = gateways_res.ports(context, routers_db.get_all(context))
    return [p for p in found if port_id is None or p['id'] == port_id]


# Floating IPs ----------------------------------------------------------------

def _floating_through(context, row, interfaces):
    """Floating IPs of the router's external network associated to
    addresses of the interfaces' subnets (on their networks)."""
    network = networks_db.network_get_by_uuid(context,
                                              row.gateway_network_id)
    nets = [(i.network_id, ipaddress.ip_network(i.cidr))
            for i in interfaces]
    return [floating for floating, fixed, fixed_network in
            routers_db.floating_fixed_addresses(
                context, networks_db.pool_name(network))
            if any(fixed_network == network_id and
                   ipaddress.ip_address(fixed) in n
                   for network_id, n in nets)]


def _check_gateway_unused(context, row):
    interfaces = interfaces_of(context, [row.uuid])[row.uuid]
    if interfaces and _floating_through(context, row, interfaces):
        raise RouterExternalGatewayInUseByFloatingIp(
            router_id=row.uuid, net_id=row.gateway_network_id)


def router_between(context, external_network_id, subnet_id):
    """The router joining a subnet to an external network, or None."""
    for _interface, router in routers_db.interfaces(context,
                                                    subnet_id=subnet_id):
        if router.gateway_network_id == external_network_id:
            return router
    return None


def check_reachable(context, external_network_id, subnet_id, port_id):
    router = router_between(context, external_network_id, subnet_id)
    if router is None:
        raise ExternalGatewayForFloatingIPNotFound(
            external_network_id=external_network_id, subnet_id=subnet_id,
            port_id=port_id)
    return router


def routers_by_address(context, external_network_id, addresses):
    """{(network uuid, fixed address): router uuid} of the addresses
    [(network uuid, fixed address)] a router joins to the external
    network (an address may be on several networks)."""
    joined = [(i.network_id, ipaddress.ip_network(i.cidr), r.uuid)
              for i, r in routers_db.interfaces(context)
              if r.gateway_network_id == external_network_id]
    result = {}
    for network_id, address in addresses:
        ip = ipaddress.ip_address(address)
        for on_network, net, router_uuid in joined:
            if on_network == network_id and ip in net:
                result[(network_id, address)] = router_uuid
    return result


# Data plane ----------------------------------------------------------------

def data_plane(context, network_uuids):
    """{network uuid: {subnet cidr: router}} of the networks' subnets on a
    router (a router joins subnets, not networks: a network's subnets
    may be on different routers, or some on none), each router as
    network_info carries it: {'id', 'forwarding' (up with a gateway),
    'gateway_ip', 'enable_snat', 'cidrs' (every IPv4 interface subnet of
    the router)}. A network's cidrs do not overlap: they name its
    subnets."""
    rows = routers_db.interfaces(context, network_ids=network_uuids)
    if not rows:
        return {}
    all_cidrs = {}
    for interface, router in routers_db.interfaces(
            context, router_ids={r.uuid for _i, r in rows}):
        all_cidrs.setdefault(router.uuid, []).append(interface.cidr)
    result = {}
    for interface, router in rows:
        result.setdefault(interface.network_id, {})[interface.cidr] = {
            'id': router.uuid,
            'forwarding': bool(router.admin_state_up and router.gateway_ip),
            'gateway_ip': router.gateway_ip,
            'enable_snat': bool(router.enable_snat),
            'cidrs': sorted(c for c in all_cidrs[router.uuid]
                            if ':' not in c)}
    return result


def _refresh(context, network_uuids):
    """Re-plug the servers on the networks: their NAT follows the
    router."""
    from nova.network import refresh
    uuids = set()
    for network_uuid in set(network_uuids):
        try:
            network = networks_db.network_get_by_uuid(context, network_uuid)
        except errors.NetworkNotFound:
            continue
        uuids.update(networks_db.instance_uuids_on_network(context,
                                                           network.id))
    if not uuids:
        return
    for inst in objects.InstanceList.get_by_filters(
            context.elevated(), {'uuid': sorted(uuids)}, expected_attrs=[]):
        refresh.instance(context, inst)
