"""Queries of subnets: the ranges of a network (subnets rows), each with
its fixed_ips rows; a network's own cidr columns repeat its first.
"""

import ipaddress
import json

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.db import api
from nova.db import network_models as nm
from nova.db import network_ranges as ranges
from nova.db import networks as networks_db
from nova.network import errors


@api.writer
def subnet_add(context, network_uuid, values, attrs, reserved=(),
               subnet_uuid=None):
    """Add an IPv4 subnet to a network (values: its subnets columns,
    attrs: its Neutron-only attributes) with its fixed_ips rows;
    reserved are never handed out. The network's own columns take the
    subnet when it is its first. Returns (network row, subnet row).
    Refused when the range overlaps another subnet."""
    ranges.serialize_range_changes(context)
    row = networks_db.network_get_by_uuid(context, network_uuid)
    if row.cidr and row.router_external:
        raise errors.InvalidNetwork(
            reason='external network %s has an IPv4 subnet already: the '
                   'built-in networking gives an external network one'
                   % network_uuid)
    ranges.check_size(values['cidr'])
    new = ipaddress.ip_network(values['cidr'])
    other = ranges.overlapping(context, new, row.uuid, row.router_external)
    if other is not None:
        # Neutron's wording: clients (Tempest among them) look for it to
        # try the next free range.
        raise errors.InvalidNetwork(
            reason='Requested subnet with cidr: %s for network: %s '
                   'overlaps with another subnet (%s): %s'
                   % (new, network_uuid, other[1],
                      ranges.why_no_overlap(other[0] == row.uuid)))
    if not row.cidr:
        row.update({k: values.get(k) for k in nm.MIRRORED})
        row.enable_dhcp = values.get('enable_dhcp', True)
    subnet = networks_db.insert_subnet(
        context, row, values, subnet_uuid or uuidutils.generate_uuid(),
        attrs)
    if row.router_external:
        networks_db.add_floating_ips(context, row, reserved)
    else:
        networks_db.add_fixed_ips(context, subnet, reserved)
    return row, subnet


@api.writer
def subnet_remove(context, subnet_uuid):
    """Drop an IPv4 subnet and its addresses; refused (NetworkInUse)
    while one of them is in use (as in Neutron, a port with no address
    of the subnet does not keep it). The next subnet becomes the
    network's first. Returns the network row."""
    subnet, row = subnet_get_by_uuid(context, subnet_uuid)
    live = _subnets_of(context, [row.id]).get(row.id, [])
    last = len(live) <= 1
    fixed = nm.FixedIp
    # The last subnet takes the addresses placed in none with it.
    mine = fixed.network_id == row.id if last else \
        fixed.subnet_id == subnet.id
    used = context.session.execute(sa.select(sa.func.count()).where(
        mine, fixed.deleted == 0,
        sa.or_(fixed.instance_uuid.is_not(None),
               fixed.virtual_interface_id.is_not(None)))).scalar()
    if used:
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
    else:
        row.update({k: None for k in nm.MIRRORED})
    context.session.flush()
    return row


def _mirror(network, subnet):
    """The network's own columns repeat its first subnet."""
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
    first = _subnets_of(context, [row.id])[row.id][0]
    if first.id == subnet.id:
        _mirror(row, subnet)
    context.session.flush()
    return row


@api.reader
def subnet_get_by_uuid(context, subnet_uuid):
    """(subnet row, network row) of a live IPv4 subnet."""
    found = context.session.execute(
        sa.select(nm.Subnet, nm.Network).join(
            nm.Network, nm.Network.id == nm.Subnet.network_id).where(
            nm.Subnet.uuid == subnet_uuid, nm.Subnet.deleted == 0,
            nm.Network.deleted == 0)).first()
    if found is None:
        raise errors.SubnetNotFound(subnet_id=subnet_uuid)
    return found[0], found[1]


def _subnets_of(context, network_ids):
    result = {}
    if network_ids:
        for subnet in context.session.execute(sa.select(nm.Subnet).where(
                nm.Subnet.network_id.in_(list(network_ids)),
                nm.Subnet.deleted == 0).order_by(nm.Subnet.id)).scalars():
            result.setdefault(subnet.network_id, []).append(subnet)
    return result


@api.reader
def subnets_of(context, network_ids):
    """{network row id: [its live IPv4 subnets rows, first first]}."""
    return _subnets_of(context, set(network_ids))


@api.reader
def subnet_uuids(context, subnet_ids):
    """{subnets row id: uuid}, deleted subnets included."""
    if not subnet_ids:
        return {}
    return dict(context.session.execute(
        sa.select(nm.Subnet.id, nm.Subnet.uuid).where(
            nm.Subnet.id.in_(list(set(subnet_ids))))).all())
