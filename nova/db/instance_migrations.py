"""Queries on migration records (resizes, cold and live migrations,
evacuations) and the resources a move in flight holds on a node."""

from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.compute import task_states
from nova.compute import vm_states
from nova.db import api
from nova.db import models
from nova import exception

# Statuses after which a migration holds nothing anywhere. An evacuation
# is 'done' once the guest runs on its new host; 'completed' once the old
# host has cleaned up what was left there.
FINISHED_STATUSES = ('confirmed', 'reverted', 'error', 'failed',
                     'completed', 'done', 'cancelled')

# Statuses in which a resized or cold-migrated server still holds its old
# flavor on the source host: from the move until confirm or revert.
SOURCE_HELD_STATUSES = ('finished', 'confirming', 'reverting')

RESIZE_TYPES = ('resize', 'migration')

# A migration holds room only while its server is still moving (or
# RESIZED, awaiting confirm): a server some failure or restart left in
# another state releases it even if its migration record was not ended.
_MOVING_TASK_STATES = (
    task_states.RESIZE_PREP, task_states.RESIZE_MIGRATING,
    task_states.RESIZE_MIGRATED, task_states.RESIZE_FINISH,
    task_states.RESIZE_REVERTING, task_states.RESIZE_CONFIRMING,
    task_states.MIGRATING, task_states.REBUILDING)


@api.writer
def migration_create(context, values):
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = models.Migration(**values)
    context.session.add(row)
    context.session.flush()
    return row


def _query(context):
    return api.read_deleted_filter(context, models.Migration,
                                   sa.select(models.Migration))


@api.reader
def migration_get(context, migration_id):
    row = context.session.scalars(_query(context).where(
        models.Migration.id == migration_id)).first()
    return api.not_found_unless(row, exception.MigrationNotFound,
                                migration_id=migration_id)


