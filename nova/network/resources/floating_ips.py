"""Floating IPs of the Neutron API: the floating_ips rows.

The floating IPs of an external network are those of the pool named like
it. Allocation is the built-in network API's: a conditional UPDATE of a
free row, and a recount of the project's quota afterwards that gives
back what parallel requests took beyond it.
"""

import uuid

from nova.db import floating_ips as floating_db
from nova.db import networks as networks_db
from nova import exception
from nova.network import api as network_api
from nova.network import errors
from nova.network.resources import floating_addresses
from nova.network.resources import ports as ports_res
from nova.network.resources import routers as routers_res
from nova import objects

# Ids of pools that have no external network row (nova-manage made them).
_POOLS = uuid.UUID('2a0f5d0e-77b0-4d59-8f0a-5c6e9d1e8b44')


class ExternalNetworkRequired(exception.Invalid):
    neutron_type = 'BadRequest'
    msg_fmt = ('Bad floatingip request: Network %(network_id)s is not a '
               'valid external network.')


class FloatingIpPortNotFound(exception.NotFound):
    neutron_type = 'PortNotFound'
    msg_fmt = 'Port %(port_id)s could not be found.'


class FloatingIpPortOfNetwork(exception.Invalid):
    neutron_type = 'BadRequest'
    msg_fmt = ('Bad floatingip request: Port %(port_id)s belongs to the '
               'network itself (device_owner %(owner)s) and cannot have a '
               'floating IP.')


def pool_networks(context):
    """{pool name: network uuid} of every floating pool."""
    result = {networks_db.pool_name(n): n.uuid
              for n in networks_db.network_get_all(context)
              if n.router_external}
    for pool in floating_db.pools(context):
        result.setdefault(pool, str(uuid.uuid5(_POOLS, pool)))
    return result


def _view(row, networks, fixed, ports, routers):
    bound = fixed.get(row.fixed_ip_id)
    # routers: {(floating network uuid, fixed IP id): router uuid}.
    return {'id': row.uuid, 'floating_ip_address': row.address,
            'floating_network_id': networks.get(row.pool),
            'fixed_ip_address': bound[0] if bound else None,
            'port_id': ports.get(row.fixed_ip_id) if bound else None,
            'router_id': routers.get((networks.get(row.pool),
                                      row.fixed_ip_id))
            if bound else None,
            'status': 'ACTIVE' if bound else 'DOWN',
            'project_id': row.project_id,
            'created_at': row.created_at, 'updated_at': row.updated_at}


def views(context, rows):
    fixed = floating_db.fixed_info(context, rows)
    ports = ports_res.port_ids_of_fixed_ips(context, list(fixed))
    networks = pool_networks(context)
    # The router each associated floating IP goes through (the fixed
    # address's network says which: addresses may overlap).
    fixed_networks = floating_db.fixed_networks(context, list(fixed))
    routers = {}
    by_network = {}
    for row in rows:
        bound = fixed.get(row.fixed_ip_id)
        if bound:
            by_network.setdefault(networks.get(row.pool), {})[(
                fixed_networks.get(row.fixed_ip_id), bound[0])] = \
                row.fixed_ip_id
    for network_id, wanted in by_network.items():
        for key, router_id in routers_res.routers_by_address(
                context, network_id, list(wanted)).items():
            routers[(network_id, wanted[key])] = router_id
    return [_view(r, networks, fixed, ports, routers) for r in rows]


def get_all(context):
    """The caller's floating IPs (every project's for administrators);
    free addresses of a pool are not floating IPs yet."""
    return [r for r in floating_db.get_all(
        context, project_id=None if context.is_admin else
        context.project_id) if r.project_id]


def get(context, floating_id):
    try:
        row = floating_db.get_by_uuid(context, floating_id)
    except errors.FloatingIpNotFound:
        row = None
    if row is None or not row.project_id or not (
            context.is_admin or row.project_id == context.project_id):
        raise errors.FloatingIpNotFound(id=floating_id)
    return row


