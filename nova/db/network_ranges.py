"""Which network ranges may overlap, and the lock that serializes their
changes: one rule (overlap_conflict) for IPv4 and IPv6 ranges, checked
by every writer that adds a range or makes a network external.
"""

import ipaddress

import sqlalchemy as sa

import nova.conf
from nova.db import api
from nova.db import network_models as nm
from nova.network import errors

CONF = nova.conf.CONF


def check_size(cidr):
    net = ipaddress.ip_network(cidr)
    if net.num_addresses > CONF.network.max_network_size:
        raise errors.InvalidNetwork(
            reason='%s has %d addresses, more than max_network_size (%d)'
            % (cidr, net.num_addresses, CONF.network.max_network_size))


def overlap_conflict(net, network_uuid, external, ranges,
                     allow_overlapping):
    """The one rule of which ranges may overlap: the first (network uuid,
    cidr) of ranges [(network uuid, cidr, external)] that a new range net
    of network network_uuid (external or not) may not overlap, or None.

    Subnets of one network never overlap. Without allow_overlapping no
    ranges of any networks do (fixed IPs were unique across networks).
    With it, subnets of different networks may (a fixed IP is unique in
    its network, migration 0020), but an external network's range
    overlaps no other range: its addresses are floating IPs, unique on
    the host whatever network a guest is on.
    """
    for other_uuid, cidr, other_external in ranges:
        other = ipaddress.ip_network(cidr, strict=False)
        if other.version != net.version or not net.overlaps(other):
            continue
        if not allow_overlapping or other_uuid == network_uuid or \
                external or other_external:
            return other_uuid, cidr
    return None


def why_no_overlap(same_network):
    if same_network:
        return 'the subnets of a network never overlap'
    if CONF.network.allow_overlapping_ips:
        return 'an external network\'s range overlaps no other network'
    return ('addresses are unique in the built-in networking '
            '([network] allow_overlapping_ips is off)')


def overlapping(context, net, network_uuid=None, external=False,
                own_range=False):
    """(network uuid, cidr) of a live range that the new range net of
    network_uuid may not overlap (overlap_conflict), or None; own_range:
    net is network_uuid's range already (it turns external), not a new
    one, so its own subnets are left out."""
    rows = context.session.execute(
        sa.select(nm.Network.uuid, nm.Subnet.cidr,
                  nm.Network.router_external).join(
            nm.Network, nm.Network.id == nm.Subnet.network_id).where(
            nm.Subnet.deleted == 0, nm.Network.deleted == 0)).all()
    # Networks whose range has no subnets row (made by hand).
    for column in (nm.Network.cidr, nm.Network.cidr_v6):
        rows += context.session.execute(
            sa.select(nm.Network.uuid, column,
                      nm.Network.router_external).where(
                nm.Network.deleted == 0, column.is_not(None))).all()
    return overlap_conflict(net, network_uuid, external,
                            [(u, c, bool(e)) for u, c, e in rows
                             if not (own_range and u == network_uuid)],
                            CONF.network.allow_overlapping_ips)


def serialize_range_changes(context):
    """Make this writer transaction the only one adding ranges until it
    ends (the one row of network_range_locks, 0021), and let its
    overlap check read what the one before committed: the rule is a
    read then an insert, and since 0020 no unique constraint backs it
    across networks."""
    api.read_committed_on_mysql(context)
    context.session.execute(sa.update(nm.NetworkRangeLock).where(
        nm.NetworkRangeLock.id == 1).values(
        generation=nm.NetworkRangeLock.generation + 1))


def check_no_overlap(context, net, network_uuid=None, external=False,
                     own_range=False):
    """NetworkOverlaps unless net may be a range of network_uuid."""
    other = overlapping(context, net, network_uuid, external, own_range)
    if other is not None:
        raise errors.NetworkOverlaps(cidr=str(net), other=other[1],
                                     network_id=other[0])
