"""Queries of servers' interfaces as the Neutron API's ports."""

import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova.db import network_models as nm

VIF = nm.VirtualInterface


@api.reader
def ports(context, project_id=None, vif_uuid=None):
    """[(vif, network, instance, [fixed ip rows])] of live servers'
    interfaces, of one project or one interface if asked."""
    query = sa.select(VIF, nm.Network, models.Instance).join(
        nm.Network, nm.Network.id == VIF.network_id).join(
        models.Instance, models.Instance.uuid == VIF.instance_uuid).where(
        VIF.deleted == 0, models.Instance.deleted == 0).order_by(VIF.id)
    if project_id is not None:
        query = query.where(models.Instance.project_id == project_id)
    if vif_uuid is not None:
        query = query.where(VIF.uuid == vif_uuid)
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
