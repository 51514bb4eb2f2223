"""Queries of routers, their interfaces and their gateway addresses.

A router's gateway IPv4 address is a floating IP row of the external
network's pool, taken out of it (soft-deleted) so that no project can
allocate it, and put back when the gateway goes; its IPv6 addresses are
claimed and given back by nova.db.router_gateways in the same
transactions.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from nova.db import api
from nova.db import network_models as nm
from nova.db import router_gateways
from nova.db import networks as networks_db
from nova.db import router_models as rm

FIP = nm.FloatingIp


@api.reader
def get_all(context, project_id=None):
    query = sa.select(rm.Router).order_by(rm.Router.id)
    if project_id is not None:
        query = query.where(rm.Router.project_id == project_id)
    return context.session.execute(query).scalars().all()


@api.reader
def get(context, router_uuid):
    """The router row, or None."""
    return context.session.execute(sa.select(rm.Router).where(
        rm.Router.uuid == router_uuid)).scalars().first()


@api.retry_on_deadlock
@api.writer
def create(context, values, limit, gateway_v6=(), mac=None):
    """A router of values['project_id'], or None when the project has
    limit routers already (limit < 0: no limit); gateway_v6: the IPv6
    addresses its gateway takes (router_gateways.claim's requests, mac
    the gateway port's)."""
    networks_db.read_committed_on_mysql(context)
    project_id = values.get('project_id')
    if limit >= 0:
        count = context.session.execute(sa.select(sa.func.count()).where(
            rm.Router.project_id == project_id)).scalar()
        if count >= limit:
            return None
    row = rm.Router(**values)
    context.session.add(row)
    context.session.flush()
    if gateway_v6:
        router_gateways.claim(context, row.id, gateway_v6, mac)
    return row


@api.writer
def update(context, router_uuid, values):
    row = context.session.execute(sa.select(rm.Router).where(
        rm.Router.uuid == router_uuid)).scalars().one()
    row.update(values)
    row.updated_at = timeutils.utcnow()
    context.session.flush()
    return row


@api.writer
def delete(context, router_uuid):
    """Delete a router without interfaces; returns whether it had none
    (a router with interfaces stays)."""
    row = context.session.execute(sa.select(rm.Router).where(
        rm.Router.uuid == router_uuid)).scalars().first()
    if row is None:
        return True
    if context.session.execute(sa.select(rm.RouterInterface.id).where(
            rm.RouterInterface.router_id == row.id)).first():
        return False
    if row.gateway_ip:
        _give_back(context, row.gateway_ip)
    router_gateways.release(context, row.id)
    context.session.delete(row)
    return True


# Gateway addresses -----------------------------------------------------------

@api.retry_on_deadlock
@api.writer
def take_address(context, pool, address=None):
    """Take a free address (or address) of a floating pool out of it;
    returns it, or None when there is none (or address is not free)."""
    return take(context, pool, address)


def take(context, pool, address=None):
    """take_address in the caller's writer transaction (a port on an
    external network takes its address so, too)."""
    query = sa.select(FIP.id, FIP.address).where(
        FIP.pool == pool, FIP.deleted == 0, FIP.project_id.is_(None))
    if address is not None:
        query = query.where(FIP.address == address)
    for row in context.session.execute(
            query.order_by(FIP.id).limit(16)).all():
        done = context.session.execute(sa.update(FIP).where(
            FIP.id == row.id, FIP.deleted == 0,
            FIP.project_id.is_(None)).values(
            deleted=row.id, deleted_at=timeutils.utcnow())).rowcount
        if done:
            return row.address
    return None


def _give_back(context, address):
    """Put a taken gateway (or external port) address back into its
    pool (IPv4 only: an IPv6 address is no floating IP)."""
    if ':' in address:
        return
    if context.session.execute(sa.select(FIP.id).where(
            FIP.address == address, FIP.deleted == 0)).first():
        return
    taken = context.session.execute(sa.select(sa.func.max(FIP.id)).where(
        FIP.address == address, FIP.deleted != 0)).scalar()
    if taken is not None:
        context.session.execute(sa.update(FIP).where(FIP.id == taken)
                                .values(deleted=0, deleted_at=None))


@api.writer
def set_gateway(context, router_uuid, values, gateway_v6=None, mac=None):
    """Change a router's gateway columns, giving its old IPv4 address
    back when it changes; gateway_v6 (None: keep them) replaces its IPv6
    addresses (the old ones are given back first, so the new ones may
    include them; mac: the gateway port's)."""
    row = context.session.execute(sa.select(rm.Router).where(
        rm.Router.uuid == router_uuid)).scalars().one()
    if row.gateway_ip and row.gateway_ip != values.get('gateway_ip',
                                                       row.gateway_ip):
        _give_back(context, row.gateway_ip)
    if gateway_v6 is not None:
        router_gateways.release(context, row.id)
        router_gateways.claim(context, row.id, gateway_v6, mac)
    row.update(values)
    row.updated_at = timeutils.utcnow()
    context.session.flush()
    return row


@api.writer
def give_back(context, address):
    _give_back(context, address)


# Interfaces ------------------------------------------------------------------

@api.reader
def interfaces(context, router_ids=None, subnet_id=None, network_ids=None,
               port_id=None):
    """[(interface, router)] matching every given condition."""
    query = sa.select(rm.RouterInterface, rm.Router).join(
        rm.Router, rm.Router.id == rm.RouterInterface.router_id).order_by(
        rm.RouterInterface.id)
    if router_ids is not None:
        query = query.where(rm.Router.uuid.in_(list(router_ids)))
    if subnet_id is not None:
        query = query.where(rm.RouterInterface.subnet_id == subnet_id)
    if network_ids is not None:
        query = query.where(rm.RouterInterface.network_id.in_(
            list(network_ids)))
    if port_id is not None:
        query = query.where(rm.RouterInterface.port_id == port_id)
    return [tuple(r) for r in context.session.execute(query).all()]


@api.writer
def add_interface(context, router_uuid, values):
    """Add an interface; a subnet already on a router raises
    oslo_db's DBDuplicateEntry."""
    row = context.session.execute(sa.select(rm.Router).where(
        rm.Router.uuid == router_uuid)).scalars().one()
    interface = rm.RouterInterface(router_id=row.id, **values)
    context.session.add(interface)
    context.session.flush()
    return interface


@api.writer
def remove_interface(context, port_id):
    context.session.execute(sa.delete(rm.RouterInterface).where(
        rm.RouterInterface.port_id == port_id))


@api.reader
def floating_fixed_addresses(context, pool):
    """[(floating address, fixed address, network uuid of the fixed
    address)] of the pool's associated floating IPs (a fixed address may
    be on several networks: allow_overlapping_ips)."""
    return [tuple(r) for r in context.session.execute(
        sa.select(FIP.address, nm.FixedIp.address, nm.Network.uuid).join(
            nm.FixedIp, nm.FixedIp.id == FIP.fixed_ip_id).join(
            nm.Network, nm.Network.id == nm.FixedIp.network_id).where(
            FIP.pool == pool, FIP.deleted == 0)).all()]
