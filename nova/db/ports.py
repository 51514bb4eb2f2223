"""Queries of ports: the guests' interfaces (virtual_interfaces rows),
with or without a server.

A port holds its addresses by their fixed_ips rows pointing at it
(virtual_interface_id), with instance_uuid set while it is on a server;
addresses are claimed by networks_db's conditional UPDATE of a free row,
so parallel creates never share one.
"""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova.db import network_models as nm
from nova.db import address_allocation as allocate_db
from nova.db import networks as networks_db
from nova.network import errors

VIF = nm.VirtualInterface
PORT_GROUP = nm.PortSecurityGroup
_OWNER = sa.func.coalesce(VIF.project_id, models.Instance.project_id)


@api.reader
def ports(context, project_id=None, vif_uuid=None, device_id=None):
    """[(vif, network, instance or None, [fixed ip rows])] of live ports,
    of one project, one port or one device if asked."""
    query = sa.select(VIF, nm.Network, models.Instance).join(
        nm.Network, nm.Network.id == VIF.network_id).outerjoin(
        models.Instance, models.Instance.uuid == VIF.instance_uuid).where(
        VIF.deleted == 0, sa.or_(VIF.instance_uuid.is_(None),
                                 models.Instance.deleted == 0)
    ).order_by(VIF.id)
    if project_id is not None:
        query = query.where(_OWNER == project_id)
    if vif_uuid is not None:
        query = query.where(VIF.uuid == vif_uuid)
    if device_id is not None:
        query = query.where(sa.or_(VIF.instance_uuid == device_id,
                                   VIF.device_id == device_id))
    rows = context.session.execute(query).all()
    fixed = {}
    if rows:
        for row in context.session.execute(sa.select(nm.FixedIp).where(
                nm.FixedIp.virtual_interface_id.in_([v.id for v, _n, _i
                                                     in rows]),
                nm.FixedIp.deleted == 0).order_by(nm.FixedIp.id)).scalars():
            fixed.setdefault(row.virtual_interface_id, []).append(row)
    return [(v, n, i, fixed.get(v.id, [])) for v, n, i in rows]


@api.reader
def vif_uuids_of_fixed_ips(context, fixed_ip_ids):
    """{fixed ip id: uuid of the interface holding it}."""
    if not fixed_ip_ids:
        return {}
    return dict(context.session.execute(
        sa.select(nm.FixedIp.id, VIF.uuid).join(
            VIF, VIF.id == nm.FixedIp.virtual_interface_id).where(
            nm.FixedIp.id.in_(list(fixed_ip_ids)))).all())


def _count(context, project_id):
    return context.session.execute(
        sa.select(sa.func.count()).select_from(VIF).outerjoin(
            models.Instance, models.Instance.uuid == VIF.instance_uuid)
        .where(VIF.deleted == 0, _OWNER == project_id,
               sa.or_(VIF.instance_uuid.is_(None),
                      models.Instance.deleted == 0))).scalar()


@api.reader
def count_by_project(context, project_id):
    return _count(context, project_id)


@api.retry_on_deadlock
@api.writer
def keep_within(context, project_id, vif_uuid, limit):
    """Recount a project's ports under lock after ours was made; delete
    ours if the project is over limit. Returns whether ours stays.

    Recounts of one project take turns: each locks the ports the project
    made through the API, its own (committed) among them, so two recounts
    share a row and the later one counts what the earlier one kept.
    """
    networks_db.read_committed_on_mysql(context)
    rows = sa.select(VIF.id).where(VIF.project_id == project_id,
                                   VIF.deleted == 0).with_for_update()
    context.session.execute(rows).all()
    # Count again once the locks are ours: on PostgreSQL the first read's
    # snapshot predates the wait.
    if limit < 0 or _count(context, project_id) <= limit:
        return True
    allocate_db.release_vifs(context, sa.select(VIF).where(
        VIF.uuid == vif_uuid, VIF.deleted == 0))
    context.session.execute(sa.delete(PORT_GROUP).where(
        PORT_GROUP.port_id.in_(sa.select(VIF.id).where(
            VIF.uuid == vif_uuid))))
    return False


