"""Queries of networks, their fixed IPs and the guests' interfaces.

Handing addresses and interfaces to servers and ports is
nova.db.address_allocation's.
"""

import collections
import ipaddress
import json
import uuid as uuid_lib

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

import nova.conf
from nova.db import api
from nova.db import models
from nova.db import network_ranges as ranges
from nova.db import network_models as nm
from nova.db import packed_rows
from nova.db import uuid_lists
from nova.network import errors

CONF = nova.conf.CONF
# Ids of the subnets of networks made without the Neutron API (and of
# IPv6 ranges): stable, derived from the network's uuid.
SUBNET_NAMESPACE = uuid_lib.UUID('6f1b6a4e-58f3-4c46-9d55-2e0c1b6b1a13')


def derived_subnet_uuid(network_uuid, version):
    return str(uuid_lib.uuid5(SUBNET_NAMESPACE,
                              '%s/%d' % (network_uuid, version)))


def read_committed_on_mysql(context):
    # InnoDB's REPEATABLE READ would show a retry the same stale snapshot
    # of free rows forever (nova.db.api.read_committed_on_mysql).
    api.read_committed_on_mysql(context)


# Networks ------------------------------------------------------------------

def _network_query(context):
    return sa.select(nm.Network).where(nm.Network.deleted == 0)


@api.writer
def network_create(context, values, reserved=()):
    """A network and one fixed_ips row per address of its IPv4 range (a
    network of the Neutron API may start without one: cidr None).

    The network, broadcast and gateway addresses and those in reserved
    are created reserved: never handed out.
    """
    if values.get('cidr'):
        ranges.check_size(values['cidr'])
    if values.get('cidr') or values.get('cidr_v6'):
        ranges.serialize_range_changes(context)
    if values.get('vlan') is not None and context.session.execute(
            _network_query(context).where(
                nm.Network.vlan == values['vlan'])).first():
        raise errors.NetworkExists(vlan=values['vlan'])
    for cidr in (values.get('cidr'), values.get('cidr_v6')):
        if cidr:
            ranges.check_no_overlap(
                context, ipaddress.ip_network(cidr), values.get('uuid'),
                bool(values.get('router_external')))
    row = nm.Network(uuid=values.get('uuid') or uuidutils.generate_uuid(),
                     **{k: v for k, v in values.items() if k != 'uuid'})
    context.session.add(row)
    context.session.flush()
    if row.cidr:
        # Attributes given with the network (an auto-allocated one names
        # its subnet) belong to its first subnet, as migration 0019 did.
        attrs = dict(json.loads(row.subnet_attrs or '{}').get('4', {}))
        subnet = insert_subnet(context, row, {
            k: getattr(row, k) for k in nm.MIRRORED + ('enable_dhcp',)},
            attrs.pop('id', None) or derived_subnet_uuid(row.uuid, 4),
            attrs)
        add_fixed_ips(context, subnet, reserved)
    if row.cidr_v6:
        # A range of nova-manage's: its guests' addresses come from their
        # MACs, as they always did (migration 0022).
        insert_subnet(context, row, {
            'cidr': row.cidr_v6, 'netmask': row.netmask_v6,
            'gateway': row.gateway_v6, 'ip_version': 6,
            'ipv6_address_mode': 'slaac'},
            derived_subnet_uuid(row.uuid, 6), {})
    return row


def insert_subnet(context, network, values, subnet_uuid, attrs):
    subnet = nm.Subnet(uuid=subnet_uuid, network_id=network.id,
                       attrs=json.dumps(attrs), **values)
    if subnet.enable_dhcp is None:
        subnet.enable_dhcp = True
    context.session.add(subnet)
    context.session.flush()
    return subnet


def add_fixed_ips(context, subnet, reserved):
    """A fixed_ips row per address of a subnet (a subnets row)."""
    net = ipaddress.ip_network(subnet.cidr)
    always = {str(net.network_address), str(net.broadcast_address),
              subnet.gateway, subnet.dhcp_server} | set(reserved)
    context.session.execute(sa.insert(nm.FixedIp), [
        {'address': str(address), 'network_id': subnet.network_id,
         'subnet_id': subnet.id,
         'reserved': str(address) in always, 'allocated': False,
         'leased': False, 'deleted': 0, 'created_at': timeutils.utcnow()}
        for address in net])