def create(context, network_id, address=None, subnet_id=None):
    """A floating IP of the external network for the caller's project:
    address (of subnet_id) when given, else any free one."""
    pools = {v: k for k, v in pool_networks(context).items()}
    network = None
    if network_id not in pools or address or subnet_id:
        try:
            network = networks_db.network_get_by_uuid(context, network_id)
        except errors.NetworkNotFound:
            if network_id not in pools:
                raise errors.NetworkNotFound(network_id=network_id)
    if network_id not in pools:
        raise ExternalNetworkRequired(network_id=network_id)
    subnet = floating_addresses.subnet_for(context, network_id, network,
                                           subnet_id, address)
    try:
        return network_api.get_api().allocate_floating_ip(
            context, pools[network_id], address=address)
    except errors.NoMoreFloatingIps:
        raise errors.NoMoreFloatingIps(pool=pools[network_id])
    except (errors.FloatingIpAddressNotFree,
            errors.FloatingIpNotFoundForAddress) as error:
        raise floating_addresses.refusal(subnet, address, error)


def _instance(context, instance_uuid):
    return objects.Instance.get_by_uuid(context.elevated(), instance_uuid)


def associate(context, row, port_id, fixed_address=None):
    """Route the floating IP to a port of the caller's (one of its fixed
    IPv4 addresses: fixed_address or the first)."""
    try:
        port = ports_res.get(context, port_id)
    except ports_res.PortNotFound:
        raise FloatingIpPortNotFound(port_id=port_id)
    if port['device_owner'].startswith('network:'):
        raise FloatingIpPortOfNetwork(port_id=port_id,
                                      owner=port['device_owner'])
    addresses = [ip['ip_address'] for ip in port['fixed_ips']
                 if ':' not in ip['ip_address']]
    if fixed_address is None:
        if not addresses:
            raise errors.FixedIpNotFoundForInstance(
                instance_uuid=port['device_id'], address='(IPv4)')
        fixed_address = addresses[0]
    elif fixed_address not in addresses:
        raise errors.FixedIpNotFoundForInstance(
            instance_uuid=port['device_id'], address=fixed_address)
    check_reachable(context, row, port, fixed_address)
    instance = None
    if port['device_owner'].startswith('compute:'):
        instance = _local_instance(context, port['device_id'])
    if instance is None:
        # A port on no server, or on a server of another Nova (its
        # Neutron backend): no guest here to re-plug, the address is
        # routed to the port's fixed IP and follows it onto a server.
        floating_db.associate(context, row.address, fixed_address, None,
                              port['id'])
        return
    network_api.get_api().associate_floating_ip(
        context, instance, row.address, fixed_address, port_id=port['id'])


def _local_instance(context, instance_uuid):
    try:
        return _instance(context, instance_uuid)
    except exception.InstanceNotFound:
        return None


def check_reachable(context, row, port, fixed_address):
    """A floating IP of an external network reaches only ports on a
    subnet a router joins to that network (pools that nova-manage made
    have no network, hence no router: they reach every port)."""
    external = {networks_db.pool_name(n): n.uuid
                for n in networks_db.network_get_all(context)
                if n.router_external}
    if row.pool not in external:
        return
    [subnet_id] = [ip['subnet_id'] for ip in port['fixed_ips']
                   if ip['ip_address'] == fixed_address]
    routers_res.check_reachable(context, external[row.pool], subnet_id,
                                port['id'])


def disassociate(context, row):
    bound = floating_db.fixed_info(context, [row]).get(row.fixed_ip_id)
    if bound and not bound[1]:
        # Routed to a port of no server of this cloud's.
        floating_db.disassociate(context, row.address, None)
    elif bound:
        network_api.get_api().disassociate_floating_ip(
            context, _instance(context, bound[1]), row.address)


def delete(context, row):
    network_api.get_api().release_floating_ip(context, row.address)
