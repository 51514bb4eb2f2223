"""Queries of floating IPs, their pools and their DNS names.

Every floating address is a row made by an administrator (bulk create);
a project takes one with a conditional UPDATE of a row of no project, so
two projects never get the same address.
"""

import random

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

import nova.conf
from nova.db import api
from nova.db import models
from nova.db import network_models as nm
from nova.db import address_allocation as allocate_db
from nova.db import networks as networks_db
from nova.network import errors

CONF = nova.conf.CONF
FIP = nm.FloatingIp


def _query():
    return sa.select(FIP).where(FIP.deleted == 0)


@api.writer
def bulk_create(context, rows):
    """rows: [{'address', 'pool', 'interface'}]; all or none."""
    addresses = [r['address'] for r in rows]
    taken = context.session.execute(sa.select(FIP.address).where(
        FIP.address.in_(addresses), FIP.deleted == 0)).scalars().first()
    if taken:
        raise errors.FloatingIpExists(address=taken)
    try:
        context.session.execute(sa.insert(FIP), [
            dict(r, deleted=0, auto_assigned=False,
                 created_at=timeutils.utcnow()) for r in rows])
    except db_exc.DBDuplicateEntry as error:
        raise errors.FloatingIpExists(address=error.value or addresses[0])


@api.writer
def bulk_destroy(context, addresses):
    """Delete floating IPs (in use ones too, like upstream); returns the
    number deleted."""
    return context.session.execute(sa.update(FIP).where(
        FIP.address.in_(list(addresses)), FIP.deleted == 0).values(
        deleted=FIP.id, deleted_at=timeutils.utcnow())).rowcount


@api.reader
def get_all(context, project_id=None, host=None):
    query = _query().order_by(FIP.id)
    if project_id is not None:
        query = query.where(FIP.project_id == project_id)
    if host is not None:
        query = query.where(FIP.host == host)
    return context.session.execute(query).scalars().all()


def _get_one(context, condition, error, **kwargs):
    row = context.session.execute(_query().where(condition)).scalar()
    return api.not_found_unless(row, error, **kwargs)


@api.reader
def get_by_id(context, floating_id):
    return _get_one(context, FIP.id == floating_id,
                    errors.FloatingIpNotFound, id=floating_id)


@api.reader
def get_by_address(context, address):
    return _get_one(context, FIP.address == address,
                    errors.FloatingIpNotFoundForAddress, address=address)


@api.reader
def pools(context):
    return context.session.execute(
        sa.select(FIP.pool).where(FIP.deleted == 0).distinct()
        .order_by(FIP.pool)).scalars().all()


@api.reader
def count_by_project(context, project_id):
    return context.session.execute(sa.select(sa.func.count()).where(
        FIP.project_id == project_id, FIP.deleted == 0)).scalar()


@api.retry_on_deadlock
@api.writer
def allocate(context, project_id, pool, auto_assigned=False, address=None):
    """Give project_id a free address of pool (address, when given)."""
    networks_db.read_committed_on_mysql(context)
    if not context.session.execute(sa.select(FIP.id).where(
            FIP.pool == pool, FIP.deleted == 0)).first():
        raise errors.FloatingIpPoolNotFound(pool=pool)
    if address is not None:
        return _allocate_address(context, project_id, pool, address,
                                 auto_assigned)
    for _ in range(CONF.network.allocation_attempts):
        candidates = context.session.execute(sa.select(FIP.id).where(
            FIP.pool == pool, FIP.deleted == 0, FIP.project_id.is_(None))
            .order_by(FIP.id).limit(32)).scalars().all()
        if not candidates:
            break
        chosen = random.choice(candidates)
        done = context.session.execute(sa.update(FIP).where(
            FIP.id == chosen, FIP.project_id.is_(None)).values(
            **_taken(project_id, auto_assigned))).rowcount
        if done:
            return context.session.get(FIP, chosen)
    raise errors.NoMoreFloatingIps(pool=pool)


def _taken(project_id, auto_assigned):
    # The row is the pool's since bulk create; the floating IP is the
    # project's from now (Neutron's created_at of the floating IP).
    now = timeutils.utcnow()
    return {'project_id': project_id, 'auto_assigned': auto_assigned,
            'created_at': now, 'updated_at': now}


