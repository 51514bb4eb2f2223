"""IPv6 addresses of router gateways.

Each is a fixed_ips row of the external network (made as a port's IPv6
address is, nova.db.ipv6_addresses: the network's unique key keeps a
port and a gateway, or two gateways, off the same address) listed in
router_gateway_ips. They are routed, never NATed: nothing here touches
the IPv4 floating pool, whose address a gateway keeps in
routers.gateway_ip.
"""

import sqlalchemy as sa

from nova.db import api
from nova.db import ipv6_addresses as ipv6
from nova.db import network_models as nm
from nova.db import router_models as rm


@api.reader
def addresses(context, router_ids):
    """{router row id: [(subnet uuid, address)]}, in claim order."""
    result = {i: [] for i in router_ids}
    if not result:
        return result
    for row in context.session.execute(sa.select(rm.RouterGatewayIp).where(
            rm.RouterGatewayIp.router_id.in_(list(result))).order_by(
            rm.RouterGatewayIp.id)).scalars():
        result[row.router_id].append((row.subnet_id, row.ip_address))
    return result


def claim(context, router_id, requests, mac):
    """Take IPv6 addresses for a router's gateway in the caller's writer
    transaction: requests [(subnet uuid, address or None)]; mac: the
    gateway port's (an auto-address subnet's address comes from it).
    Raises what ipv6_addresses.claim raises (FixedIpAlreadyInUse for a
    taken address)."""
    claimed = []
    for subnet_uuid, address in requests:
        subnet = context.session.execute(sa.select(nm.Subnet).where(
            nm.Subnet.uuid == subnet_uuid, nm.Subnet.deleted == 0,
            nm.Subnet.ip_version == 6)).scalars().one()
        # Held by no port and no server: the router's row below says whose.
        taken = ipv6.claim(context, subnet, {'allocated': True}, mac,
                           address)
        context.session.add(rm.RouterGatewayIp(
            router_id=router_id, subnet_id=subnet_uuid, ip_address=taken))
        claimed.append((subnet_uuid, taken))
    context.session.flush()
    return claimed


def release(context, router_id):
    """Give back every IPv6 address of a router's gateway (in the
    caller's writer transaction): their fixed_ips rows go, so a port or
    another gateway can take them."""
    rows = context.session.execute(sa.select(rm.RouterGatewayIp).where(
        rm.RouterGatewayIp.router_id == router_id)).scalars().all()
    for row in rows:
        fixed_ids = context.session.execute(
            sa.select(nm.FixedIp.id).join(
                nm.Subnet, nm.Subnet.id == nm.FixedIp.subnet_id).where(
                nm.Subnet.uuid == row.subnet_id,
                nm.FixedIp.address == row.ip_address,
                nm.FixedIp.deleted == 0,
                nm.FixedIp.virtual_interface_id.is_(None))).scalars().all()
        ipv6.release(context, fixed_ids)
        context.session.delete(row)
    context.session.flush()