def pool_name(row):
    """The floating pool of an external network: named like it, or by
    its id when it has no name."""
    return row.label or row.uuid


def add_floating_ips(context, row, reserved):
    """An external network's addresses are the floating IPs of the pool
    named like it."""
    from nova.db import floating_ips as floating_db
    net = ipaddress.ip_network(row.cidr)
    skip = {str(net.network_address), str(net.broadcast_address),
            row.gateway} | set(reserved)
    floating_db.bulk_create(context, [
        {'address': str(address), 'pool': pool_name(row),
         'interface': CONF.network.public_interface}
        for address in net if str(address) not in skip])


def _drop_addresses(context, row):
    """Delete a network's fixed (and, if external, floating) addresses;
    refused while a server holds one."""
    used = context.session.execute(sa.select(sa.func.count()).where(
        nm.FixedIp.network_id == row.id, nm.FixedIp.deleted == 0,
        sa.or_(nm.FixedIp.instance_uuid.is_not(None),
               nm.FixedIp.virtual_interface_id.is_not(None)))).scalar()
    if used or ports_on_network(context, row.id):
        raise errors.NetworkInUse(network_id=row.uuid)
    context.session.execute(sa.update(nm.FixedIp).where(
        nm.FixedIp.network_id == row.id, nm.FixedIp.deleted == 0).values(
        deleted=nm.FixedIp.id, deleted_at=timeutils.utcnow()))
    context.session.execute(sa.update(nm.Subnet).where(
        nm.Subnet.network_id == row.id, nm.Subnet.deleted == 0).values(
        deleted=nm.Subnet.id, deleted_at=timeutils.utcnow()))
    if row.router_external and row.cidr:
        remove_floating_ips(context, row)


@api.reader
def ports_on_network(context, network_id):
    """How many live interfaces (ports) a network has."""
    return context.session.execute(sa.select(sa.func.count()).where(
        nm.VirtualInterface.network_id == network_id,
        nm.VirtualInterface.deleted == 0)).scalar()


def remove_floating_ips(context, row):
    fip = nm.FloatingIp
    in_range = [fip.pool == pool_name(row), fip.deleted == 0]
    rows = context.session.execute(sa.select(fip.address, fip.fixed_ip_id)
                                   .where(*in_range)).all()
    net = ipaddress.ip_network(row.cidr)
    addresses = [r.address for r in rows
                 if ipaddress.ip_address(r.address) in net]
    # Allocated floating IPs go with the network (as in Neutron); those
    # routed to a port keep it.
    if any(r.fixed_ip_id for r in rows if r.address in addresses):
        raise errors.NetworkInUse(network_id=row.uuid)
    if addresses:
        context.session.execute(sa.update(fip).where(
            fip.address.in_(addresses), fip.deleted == 0).values(
            deleted=fip.id, deleted_at=timeutils.utcnow()))


@api.reader
def network_free_addresses(context, network_id, subnet_id=None):
    """The addresses of a network (or of one of its subnets, by row id)
    that may be handed out (not reserved), in order: allocation pools of
    networks made without any."""
    query = sa.select(nm.FixedIp.address).where(
        nm.FixedIp.network_id == network_id, nm.FixedIp.deleted == 0,
        nm.FixedIp.reserved.is_(False)).order_by(nm.FixedIp.id)
    if subnet_id is not None:
        query = query.where(nm.FixedIp.subnet_id == subnet_id)
    return context.session.execute(query).scalars().all()


@api.reader
def network_get_all(context, project_id=None, uuids=None):
    query = _network_query(context).order_by(nm.Network.id)
    if project_id is not None:
        query = query.where(nm.Network.project_id == project_id)
    if uuids is not None:
        query = query.where(nm.Network.uuid.in_(list(uuids)))
    return context.session.execute(query).scalars().all()


@api.reader
def network_get_by_uuid(context, network_uuid):
    row = context.session.execute(_network_query(context).where(
        nm.Network.uuid == network_uuid)).scalar_one_or_none()
    return api.not_found_unless(row, errors.NetworkNotFound,
                                network_id=network_uuid)