@api.writer
def migration_update_if_status(context, migration_id, expected, status):
    """Set the migration's status if it is one of expected (one UPDATE,
    so of two racing changes one wins); True if it was."""
    result = context.session.execute(
        sa.update(models.Migration)
        .where(models.Migration.id == migration_id,
               models.Migration.status.in_(list(expected)))
        .values(status=status, updated_at=timeutils.utcnow())
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


@api.writer
def migration_update(context, migration_id, values):
    row = migration_get(context, migration_id)
    values = dict(values)
    values['updated_at'] = timeutils.utcnow()
    row.update(values)
    context.session.flush()
    return row


def _filtered(context, instance_uuid=None, source_compute=None,
              migration_type=None, status=None, host=None, user_id=None,
              project_id=None):
    query = _query(context)
    # Who started the move (API 2.80).
    if user_id is not None:
        query = query.where(models.Migration.user_id == user_id)
    if project_id is not None:
        query = query.where(models.Migration.project_id == project_id)
    if host is not None:
        query = query.where(sa.or_(models.Migration.source_compute == host,
                                   models.Migration.dest_compute == host))
    if instance_uuid is not None:
        query = query.where(models.Migration.instance_uuid == instance_uuid)
    if source_compute is not None:
        query = query.where(
            models.Migration.source_compute == source_compute)
    if migration_type is not None:
        query = query.where(
            models.Migration.migration_type == migration_type)
    if status is not None:
        statuses = [status] if isinstance(status, str) else list(status)
        query = query.where(models.Migration.status.in_(statuses))
    return query


@api.reader
def migration_get_all(context, instance_uuid=None, source_compute=None,
                      migration_type=None, status=None, host=None):
    """Migrations matching every filter given, oldest first; status may
    be one status or a list of them; host matches source or destination."""
    query = _filtered(context, instance_uuid, source_compute,
                      migration_type, status, host)
    return context.session.scalars(
        query.order_by(models.Migration.id)).all()


@api.reader
def migration_get_page(context, limit=None, marker=None, changes_since=None,
                       changes_before=None, **filters):
    """Migrations matching the filters (as migration_get_all), newest
    first (created_at, then id), after the one whose uuid is marker,
    updated (or created) at or after changes_since and at or before
    changes_before, at most limit."""
    query = _filtered(context, **filters)
    changed = sa.func.coalesce(models.Migration.updated_at,
                               models.Migration.created_at)
    if changes_since is not None:
        query = query.where(changed >= changes_since)
    if changes_before is not None:
        query = query.where(changed <= changes_before)
    if marker is not None:
        mark = context.session.scalars(_query(context).where(
            models.Migration.uuid == marker)).first()
        if mark is None:
            raise exception.MarkerNotFound(marker=marker)
        query = query.where(sa.or_(
            models.Migration.created_at < mark.created_at,
            sa.and_(models.Migration.created_at == mark.created_at,
                    models.Migration.id < mark.id)))
    query = query.order_by(models.Migration.created_at.desc(),
                           models.Migration.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return context.session.scalars(query).all()


def _flavor_size(text):
    if not text:
        return None
    data = jsonutils.loads(text)['nova_object.data']
    return (data['vcpus'], data['memory_mb'],
            data['root_gb'] + data['ephemeral_gb'])


def _moves_in_flight(session, where):
    mig = models.Migration
    inst = models.Instance
    return session.execute(
        sa.select(mig, inst.host, inst.node).join(
            inst, inst.uuid == mig.instance_uuid).where(
            mig.deleted == 0, inst.deleted == 0,
            mig.status.not_in(FINISHED_STATUSES),
            sa.or_(inst.vm_state == vm_states.RESIZED,
                   inst.task_state.in_(_MOVING_TASK_STATES)),
            where)).all()


def held_on_node(session, host, node):
    """(vcpus, memory_mb, disk_gb) that moves in flight hold on a node
    beyond what the instances placed on it count.

    A server being moved counts on the node it is placed on with its
    current flavor. Its destination holds the new flavor until the server
    lands there, and a resized server's source keeps the old flavor until
    confirm or revert. A same-host resize holds both flavors on the host.
    Deleted servers, and servers no longer moving, hold nothing.
    """
    mig = models.Migration
    return held_on_nodes([(host, node)], _moves_in_flight(
        session, sa.or_(
            sa.and_(mig.dest_compute == host, mig.dest_node == node),
            sa.and_(mig.source_compute == host,
                    mig.source_node == node))))[(host, node)]


def held_on_hosts(session, hosts, nodes):
    """held_on_node of each (host, node) of nodes, whose hosts are all in
    hosts, read in one query: {(host, node): (vcpus, memory_mb,
    disk_gb)}."""
    mig = models.Migration
    hosts = sorted(set(hosts))
    return held_on_nodes(nodes, _moves_in_flight(
        session, sa.or_(mig.dest_compute.in_(hosts),
                        mig.source_compute.in_(hosts))))


def held_on_nodes(nodes, rows):
    """What the moves of rows (_moves_in_flight) hold on each of nodes."""
    totals = {key: (0, 0, 0) for key in nodes}
    for migration, inst_host, inst_node in rows:
        for key in {(migration.dest_compute, migration.dest_node),
                    (migration.source_compute, migration.source_node)}:
            if key not in totals:
                continue
            size = _held_by(migration, (inst_host, inst_node) == key, *key)
            if size:
                totals[key] = tuple(a + b for a, b in zip(totals[key], size))
    return totals


def _held_by(migration, placed_here, host, node):
    at_dest = (migration.dest_compute, migration.dest_node) == (host, node)
    at_source = (migration.source_compute,
                 migration.source_node) == (host, node)
    resize = migration.migration_type in RESIZE_TYPES
    finished = migration.status in SOURCE_HELD_STATUSES
    if at_dest and not placed_here:
        return _flavor_size(migration.new_flavor or migration.old_flavor)
    if at_source and not placed_here and resize and finished:
        return _flavor_size(migration.old_flavor)
    if at_source and at_dest and resize:
        # Same host: the flavor the instance does not count itself.
        return _flavor_size(migration.old_flavor if finished
                            else migration.new_flavor)
    return None