def _allocate_address(context, project_id, pool, address, auto_assigned):
    """Give project_id the address of pool if it is free. An address a
    router gateway or a port on the external network holds has no live
    row (they take it so), like one the pool never had: either is
    FloatingIpNotFoundForAddress; one another project holds is
    FloatingIpAddressNotFree."""
    row_id = context.session.execute(sa.select(FIP.id).where(
        FIP.pool == pool, FIP.address == address,
        FIP.deleted == 0)).scalar()
    if row_id is None:
        raise errors.FloatingIpNotFoundForAddress(address=address)
    # Conditional, as for any free row: of two requests for the address
    # (or a gateway taking it meanwhile), one wins.
    done = context.session.execute(sa.update(FIP).where(
        FIP.id == row_id, FIP.deleted == 0,
        FIP.project_id.is_(None)).values(
        **_taken(project_id, auto_assigned))).rowcount
    if not done:
        raise errors.FloatingIpAddressNotFree(address=address, pool=pool)
    return context.session.get(FIP, row_id)


@api.writer
def deallocate(context, address):
    """Give a floating IP back to its pool (disassociating it)."""
    context.session.execute(sa.update(FIP).where(
        FIP.address == address, FIP.deleted == 0).values(
        project_id=None, fixed_ip_id=None, host=None, auto_assigned=False))


@api.writer
def associate(context, floating_address, fixed_address, instance_uuid,
              port_id=None):
    """Route floating_address to fixed_address of the instance (of its
    port port_id if given: the address may be on several networks);
    returns (fixed address, instance uuid) it was associated with before,
    or None.

    An address routed to another server moves (as upstream's Compute API,
    Neutron and EC2 do): the caller refreshes the server it left."""
    fixed = allocate_db.instance_fixed_ip(context, instance_uuid,
                                          fixed_address, port_id)
    floating = context.session.execute(_query().where(
        FIP.address == floating_address).with_for_update()).scalar()
    if floating is None:
        raise errors.FloatingIpNotFoundForAddress(address=floating_address)
    previous = None
    if floating.fixed_ip_id and floating.fixed_ip_id != fixed.id:
        old = context.session.get(nm.FixedIp, floating.fixed_ip_id)
        previous = old and (old.address, old.instance_uuid)
    # One floating IP of a pool per fixed IP (Neutron's rule too).
    other = context.session.execute(sa.select(FIP.address).where(
        FIP.fixed_ip_id == fixed.id, FIP.pool == floating.pool,
        FIP.address != floating_address, FIP.deleted == 0)).scalar()
    if other is not None:
        raise errors.FloatingIpAssociated(
            address=floating_address, fixed=fixed.address, other=other,
            pool=floating.pool)
    floating.fixed_ip_id = fixed.id
    host = context.session.execute(sa.select(models.Instance.host).where(
        models.Instance.uuid == instance_uuid)).scalar()
    floating.host = host
    context.session.flush()
    return previous


@api.writer
def disassociate(context, floating_address, instance_uuid):
    floating = context.session.execute(_query().where(
        FIP.address == floating_address)).scalar()
    if floating is None:
        raise errors.FloatingIpNotFoundForAddress(address=floating_address)
    fixed = floating.fixed_ip_id and context.session.get(
        nm.FixedIp, floating.fixed_ip_id)
    if not fixed or fixed.instance_uuid != instance_uuid:
        raise errors.FloatingIpNotAssociated(address=floating_address,
                                             instance_uuid=instance_uuid)
    floating.fixed_ip_id = None
    floating.host = None
    if floating.auto_assigned:
        floating.project_id = None
        floating.auto_assigned = False
    context.session.flush()
    return fixed.address


@api.reader
def fixed_info(context, floating_rows):
    """{fixed ip id: (address, instance uuid)} of associated rows."""
    ids = [r.fixed_ip_id for r in floating_rows if r.fixed_ip_id]
    if not ids:
        return {}
    return {r.id: (r.address, r.instance_uuid) for r in
            context.session.execute(sa.select(
                nm.FixedIp.id, nm.FixedIp.address,
                nm.FixedIp.instance_uuid).where(nm.FixedIp.id.in_(ids)))}