@api.reader
def network_get_by_cidr(context, cidr):
    """The network of a range; InvalidNetwork when several networks have
    it (allow_overlapping_ips): the caller must name one by uuid."""
    rows = context.session.execute(_network_query(context).where(
        sa.or_(nm.Network.cidr == cidr, nm.Network.cidr_v6 == cidr))
        .order_by(nm.Network.id).limit(2)).scalars().all()
    if len(rows) > 1:
        raise errors.InvalidNetwork(
            reason='several networks have the range %s: name one by '
                   'its uuid' % cidr)
    return api.not_found_unless(rows[0] if rows else None,
                                errors.NetworkNotFound, network_id=cidr)


def _networks_for_boot_query():
    net = nm.Network
    shared = net.project_id.is_(None)
    return _network_query(None).where(
        net.router_external.is_(False),
        sa.or_(net.project_id == sa.bindparam('project_id'),
               shared)).order_by(
        shared, sa.case((shared, net.priority)), net.id)


# Every create's (a server asking for no network): built once, so its
# cache key is memoized (see nova.db.instances).
_NETWORKS_FOR_BOOT = _networks_for_boot_query()


@api.reader
def networks_for_boot(context, project_id):
    """The networks a server of project_id joins when it asks for none:
    its project's networks, or else every network of no project."""
    # External networks hold floating IPs, not servers.
    if project_id is not None:
        # Both kinds in one query: the project's first (by id), then
        # those of no project (by priority, id).
        rows = context.session.execute(
            _NETWORKS_FOR_BOOT, {'project_id': project_id}).scalars().all()
        return [n for n in rows if n.project_id is not None] or rows
    own = [n for n in network_get_all(context, project_id=project_id)
           if not n.router_external]
    if own:
        return own
    return context.session.execute(_network_query(context).where(
        nm.Network.project_id.is_(None),
        nm.Network.router_external.is_(False)).order_by(
        nm.Network.priority, nm.Network.id)).scalars().all()


@api.writer
def network_update(context, network_uuid, values):
    if values.get('router_external'):
        ranges.serialize_range_changes(context)
    row = network_get_by_uuid(context, network_uuid)
    old_pool = pool_name(row)
    if values.get('router_external') and not row.router_external and \
            row.cidr:
        # Its range must overlap no other network's from now on.
        ranges.check_no_overlap(context, ipaddress.ip_network(row.cidr),
                                row.uuid, True, own_range=True)
    row.update(values)
    if row.router_external and row.cidr and pool_name(row) != old_pool:
        # The floating IPs (and the router gateway addresses taken out
        # of them) follow the external network's name.
        fip = nm.FloatingIp
        context.session.execute(sa.update(fip).where(
            fip.pool == old_pool).values(pool=pool_name(row)))
    context.session.flush()
    return row


@api.writer
def network_associate_free(context, project_id, network_uuid=None):
    """Give project_id a network of no project (network_uuid or any)."""
    query = _network_query(context).where(nm.Network.project_id.is_(None))
    if network_uuid is not None:
        query = query.where(nm.Network.uuid == network_uuid)
    for row in context.session.execute(
            query.order_by(nm.Network.id)).scalars():
        done = context.session.execute(
            sa.update(nm.Network).where(nm.Network.id == row.id,
                                        nm.Network.project_id.is_(None))
            .values(project_id=project_id)).rowcount
        if done:
            return network_get_by_uuid(context, row.uuid)
    raise errors.NoNetworksFound()


@api.writer
def network_delete(context, network_uuid):
    """Delete a network and its addresses; refused while any is in use,
    or while a router has an interface or its gateway on it."""
    from nova.db import router_models as rm
    row = network_get_by_uuid(context, network_uuid)
    if context.session.execute(sa.select(rm.RouterInterface.id).where(
            rm.RouterInterface.network_id == network_uuid)).first() or \
            context.session.execute(sa.select(rm.Router.id).where(
                rm.Router.gateway_network_id == network_uuid)).first():
        raise errors.NetworkPortsInUse(net_id=network_uuid)
    _drop_addresses(context, row)
    api.soft_delete(context.session, row)


@api.reader
def network_free_count(context, network_uuid):
    row = network_get_by_uuid(context, network_uuid)
    return context.session.execute(sa.select(sa.func.count()).where(
        nm.FixedIp.network_id == row.id, nm.FixedIp.deleted == 0,
        nm.FixedIp.reserved.is_(False),
        nm.FixedIp.instance_uuid.is_(None),
        nm.FixedIp.virtual_interface_id.is_(None))).scalar()


# Fixed IPs -----------------------------------------------------------------

