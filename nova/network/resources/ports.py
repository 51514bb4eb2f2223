"""Ports of the Neutron API: the virtual interfaces of servers, and
interfaces made through the API on no server yet.

A port on a server has device_id the server, device_owner compute:<zone>
and the server's security groups (the built-in data plane filters per
server: a server's ports share its groups); a port on no server keeps
its own groups. Its fixed IPs are the fixed_ips rows it holds, IPv4 and
IPv6.
"""

import ipaddress
import json

from nova.db import ipv6_addresses
from nova.db import address_allocation as allocate_db
from nova.db import ports as ports_db
from nova.db import security_groups as groups_db
from nova.db import subnets as subnets_db
from nova import exception
from nova.network import errors
from nova.network import refresh
from nova.network.resources import networks as networks_res
from nova.network.resources import quotas as quotas_res
from nova.network.resources import subnets as subnets_res
from nova import objects

PortNotFound = errors.PortNotFound
IpAddressAlreadyAllocated = errors.IpAddressAlreadyAllocated
IpAddressGenerationFailure = errors.IpAddressGenerationFailure
InvalidIpForSubnet = errors.InvalidIpForSubnet


class InvalidIpForNetwork(exception.Invalid):
    msg_fmt = ('IP address %(ip_address)s is not a valid IP for any of '
               'the subnets on the specified network.')


class InvalidPortInput(exception.Invalid):
    neutron_type = 'InvalidInput'
    msg_fmt = 'Invalid input for operation: %(reason)s.'


class PortSecurityAndIPRequiredForSecurityGroups(exception.Invalid):
    msg_fmt = ('Port security must be enabled and port must have an IP '
               'address in order to use security groups.')


class AddressPairAndPortSecurityRequired(exception.Conflict):
    msg_fmt = ('Port Security must be enabled in order to have allowed '
               'address pairs on a port.')


class ServicePortInUse(exception.Conflict):
    msg_fmt = ('Port %(port_id)s cannot be deleted directly via the port '
               'API: has device owner %(device_owner)s.')


class RouterPortUnchangeable(exception.Conflict):
    msg_fmt = ('Port %(port_id)s is a router\'s (device_owner '
               '%(device_owner)s): its %(attribute)s follows the router and '
               'cannot be changed through the port API.')


class PortOverQuota(exception.OverQuota):
    neutron_type = 'OverQuota'
    msg_fmt = "Quota exceeded for resources: ['port']."


def _port(vif, network, instance, fixed_rows, groups, subnet_uuids):
    # A row placed in no subnet (made by hand) is the first one's.
    first = subnets_res.subnet_id(network, 4, {})
    fixed_ips = [{'subnet_id': subnet_uuids.get(f.subnet_id, first),
                  'ip_address': f.address} for f in fixed_rows]
    if instance is not None:
        device_id = instance.uuid
        device_owner = vif.device_owner or 'compute:%s' % (
            instance.availability_zone or 'nova')
        host = instance.host or ''
        project_id = vif.project_id or instance.project_id
    else:
        device_id = vif.device_id or ''
        device_owner = vif.device_owner or ''
        host = vif.binding_host or ''
        project_id = vif.project_id
    return {
        'id': vif.uuid, 'network_id': network.uuid,
        'name': vif.name or '', 'description': vif.description or '',
        'mac_address': vif.address, 'fixed_ips': fixed_ips,
        'device_id': device_id, 'device_owner': device_owner,
        'status': 'ACTIVE' if (instance is not None and instance.host) or
        device_owner == 'network:router_interface' else 'DOWN',
        'admin_state_up': vif.admin_state_up is not False,
        'port_security_enabled': vif.port_security_enabled is not False,
        'allowed_address_pairs': json.loads(
            vif.allowed_address_pairs or '[]'),
        'host': host, 'project_id': project_id,
        'security_groups': [g.uuid for g in groups],
        'created_at': vif.created_at, 'updated_at': vif.updated_at,
    }


def _build(context, rows):
    by_instance = groups_db.groups_by_instances(
        context, list({i.uuid for _v, _n, i, _f in rows if i is not None}))
    own = ports_db.group_ids_of(
        context, [v.id for v, _n, i, _f in rows if i is None])
    uuids = groups_db.uuids_of(context, {g for ids in own.values()
                                         for g in ids})

    class _Group:
        def __init__(self, uuid):
            self.uuid = uuid

    def groups(vif, instance):
        if instance is not None:
            return by_instance[instance.uuid]
        return [_Group(uuids[g]) for g in own[vif.id] if g in uuids]
    subnet_uuids = subnets_db.subnet_uuids(
        context, {f.subnet_id for _v, _n, _i, fixed in rows for f in fixed
                  if f.subnet_id is not None})
    return [_port(v, n, i, f, groups(v, i), subnet_uuids)
            for v, n, i, f in rows]