@api.reader
def group_ids_of(context, vif_ids):
    """{vif id: [security group ids]} of ports' own groups."""
    result = {i: [] for i in vif_ids}
    if vif_ids:
        for port_id, group_id in context.session.execute(
                sa.select(PORT_GROUP.port_id, PORT_GROUP.security_group_id)
                .where(PORT_GROUP.port_id.in_(list(vif_ids)))
                .order_by(PORT_GROUP.id)):
            result[port_id].append(group_id)
    return result


@api.reader
def group_ids_by_uuid(context, vif_uuids):
    """{port uuid: [its own security group ids]}."""
    if not vif_uuids:
        return {}
    ids = dict(context.session.execute(sa.select(VIF.id, VIF.uuid).where(
        VIF.uuid.in_(list(vif_uuids)), VIF.deleted == 0)).all())
    return {ids[k]: v for k, v in group_ids_of(context, list(ids)).items()}


def owner(row):
    """The project of a ports() row: its own, or its server's."""
    vif, _network, instance, _fixed = row
    return vif.project_id or (instance.project_id if instance else None)


def _set_groups(context, vif_id, group_ids):
    context.session.execute(sa.delete(PORT_GROUP).where(
        PORT_GROUP.port_id == vif_id))
    now = timeutils.utcnow()
    for group_id in dict.fromkeys(group_ids):
        context.session.add(PORT_GROUP(port_id=vif_id,
                                       security_group_id=group_id,
                                       created_at=now))


@api.retry_on_deadlock
@api.writer
def create(context, network_id, values, addresses, group_ids):
    """A port on the network (row id) on no server; values: its columns
    (address: a MAC or None), addresses: [address or None for any free],
    group_ids: its security groups. Returns its uuid."""
    networks_db.read_committed_on_mysql(context)
    network = context.session.get(nm.Network, network_id)
    values = dict(values, address=allocate_db.free_mac(
        context, values.get('address')))
    vif = VIF(uuid=uuidutils.generate_uuid(), network_id=network.id,
              instance_uuid=None, **values)
    context.session.add(vif)
    context.session.flush()
    allocate_db.claim_addresses(context, network, vif, addresses)
    _set_groups(context, vif.id, group_ids)
    return vif.uuid


def _live(context, vif_uuid):
    row = context.session.execute(sa.select(VIF).where(
        VIF.uuid == vif_uuid, VIF.deleted == 0).with_for_update()).scalar()
    return api.not_found_unless(row, errors.PortNotFound, port_id=vif_uuid)


@api.retry_on_deadlock
@api.writer
def update(context, vif_uuid, values, add=(), remove=(), group_ids=None):
    """Change a port's columns, claim the addresses of add (address or
    None), give back those of remove, replace its groups if given."""
    networks_db.read_committed_on_mysql(context)
    vif = _live(context, vif_uuid)
    if remove:
        allocate_db.free_addresses(context, vif, remove)
    if add:
        network = context.session.get(nm.Network, vif.network_id)
        allocate_db.claim_addresses(context, network, vif, add)
    if group_ids is not None:
        _set_groups(context, vif.id, group_ids)
    vif.update(dict(values, updated_at=timeutils.utcnow()))
    context.session.flush()
    return vif.instance_uuid


@api.writer
def delete(context, vif_uuid):
    """Delete a port and give back its addresses; returns the uuid of the
    server it was on, or None."""
    vif = _live(context, vif_uuid)
    instance_uuid = vif.instance_uuid
    context.session.execute(sa.delete(PORT_GROUP).where(
        PORT_GROUP.port_id == vif.id))
    vif.preserve_on_delete = False
    context.session.flush()
    allocate_db.release_vifs(context, sa.select(VIF).where(
        VIF.id == vif.id))
    return instance_uuid