def _one_of_address(query):
    """Order rows of fixed_ips by which of an address's rows a caller
    that knows no network means (with allow_overlapping_ips several
    networks may have the address): the one in use (by a server or a
    port) first, then the oldest network's."""
    fixed = nm.FixedIp
    in_use = sa.case((sa.or_(fixed.instance_uuid.is_not(None),
                             fixed.virtual_interface_id.is_not(None)), 0),
                     else_=1)
    return query.order_by(in_use, fixed.network_id)


@api.reader
def fixed_ip_get_by_address(context, address):
    """(fixed IP row, its network row, its instance row or None); of an
    address several networks have, the one _one_of_address picks (the
    os-fixed-ips API names no network)."""
    query = sa.select(nm.FixedIp, nm.Network).join(
        nm.Network, nm.Network.id == nm.FixedIp.network_id).where(
        nm.FixedIp.address == address, nm.FixedIp.deleted == 0)
    found = context.session.execute(_one_of_address(query)).first()
    if found is None:
        raise errors.FixedIpNotFound(address=address)
    fixed, network = found
    instance = None
    if fixed.instance_uuid:
        instance = context.session.execute(sa.select(models.Instance).where(
            models.Instance.uuid == fixed.instance_uuid)).scalar()
    return fixed, network, instance


@api.writer
def fixed_ip_set_reserved(context, address, reserved):
    """(Un)reserve the row fixed_ip_get_by_address shows."""
    fixed = context.session.execute(_one_of_address(sa.select(
        nm.FixedIp).where(nm.FixedIp.address == address,
                          nm.FixedIp.deleted == 0))).scalars().first()
    if fixed is None:
        raise errors.FixedIpNotFound(address=address)
    fixed.reserved = reserved
    context.session.flush()


@api.reader
def fixed_ip_count_by_project(context, project_id):
    return context.session.execute(
        sa.select(sa.func.count()).select_from(nm.FixedIp).join(
            models.Instance,
            models.Instance.uuid == nm.FixedIp.instance_uuid).where(
            nm.FixedIp.deleted == 0, models.Instance.deleted == 0,
            models.Instance.project_id == project_id,
            # The quota counts an interface's IPv4 address, as before
            # IPv6 addresses had rows (0022).
            ~nm.FixedIp.address.contains(':'))).scalar()


@api.reader
def instance_uuid_by_fixed_ip(context, address, network_id=None):
    """The instance holding a fixed IP now (on the network of uuid
    network_id if given), or None. Without network_id, an address that
    instances on several networks hold (allow_overlapping_ips) answers
    None: the metadata service must not guess whose guest is asking."""
    query = sa.select(nm.FixedIp.instance_uuid).distinct().where(
        nm.FixedIp.address == address, nm.FixedIp.deleted == 0,
        nm.FixedIp.instance_uuid.is_not(None))
    if network_id is not None:
        query = query.join(
            nm.Network, nm.Network.id == nm.FixedIp.network_id).where(
            nm.Network.uuid == network_id, nm.Network.deleted == 0)
    holders = set(context.session.execute(query.limit(2)).scalars())
    return holders.pop() if len(holders) == 1 else None


@api.reader
def fixed_ips_in_use(context, network_id=None):
    query = sa.select(nm.FixedIp).where(
        nm.FixedIp.deleted == 0, nm.FixedIp.instance_uuid.is_not(None))
    if network_id is not None:
        query = query.where(nm.FixedIp.network_id == network_id)
    return context.session.execute(query).scalars().all()


# Interfaces ----------------------------------------------------------------
# What interfaces_by_instances gives of an interface and of a fixed IP.
_VifRow = collections.namedtuple(
    '_VifRow', 'id uuid address tag instance_uuid network_id '
    'port_security_enabled')
_FixedRow = collections.namedtuple(
    '_FixedRow', 'id address subnet_id virtual_interface_id')