def get_all(context, device_id=None):
    from nova.network.resources import routers as routers_res
    project_id = None if context.is_admin else context.project_id
    own = _build(context, ports_db.ports(context, project_id=project_id,
                                         device_id=device_id))
    # An interface added by port_id is that port: listed once.
    ids = {p['id'] for p in own}
    routed = [p for p in routers_res.interface_ports(context) +
              routers_res.gateway_ports(context)
              if (device_id is None or p['device_id'] == device_id) and
              p['id'] not in ids]
    return own + routed


def get(context, port_id):
    from nova.network.resources import routers as routers_res
    rows = ports_db.ports(context, vif_uuid=port_id)
    if not rows or not (context.is_admin or ports_db.owner(rows[0]) ==
                        context.project_id):
        routed = routers_res.interface_ports(context, port_id=port_id) or \
            routers_res.gateway_ports(context, port_id=port_id)
        if routed:
            return routed[0]
        raise PortNotFound(port_id=port_id)
    return _build(context, rows)[0]


def port_ids_of_fixed_ips(context, fixed_ip_ids):
    return ports_db.vif_uuids_of_fixed_ips(context, fixed_ip_ids)


# Changing ----------------------------------------------------------------

def _network_for_port(context, network_id, project_id):
    network = networks_res.get(context, network_id)
    if network.router_external and not context.is_admin:
        raise errors.NetworkNotFound(network_id=network_id)
    if not context.is_admin and network.project_id not in (None,
                                                           project_id):
        raise errors.NetworkNotFound(network_id=network_id)
    return network


def _subnets(context, network):
    """{subnet id: (its range, its row or None)} of a network's subnets,
    IPv4 ones first, first first."""
    rows = subnets_res.rows_of(context, [network]).get(network.id, [])
    ranges = {row.uuid: (ipaddress.ip_network(row.cidr), row)
              for row in rows}
    if network.cidr and not any(r.ip_version == 4 for r in rows):
        ranges = dict({subnets_res.subnet_id(network, 4, {}): (
            ipaddress.ip_network(network.cidr), None)}, **ranges)
    return ranges


def _addresses(context, network, fixed_ips, implicit=True):
    """What a port's fixed_ips ask for: [(subnet id or None, address or
    None)] (None: any IPv4 subnet or any free address), and the id of
    the network's first IPv4 subnet. implicit: add, as Neutron does for
    a port that is no router's, an address of each auto-address IPv6
    subnet that fixed_ips does not name."""
    subnets = _subnets(context, network)
    v4 = {k: net for k, (net, _r) in subnets.items() if net.version == 4}
    wanted = []
    for entry in fixed_ips:
        subnet_id = entry.get('subnet_id')
        address = entry.get('ip_address')
        if subnet_id is not None and subnet_id not in subnets:
            raise InvalidPortInput(
                reason='Failed to create port on network %s, because '
                       'fixed_ips included invalid subnet %s' % (
                           network.uuid, subnet_id))
        if address is None:
            if subnet_id is not None or v4:
                wanted.append((subnet_id, None))
            continue
        ip = ipaddress.ip_address(address)
        holder = next((k for k, (net, _r) in subnets.items()
                       if ip in net), None)
        if holder is None:
            raise InvalidIpForNetwork(ip_address=address)
        if subnet_id not in (None, holder):
            raise InvalidIpForSubnet(ip_address=address)
        wanted.append((holder, address))
    explicit = [a for _s, a in wanted if a]
    if len(set(explicit)) != len(explicit):
        raise InvalidPortInput(reason='fixed_ips lists an address twice')
    if implicit:
        named = {s for s, _a in wanted}
        wanted += [(k, None) for k, (_n, row) in subnets.items()
                   if row is not None and row.ip_version == 6 and
                   ipv6_addresses.is_auto(row) and k not in named]
    return wanted, next(iter(v4), None)


def _check_not_floating(context, network, wanted):
    """An external network's addresses taken as floating IPs (or router
    gateways) are in use: a port cannot have them."""
    from nova.db import floating_ips as floating_db
    for _subnet, address in wanted:
        if address is None:
            continue
        try:
            row = floating_db.get_by_address(context, address)
        except errors.FloatingIpNotFoundForAddress:
            continue
        if row.project_id:
            raise IpAddressAlreadyAllocated(
                ip=address, subnet_id=subnets_res.ids_of(context,
                                                         network)[0])


