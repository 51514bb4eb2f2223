"""Bulk queries behind the scheduler's in-memory host states.

Each function is one query whatever the number of hosts. The *_since
variants return deleted rows too, so the caller can forget them.
"""

import sqlalchemy as sa

from nova.db import api
from nova.db import models


def _changed_since(model, since):
    return sa.or_(model.updated_at >= since, model.created_at >= since,
                  model.deleted_at >= since)


def _columns(model):
    # Plain rows (tuples with attribute access), not ORM objects: several
    # times cheaper to fetch, and comparable to skip unchanged ones.
    return sa.select(*model.__table__.columns)


@api.reader
def compute_nodes(context, since=None):
    """Live compute nodes, or every node (deleted too) changed since."""
    query = _columns(models.ComputeNode)
    if since is None:
        query = query.where(models.ComputeNode.deleted == 0)
    else:
        query = query.where(_changed_since(models.ComputeNode, since))
    return context.session.execute(
        query.order_by(models.ComputeNode.id)).all()


SERVICE_COLUMNS = ('id', 'host', 'disabled', 'disabled_reason',
                   'forced_down', 'last_seen_up', 'created_at',
                   'updated_at', 'deleted')


def _service_query(binary):
    table = models.Service.__table__
    return sa.select(*(table.c[name] for name in SERVICE_COLUMNS)).where(
        models.Service.binary == binary)


@api.reader
def services(context, binary, since=None):
    """Live services of binary, or every one (deleted too) changed since
    by anything but a heartbeat.

    A heartbeat moves last_seen_up alone; any other change (disable,
    force down) moves updated_at (see services.service_heartbeat).
    Skipping heartbeats keeps this small: thousands of hosts beat every
    few seconds (see service_liveness).
    """
    svc = models.Service
    query = _service_query(binary)
    if since is None:
        query = query.where(svc.deleted == 0)
    else:
        query = query.where(sa.or_(
            svc.created_at >= since, svc.deleted_at >= since,
            svc.updated_at >= since))
    return context.session.execute(query).all()


@api.reader
def service_liveness(context, binary):
    """(host, last_seen_up) of every live service of binary."""
    svc = models.Service
    return context.session.execute(
        sa.select(svc.host, svc.last_seen_up).where(
            svc.binary == binary, svc.deleted == 0)).all()


@api.reader
def placed_instances(context, since=None):
    """(uuid, host, instance_type_id, task_state, deleted) of instances on
    a host, or of every instance (deleted or unplaced too) changed since."""
    inst = models.Instance
    query = sa.select(inst.uuid, inst.host, inst.instance_type_id,
                      inst.task_state, inst.deleted)
    if since is None:
        query = query.where(inst.deleted == 0, inst.host.is_not(None))
    else:
        query = query.where(_changed_since(inst, since))
    return context.session.execute(query).all()