@api.reader
def fixed_networks(context, fixed_ids):
    """{fixed ip id: uuid of its network}."""
    if not fixed_ids:
        return {}
    return dict(context.session.execute(sa.select(
        nm.FixedIp.id, nm.Network.uuid).join(
        nm.Network, nm.Network.id == nm.FixedIp.network_id).where(
        nm.FixedIp.id.in_(list(fixed_ids)))).all())


# DNS -----------------------------------------------------------------------

@api.reader
def dns_domains(context):
    return context.session.execute(sa.select(nm.DnsDomain).order_by(
        nm.DnsDomain.domain)).scalars().all()


@api.reader
def dns_domain_get(context, domain):
    return context.session.get(nm.DnsDomain, domain)


@api.writer
def dns_domain_put(context, domain, values):
    row = context.session.get(nm.DnsDomain, domain)
    if row is None:
        row = nm.DnsDomain(domain=domain)
        context.session.add(row)
    row.update(values)
    context.session.flush()
    return row


@api.writer
def dns_domain_delete(context, domain):
    if not context.session.execute(sa.delete(nm.DnsDomain).where(
            nm.DnsDomain.domain == domain)).rowcount:
        raise errors.DnsDomainNotFound(domain=domain)
    context.session.execute(sa.delete(nm.DnsEntry).where(
        nm.DnsEntry.domain == domain))


@api.reader
def dns_entries(context, domain, name=None, address=None):
    query = sa.select(nm.DnsEntry).where(nm.DnsEntry.domain == domain)
    if name is not None:
        query = query.where(nm.DnsEntry.name == name)
    if address is not None:
        query = query.where(nm.DnsEntry.address == address)
    return context.session.execute(
        query.order_by(nm.DnsEntry.id)).scalars().all()


@api.writer
def dns_entry_put(context, domain, name, address, dns_type):
    if context.session.get(nm.DnsDomain, domain) is None:
        raise errors.DnsDomainNotFound(domain=domain)
    row = context.session.execute(sa.select(nm.DnsEntry).where(
        nm.DnsEntry.domain == domain, nm.DnsEntry.name == name)).scalar()
    if row is None:
        row = nm.DnsEntry(domain=domain, name=name)
        context.session.add(row)
    row.address = address
    row.type = dns_type
    context.session.flush()
    return row


@api.writer
def dns_entry_delete(context, domain, name):
    if not context.session.execute(sa.delete(nm.DnsEntry).where(
            nm.DnsEntry.domain == domain,
            nm.DnsEntry.name == name)).rowcount:
        raise errors.DnsEntryNotFound(domain=domain, name=name)


# The Neutron API's view ------------------------------------------------------

@api.reader
def get_by_uuid(context, floating_uuid):
    return _get_one(context, FIP.uuid == floating_uuid,
                    errors.FloatingIpNotFound, id=floating_uuid)


@api.retry_on_deadlock
@api.writer
def keep_within(context, project_id, address, limit):
    """Recount a project's floating IPs under lock after ours was taken;
    give ours back if the project is over limit. Returns whether ours
    stays.

    Recounts of one project take turns: each locks the project's rows,
    its own (committed) among them, so two recounts always share a row
    and the later one counts what the earlier one kept: parallel
    allocations end with exactly the limit.
    """
    networks_db.read_committed_on_mysql(context)
    rows = sa.select(FIP.id).where(FIP.project_id == project_id,
                                   FIP.deleted == 0).with_for_update()
    context.session.execute(rows).all()
    # Read again once the locks are ours: on PostgreSQL the first read's
    # snapshot predates the wait and misses rows committed meanwhile.
    count = len(context.session.execute(rows).all())
    if limit < 0 or count <= limit:
        return True
    context.session.execute(sa.update(FIP).where(
        FIP.address == address, FIP.project_id == project_id,
        FIP.deleted == 0).values(project_id=None, fixed_ip_id=None,
                                 host=None, auto_assigned=False))
    return False
