"""Queries of auto-allocated topologies: the network each project got.

A project's claim row and its network are written in one transaction.
The claim's primary key is the project id, so of two transactions
allocating for one project the second fails (DBDuplicateEntry) once the
first commits; a claim whose network was deleted since is replaced by a
compare-and-swap UPDATE, which also lets only one of two writers win.
"""

import sqlalchemy as sa

from nova.db import api
from nova.db import network_models as nm
from nova.db import networks as networks_db


class ClaimLost(Exception):
    """Another transaction replaced the stale claim first: read again."""


def _live_network(context, network_uuid):
    return context.session.execute(sa.select(nm.Network).where(
        nm.Network.uuid == network_uuid,
        nm.Network.deleted == 0)).scalar_one_or_none()


@api.reader
def get(context, project_id):
    """(claimed network uuid or None, its network row or None if gone)."""
    claim = context.session.get(nm.AutoAllocatedTopology, project_id)
    if claim is None:
        return None, None
    return claim.network_uuid, _live_network(context, claim.network_uuid)


@api.writer
def create(context, project_id, values):
    """Claim project_id's topology and create its network (networks
    columns in values, uuid included); the project's live network if a
    concurrent request made one first."""
    networks_db.read_committed_on_mysql(context)
    claim = context.session.get(nm.AutoAllocatedTopology, project_id)
    if claim is None:
        context.session.add(nm.AutoAllocatedTopology(
            project_id=project_id, network_uuid=values['uuid']))
        context.session.flush()
    else:
        live = _live_network(context, claim.network_uuid)
        if live is not None:
            return live
        swapped = context.session.execute(
            sa.update(nm.AutoAllocatedTopology).where(
                nm.AutoAllocatedTopology.project_id == project_id,
                nm.AutoAllocatedTopology.network_uuid ==
                claim.network_uuid).values(
                network_uuid=values['uuid'])).rowcount
        if not swapped:
            raise ClaimLost()
    return networks_db.network_create(context, values)


@api.writer
def delete(context, project_id):
    """Forget the project's topology (if any) and delete its network
    (refused with NetworkInUse while a server has an address on it)."""
    claim = context.session.get(nm.AutoAllocatedTopology, project_id)
    if claim is None:
        return
    if _live_network(context, claim.network_uuid) is not None:
        networks_db.network_delete(context, claim.network_uuid)
    context.session.delete(claim)
    context.session.flush()


@api.reader
def used_cidrs(context):
    """The IPv4 ranges networks hold now (a new range must avoid them)."""
    return context.session.execute(sa.select(nm.Network.cidr).where(
        nm.Network.deleted == 0, nm.Network.cidr.is_not(None))).scalars(
    ).all()