def _claiming(network, wanted, first, call, *args, **kwargs):
    """call, with the built-in errors of address claims as Neutron's
    (wanted: _addresses()'s, naming the subnet of a taken address;
    first: the network's first IPv4 subnet)."""
    try:
        return call(*args, **kwargs)
    except errors.FixedIpAlreadyInUse as error:
        address = error.kwargs.get('address')
        subnet_id = next((s for s, a in wanted if a == address and s),
                         first)
        raise IpAddressAlreadyAllocated(ip=address, subnet_id=subnet_id)
    except errors.NoMoreFixedIps:
        raise IpAddressGenerationFailure(net_id=network.uuid)
    except errors.FixedIpNotInNetwork as error:
        raise InvalidIpForNetwork(ip_address=error.kwargs.get('address'))


def _group_ids(context, project_id, group_uuids):
    ids = []
    for group_uuid in group_uuids:
        try:
            group = groups_db.get_by_uuid(context, group_uuid)
        except errors.SecurityGroupNotFound:
            group = None
        if group is None or not (context.is_admin or
                                 group.project_id == project_id):
            raise errors.SecurityGroupNotFound(security_group_id=group_uuid)
        ids.append(group.id)
    return ids


def _pairs(pairs, mac):
    result = []
    for pair in pairs:
        result.append({'ip_address': pair['ip_address'],
                       'mac_address': pair.get('mac_address') or mac})
    return json.dumps(result)


def _check_quota(context, project_id):
    """The project's port limit; PortOverQuota if it is reached."""
    limit = quotas_res.limits(context, project_id)['port']
    if limit >= 0 and ports_db.count_by_project(
            context, project_id) >= limit:
        raise PortOverQuota()
    return limit


def create(context, values):
    """A port on no server; values: the API's attributes (checked)."""
    project_id = values['project_id'] or context.project_id
    network = _network_for_port(context, values['network_id'], project_id)
    security = values['port_security_enabled']
    groups = values['security_groups']
    if security is None:
        security = True
    if not security and groups:
        raise PortSecurityAndIPRequiredForSecurityGroups()
    if not security and values['allowed_address_pairs']:
        raise AddressPairAndPortSecurityRequired()
    if groups is None:
        groups = [groups_db.ensure_default(context, project_id,
                                           context.user_id).uuid] \
            if security else []
    group_ids = _group_ids(context, project_id, groups)
    mac = values['mac_address']
    fixed_ips = values['fixed_ips']
    if fixed_ips is None:
        # As in Neutron: an address of the first IPv4 subnet with one
        # free, of the first stateful IPv6 subnet, and of each
        # auto-address one.
        fixed_ips = [{'subnet_id': s} if s else {}
                     for s in allocate_db.default_subnets(context, network)]
    wanted, v4 = _addresses(context, network, fixed_ips,
                            implicit=not _router_owned(values))
    if network.router_external:
        _check_not_floating(context, network, wanted)
    limit = _check_quota(context, project_id)
    columns = {
        'address': mac, 'project_id': project_id,
        'name': values['name'], 'description': values['description'],
        'device_id': values['device_id'],
        'device_owner': values['device_owner'],
        'binding_host': values['binding:host_id'],
        'admin_state_up': values['admin_state_up'],
        'port_security_enabled': security,
    }
    if values['allowed_address_pairs']:
        columns['allowed_address_pairs'] = _pairs(
            values['allowed_address_pairs'], mac)
    port_id = _claiming(network, wanted, v4, ports_db.create, context,
                        network.id, columns, wanted, group_ids)
    if values['allowed_address_pairs'] and mac is None:
        # The pairs' default MAC is the one the port got.
        port = get(context, port_id)
        ports_db.update(context, port_id, {'allowed_address_pairs': _pairs(
            values['allowed_address_pairs'], port['mac_address'])})
    # Parallel creates all passed the count: recount in turns, and the
    # ones beyond the limit give theirs back.
    if not ports_db.keep_within(context, project_id, port_id, limit):
        raise PortOverQuota()
    return get(context, port_id)


def _instance(context, instance_uuid):
    return objects.Instance.get_by_uuid(context.elevated(), instance_uuid)


_ROUTER_OWNERS = ('network:router_gateway', 'network:router_interface')


def _same_fixed_ips(port, entries):
    """Whether fixed_ips entries name exactly the addresses the port
    holds (an entry may give the subnet alone)."""
    held = port['fixed_ips']
    if len(entries) != len(held):
        return False
    return all(e.get('subnet_id') in (None, h['subnet_id']) and
               e.get('ip_address') in (None, h['ip_address'])
               for e, h in zip(entries, held))


def _check_router_port(port, values, own_row):
    """A router's port changes with the router: an update may restate
    what it has; a port of the caller's that became an interface may
    still change its name and description."""
    free = ('name', 'description') if own_row else ()
    for name, value in values.items():
        if name == 'fixed_ips' and _same_fixed_ips(port, value or []):
            continue
        if name in free or port.get(name) == value:
            continue
        raise RouterPortUnchangeable(port_id=port['id'],
                                     device_owner=port['device_owner'],
                                     attribute=name)


