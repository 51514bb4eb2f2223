"""Queries of subnets: the ranges of a network (subnets rows), each with
its fixed_ips rows; a network's own cidr columns repeat its first.
"""

import ipaddress
import json

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.db import api
from nova.db import ipv6_addresses as ipv6
from nova.db import network_models as nm
from nova.db import network_ranges as ranges
from nova.db import networks as networks_db
from nova.network import errors


@api.writer
def subnet_add(context, network_uuid, values, attrs, reserved=(),
               subnet_uuid=None):
    """Add a subnet to a network (values: its subnets columns, attrs: its
    Neutron-only attributes) with, if IPv4, its fixed_ips rows; reserved
    are never handed out. The network's own columns take the subnet when
    it is its first of its IP version. Returns (network row, subnet
    row). Refused when the range overlaps another subnet."""
    ranges.serialize_range_changes(context)
    row = networks_db.network_get_by_uuid(context, network_uuid)
    new = ipaddress.ip_network(values['cidr'])
    if new.version == 6:
        values = dict(values, ip_version=6)
    elif row.cidr and row.router_external:
        raise errors.InvalidNetwork(
            reason='external network %s has an IPv4 subnet already: the '
                   'built-in networking gives an external network one'
                   % network_uuid)
    if new.version == 4:
        ranges.check_size(values['cidr'])
    other = ranges.overlapping(context, new, row.uuid, row.router_external)
    if other is not None:
        # Neutron's wording: clients (Tempest among them) look for it to
        # try the next free range.
        raise errors.InvalidNetwork(
            reason='Requested subnet with cidr: %s for network: %s '
                   'overlaps with another subnet (%s): %s'
                   % (new, network_uuid, other[1],
                      ranges.why_no_overlap(other[0] == row.uuid)))
    subnet = networks_db.insert_subnet(
        context, row, values, subnet_uuid or uuidutils.generate_uuid(),
        attrs)
    if new.version == 6:
        # Addresses are made as ports take them (ipv6_addresses).
        if not row.cidr_v6:
            _mirror(row, subnet)
        return row, subnet
    if not row.cidr:
        _mirror(row, subnet)
    if row.router_external:
        networks_db.add_floating_ips(context, row, reserved)
    else:
        networks_db.add_fixed_ips(context, subnet, reserved)
    return row, subnet


@api.writer
def subnet_remove(context, subnet_uuid):
    """Drop a subnet and its addresses; refused (NetworkInUse) while one
    of them is in use (as in Neutron, a port with no address of the
    subnet does not keep it, and ports give back the addresses of an
    auto-address IPv6 subnet). The next subnet of its IP version becomes
    the network's first. Returns the network row."""
    subnet, row = subnet_get_by_uuid(context, subnet_uuid)
    live = _subnets_of(context, [row.id], subnet.ip_version).get(row.id, [])
    last = len(live) <= 1 and subnet.ip_version == 4
    fixed = nm.FixedIp
    # The last IPv4 subnet takes the addresses placed in none with it.
    mine = sa.or_(fixed.subnet_id == subnet.id,
                  sa.and_(fixed.subnet_id.is_(None),
                          fixed.network_id == row.id)) if last else \
        fixed.subnet_id == subnet.id
    used = context.session.execute(sa.select(sa.func.count()).where(
        mine, fixed.deleted == 0,
        sa.or_(fixed.instance_uuid.is_not(None),
               fixed.virtual_interface_id.is_not(None)))).scalar()
    if used and not (subnet.ip_version == 6 and ipv6.is_auto(subnet)):
        raise errors.NetworkInUse(network_id=row.uuid)
    if last and row.router_external:
        networks_db.remove_floating_ips(context, row)
    now = timeutils.utcnow()
    context.session.execute(sa.update(fixed).where(
        mine, fixed.deleted == 0).values(deleted=fixed.id, deleted_at=now))
    subnet.update({'deleted': subnet.id, 'deleted_at': now})
    rest = [s for s in live if s.id != subnet.id]
    if rest:
        _mirror(row, rest[0])
    elif subnet.ip_version == 6:
        row.update({k: None for k in nm.MIRRORED_V6})
    else:
        row.update({k: None for k in nm.MIRRORED})
    context.session.flush()
    return row


def _mirror(network, subnet):
    """The network's own columns repeat its first subnet of the
    subnet's IP version."""
    if subnet.ip_version == 6:
        network.update({k: getattr(subnet, v)
                        for k, v in nm.MIRRORED_V6.items()})
        return
    network.update({k: getattr(subnet, k) for k in nm.MIRRORED})
    network.enable_dhcp = subnet.enable_dhcp


@api.writer
def subnet_update(context, subnet_uuid, values, attrs=None):
    """Change a subnet's columns (and Neutron-only attributes); the
    network's columns follow its first subnet. Returns the network."""
    subnet, row = subnet_get_by_uuid(context, subnet_uuid)
    subnet.update(values)
    if attrs is not None:
        subnet.attrs = json.dumps(attrs)
    first = _subnets_of(context, [row.id], subnet.ip_version)[row.id][0]
    if first.id == subnet.id:
        _mirror(row, subnet)
    context.session.flush()
    return row


@api.reader
def subnet_get_by_uuid(context, subnet_uuid):
    """(subnet row, network row) of a live subnet."""
    found = context.session.execute(
        sa.select(nm.Subnet, nm.Network).join(
            nm.Network, nm.Network.id == nm.Subnet.network_id).where(
            nm.Subnet.uuid == subnet_uuid, nm.Subnet.deleted == 0,
            nm.Network.deleted == 0)).first()
    if found is None:
        raise errors.SubnetNotFound(subnet_id=subnet_uuid)
    return found[0], found[1]


def _subnets_of(context, network_ids, version=4):
    result = {}
    if network_ids:
        query = sa.select(nm.Subnet).where(
            nm.Subnet.network_id.in_(list(network_ids)),
            nm.Subnet.deleted == 0)
        if version is not None:
            query = query.where(nm.Subnet.ip_version == version)
        for subnet in context.session.execute(
                query.order_by(nm.Subnet.id)).scalars():
            result.setdefault(subnet.network_id, []).append(subnet)
    return result


@api.reader
def subnets_of(context, network_ids, version=4):
    """{network row id: [its live subnets rows of IP version version
    (None: any, IPv4 ones first), first first]}."""
    found = _subnets_of(context, set(network_ids), version)
    if version is None:
        for rows in found.values():
            rows.sort(key=lambda s: s.ip_version)
    return found


@api.reader
def subnet_uuids(context, subnet_ids):
    """{subnets row id: uuid}, deleted subnets included."""
    if not subnet_ids:
        return {}
    return dict(context.session.execute(
        sa.select(nm.Subnet.id, nm.Subnet.uuid).where(
            nm.Subnet.id.in_(list(set(subnet_ids))))).all())