@api.reader
def interfaces_by_instances(context, instance_uuids):
    """{instance uuid: [(vif, network, [fixed ip rows], {fixed id:
    [floating addresses]})]} in the order the interfaces were made."""
    result = {uuid: [] for uuid in instance_uuids}
    if not instance_uuids:
        return result
    vif, fixed, floating = nm.VirtualInterface, nm.FixedIp, nm.FloatingIp
    # Each interface with its fixed and floating IPs in one query (a
    # page's interfaces, IPs and floating IPs are read with one list of
    # instances, not three growing lists of ids), packed (one JSON array
    # a row, nova.db.packed_rows); and each network read once however
    # many of the interfaces are on it: a page of 1,000 servers on one
    # network reads one network row, not 1,000 copies of it.
    selected = (vif.id, vif.uuid, vif.address, vif.tag, vif.instance_uuid,
                vif.network_id, vif.port_security_enabled, fixed.id,
                fixed.address, fixed.subnet_id, floating.address)
    query = (
        sa.select(*selected)
        .outerjoin(fixed, sa.and_(fixed.virtual_interface_id == vif.id,
                                  fixed.deleted == 0))
        .outerjoin(floating, sa.and_(floating.fixed_ip_id == fixed.id,
                                     floating.deleted == 0))
        .where(uuid_lists.among(vif.instance_uuid, instance_uuids),
               vif.deleted == 0)
        .order_by(vif.id, fixed.id, floating.id))
    joined = packed_rows.read(context, query, selected)
    if not joined:
        return result
    rows, by_vif, floating_by_fixed = [], {}, {}
    for (vif_id, vif_uuid, mac, tag, instance_uuid, network_id, security,
         fixed_id, address, subnet_id, floating_address) in joined:
        if vif_id not in by_vif:
            rows.append(_VifRow(vif_id, vif_uuid, mac, tag, instance_uuid,
                                network_id, security))
            by_vif[vif_id] = []
        if fixed_id is None:
            continue
        if fixed_id not in floating_by_fixed:
            by_vif[vif_id].append(_FixedRow(fixed_id, address, subnet_id,
                                            vif_id))
            floating_by_fixed[fixed_id] = []
        if floating_address is not None:
            floating_by_fixed[fixed_id].append(floating_address)
    floating = {k: v for k, v in floating_by_fixed.items() if v}
    networks = {n.id: n for n in context.session.execute(
        sa.select(nm.Network).where(nm.Network.id.in_(
            {v.network_id for v in rows}))).scalars()}
    for v in rows:
        network = networks.get(v.network_id)
        if network is not None:  # the inner join of the interfaces
            result[v.instance_uuid].append(
                (v, network, by_vif.get(v.id, []), floating))
    return result


@api.writer
def tag_interfaces(context, instance_uuid, tags):
    """Set the device tag of the instance's interface on each network of
    tags ({network uuid: tag})."""
    vif = nm.VirtualInterface
    for network_uuid, tag in tags.items():
        network_id = sa.select(nm.Network.id).where(
            nm.Network.uuid == network_uuid).scalar_subquery()
        context.session.execute(sa.update(vif).where(
            vif.instance_uuid == instance_uuid, vif.deleted == 0,
            vif.network_id == network_id).values(tag=tag))


@api.reader
def vifs_by_instance(context, instance_uuid):
    vif = nm.VirtualInterface
    return context.session.execute(
        sa.select(vif, nm.Network.uuid).outerjoin(
            nm.Network, nm.Network.id == vif.network_id).where(
            vif.instance_uuid == instance_uuid, vif.deleted == 0)
        .order_by(vif.id)).all()


@api.reader
def instance_uuids_on_network(context, network_id):
    return set(context.session.execute(
        sa.select(nm.FixedIp.instance_uuid).where(
            nm.FixedIp.network_id == network_id, nm.FixedIp.deleted == 0,
            nm.FixedIp.instance_uuid.is_not(None))).scalars())


@api.reader
def instance_uuids_matching(context, pattern):
    """Instances with a fixed or floating IP that pattern (a compiled
    regular expression) finds, for the servers list's ip filter."""
    fixed = context.session.execute(sa.select(
        nm.FixedIp.id, nm.FixedIp.address, nm.FixedIp.instance_uuid).where(
        nm.FixedIp.deleted == 0, nm.FixedIp.instance_uuid.is_not(None))).all()
    uuids = {r.instance_uuid for r in fixed if pattern.search(r.address)}
    owner = {r.id: r.instance_uuid for r in fixed}
    for row in context.session.execute(sa.select(
            nm.FloatingIp.address, nm.FloatingIp.fixed_ip_id).where(
            nm.FloatingIp.deleted == 0,
            nm.FloatingIp.fixed_ip_id.is_not(None))):
        if row.fixed_ip_id in owner and pattern.search(row.address):
            uuids.add(owner[row.fixed_ip_id])
    return uuids