def update(context, port, values):
    """Change a port; port: get()'s dict, values: the API's attributes."""
    if port['device_owner'] in _ROUTER_OWNERS:
        own_row = bool(ports_db.ports(context.elevated(),
                                      vif_uuid=port['id']))
        _check_router_port(port, values, own_row)
        values = {k: v for k, v in values.items()
                  if k in ('name', 'description') and own_row}
        if not values:
            return port
    network = networks_res.get(context.elevated(), port['network_id'])
    bound = _server_of(context, port)
    security = values.get('port_security_enabled',
                          port['port_security_enabled'])
    groups = values.get('security_groups')
    pairs = values.get('allowed_address_pairs',
                       port['allowed_address_pairs'])
    if not security:
        if groups or (groups is None and port['security_groups']):
            raise PortSecurityAndIPRequiredForSecurityGroups()
        if pairs:
            raise AddressPairAndPortSecurityRequired()
    columns = {}
    for name in ('name', 'description', 'admin_state_up',
                 'port_security_enabled'):
        if name in values:
            columns[name] = values[name]
    if 'binding:host_id' in values and not bound:
        columns['binding_host'] = values['binding:host_id']
    for name in ('device_id', 'device_owner'):
        if name in values and values[name] != port[name]:
            if bound:
                raise errors.PortInUse(port_id=port['id'],
                                       device_id=port['device_id'])
            columns[name] = values[name]
    if 'allowed_address_pairs' in values:
        columns['allowed_address_pairs'] = _pairs(pairs,
                                                  port['mac_address'])
    add, remove = (), ()
    v4, wanted = None, ()
    if 'fixed_ips' in values:
        wanted, v4 = _addresses(context, network, values['fixed_ips'],
                                implicit=False)
        add, remove = _address_changes(port, wanted,
                                       _auto_subnet_ids(context, network))
    group_ids = None
    if groups is not None:
        owner = port['project_id']
        group_ids = _group_ids(context, owner, groups)
    instance_uuid = _claiming(network, wanted, v4, ports_db.update,
                              context, port['id'], columns, add, remove,
                              group_ids)
    if instance_uuid:
        instance = _instance(context, instance_uuid)
        if group_ids is not None:
            _set_server_groups(context, instance_uuid, group_ids)
        refresh.instance(context, instance)
    return get(context, port['id'])


def _auto_subnet_ids(context, network):
    return {k for k, (_n, row) in _subnets(context, network).items()
            if row is not None and row.ip_version == 6 and
            ipv6_addresses.is_auto(row)}


def _router_owned(values):
    return (values.get('device_owner') or '') in _ROUTER_OWNERS


def _address_changes(port, wanted, auto=()):
    """(addresses to claim as claim_addresses takes them, addresses to
    give back) for a port to hold what wanted asks for; a port that is
    no router's keeps its addresses of the auto-address IPv6 subnets
    auto (Neutron's rule: the guest configures them itself)."""
    held = [(ip['subnet_id'], ip['ip_address']) for ip in port['fixed_ips']]
    held_addresses = [a for _s, a in held]
    keep = [a for _s, a in wanted if a in held_addresses]
    if not _router_owned(port):
        keep += [a for s, a in held if s in auto and a not in keep and
                 s not in {w for w, _a in wanted}]
    add = [(s, a) for s, a in wanted if a is None or a not in keep]
    # An entry of a subnet alone (or of any) keeps an address the port
    # holds there.
    for entry in [e for e in add if e[1] is None]:
        spare = next((a for s, a in held if a not in keep and
                      entry[0] in (None, s)), None)
        if spare is not None:
            add.remove(entry)
            keep.append(spare)
    remove = [a for a in held_addresses if a not in keep]
    return add, remove


def _server_of(context, port):
    return bool(ports_db.ports(context, vif_uuid=port['id'])[0][2])


def _set_server_groups(context, instance_uuid, group_ids):
    """A server's ports share its groups: the port's become the server's."""
    current = groups_db.groups_by_instances(
        context, [instance_uuid])[instance_uuid]
    for group in current:
        if group.id not in group_ids:
            groups_db.remove_instance(context, group.id, instance_uuid)
    for group_id in group_ids:
        groups_db.add_instance(context, group_id, instance_uuid)


def delete(context, port):
    if port['device_owner'] in ('network:router_gateway',
                                'network:router_interface'):
        raise ServicePortInUse(port_id=port['id'],
                               device_owner=port['device_owner'])
    instance_uuid = ports_db.delete(context, port['id'])
    if instance_uuid:
        try:
            refresh.instance(context, _instance(context, instance_uuid))
        except exception.InstanceNotFound:
            pass
