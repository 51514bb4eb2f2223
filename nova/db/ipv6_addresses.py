"""Addresses of IPv6 subnets: a fixed_ips row made when a port takes one.

A /64 has 2**64 addresses, so unlike an IPv4 subnet an IPv6 one has no
row per address: taking an address inserts its row (in a savepoint, so
that losing a race to the unique key (network_id, address, deleted)
leaves the caller's transaction usable) and giving it back deletes it.
An auto-address subnet (SLAAC or DHCPv6-stateless, as Neutron decides
it) gives a port its EUI-64 address; a stateful one an address of its
allocation pools, at random.
"""

import ipaddress
import json
import random

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

import nova.conf
from nova.db import network_models as nm
from nova.network import errors
from nova.network import model

CONF = nova.conf.CONF
AUTO_MODES = ('slaac', 'dhcpv6-stateless')
# Pools up to this size are read whole to choose a free address.
_SMALL_POOL = 1024


def is_auto(subnet):
    """Whether the subnet's addresses come from the ports' MACs."""
    return subnet.ipv6_address_mode in AUTO_MODES or (
        subnet.ipv6_address_mode is None and
        subnet.ipv6_ra_mode in AUTO_MODES)


def subnets(context, network_id):
    """The live IPv6 subnets rows of a network, first first."""
    return context.session.execute(sa.select(nm.Subnet).where(
        nm.Subnet.network_id == network_id, nm.Subnet.deleted == 0,
        nm.Subnet.ip_version == 6).order_by(nm.Subnet.id)).scalars().all()


def for_new_port(rows):
    """The subnets a port that asks for no address gets one of, as in
    Neutron: the first stateful subnet and every auto-address one."""
    stateful = [s for s in rows if not is_auto(s)][:1]
    return [s for s in rows if is_auto(s) or s in stateful]


def pools(subnet):
    """[(first, last)] addresses the subnet hands out."""
    given = json.loads(subnet.attrs or '{}').get('allocation_pools')
    if given is not None:
        return [(ipaddress.ip_address(p['start']),
                 ipaddress.ip_address(p['end'])) for p in given]
    net = ipaddress.ip_network(subnet.cidr)
    first = net.network_address + 1
    if subnet.gateway == str(first):
        first += 1
    return [(first, net.broadcast_address)]


def _insert(context, subnet, values, address):
    """Whether the address's row could be made (not held already)."""
    try:
        with context.session.begin_nested():
            context.session.add(nm.FixedIp(
                address=address, network_id=subnet.network_id,
                subnet_id=subnet.id, reserved=False, leased=False,
                created_at=timeutils.utcnow(), **values))
            context.session.flush()
    except db_exc.DBDuplicateEntry:
        return False
    return True


def claim(context, subnet, values, mac, address=None):
    """Take an address of an IPv6 subnet row for a port (values: the
    fixed_ips columns that say whose): address, or the port's EUI-64
    address on an auto-address subnet, or a free one of the pools."""
    net = ipaddress.ip_network(subnet.cidr)
    if address is not None:
        ip = ipaddress.ip_address(address)
        if ip not in net:
            raise errors.InvalidIpForSubnet(ip_address=address)
        if is_auto(subnet) and \
                address != model.eui64_address(subnet.cidr, mac):
            # Neutron's rule: the guest configures it from the prefix.
            raise errors.InvalidIpForSubnet(ip_address=address)
        if not is_auto(subnet) and (
                ip == net.network_address or str(ip) == subnet.gateway):
            raise errors.FixedIpAlreadyInUse(address=address)
        if not _insert(context, subnet, values, str(ip)):
            raise errors.FixedIpAlreadyInUse(address=address)
        return str(ip)
    if is_auto(subnet):
        address = model.eui64_address(subnet.cidr, mac)
        if not _insert(context, subnet, values, address):
            raise errors.FixedIpAlreadyInUse(address=address)
        return address
    for _ in range(CONF.network.allocation_attempts):
        address = _free_candidate(context, subnet)
        if address is None:
            break
        if _insert(context, subnet, values, address):
            return address
    raise errors.NoMoreFixedIps(network=subnet.uuid)


def _free_candidate(context, subnet):
    """A random address of the pools that looks free, or None when none
    is: small pools are read whole (a random pick in a nearly full one
    would seldom hit its last free address), large ones (a /64's) drawn
    from at random."""
    ranges = [(a, b) for a, b in pools(subnet)]
    size = sum(int(b) - int(a) + 1 for a, b in ranges)
    if not size:
        return None
    if size > _SMALL_POOL:
        first, last = random.choice(ranges)
        return str(first + random.randint(0, int(last) - int(first)))
    taken = set(context.session.execute(sa.select(nm.FixedIp.address).where(
        nm.FixedIp.subnet_id == subnet.id,
        nm.FixedIp.deleted == 0)).scalars()) | {subnet.gateway}
    free = [str(ip) for a, b in ranges
            for ip in (a + i for i in range(int(b) - int(a) + 1))
            if str(ip) not in taken]
    return random.choice(free) if free else None


def release(context, fixed_ids):
    """Delete the IPv6 addresses' rows among fixed_ids (their subnets
    have no free rows to give them back to); returns the other ids."""
    fixed = nm.FixedIp
    v6 = context.session.execute(sa.select(fixed.id).where(
        fixed.id.in_(list(fixed_ids)),
        fixed.address.contains(':'))).scalars().all()
    if v6:
        context.session.execute(sa.update(fixed).where(
            fixed.id.in_(v6)).values(
            deleted=fixed.id, deleted_at=timeutils.utcnow(),
            instance_uuid=None, virtual_interface_id=None,
            allocated=False))
    return [i for i in fixed_ids if i not in set(v6)]
