"""Queries on service records and compute nodes."""

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.db import api
from nova.db import instance_migrations
from nova.db import models
from nova import exception

LOG = logging.getLogger(__name__)


@api.writer
def service_create(context, values):
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = models.Service(**values)
    try:
        context.session.add(row)
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.ServiceExists(host=values.get('host'),
                                      binary=values.get('binary'))
    return row


@api.writer
def service_create_missing(context, hosts, binary, topic, version):
    """The live records of binary on hosts, those missing created at
    version in one INSERT (the simulated hosts of a nova-compute process
    register together): {host: row}. Raises DBDuplicateEntry when another
    process created one of them meanwhile."""
    svc = models.Service
    query = sa.select(svc).where(svc.host.in_(sorted(set(hosts))),
                                 svc.binary == binary, svc.deleted == 0)
    found = {row.host for row in context.session.scalars(query)}
    now = timeutils.utcnow()
    missing = [{'uuid': uuidutils.generate_uuid(), 'host': host,
                'binary': binary, 'topic': topic, 'version': version,
                'created_at': now, 'deleted': 0, 'report_count': 0,
                'disabled': False, 'forced_down': False}
               for host in sorted(set(hosts) - found)]
    if missing:
        context.session.execute(sa.insert(svc.__table__), missing)
    context.session.expire_all()
    return {row.host: row for row in context.session.scalars(query)}


def _service_query(context):
    return api.read_deleted_filter(context, models.Service,
                                   sa.select(models.Service))


@api.reader
def service_get(context, service_id):
    row = context.session.scalars(
        _service_query(context).where(models.Service.id == service_id)).first()
    return api.not_found_unless(row, exception.ServiceNotFound,
                                service_id=service_id)


@api.reader
def service_get_by_uuid(context, service_uuid):
    row = context.session.scalars(_service_query(context).where(
        models.Service.uuid == service_uuid)).first()
    return api.not_found_unless(row, exception.ServiceNotFound,
                                service_id=service_uuid)


@api.reader
def service_get_by_host_and_binary(context, host, binary):
    row = context.session.scalars(_service_query(context).where(
        models.Service.host == host,
        models.Service.binary == binary)).first()
    return api.not_found_unless(row, exception.ServiceNotFound,
                                service_id='%s/%s' % (host, binary))


@api.reader
def service_get_all(context, binary=None, host=None, disabled=None):
    query = _service_query(context)
    if binary is not None:
        query = query.where(models.Service.binary == binary)
    if host is not None:
        query = query.where(models.Service.host == host)
    if disabled is not None:
        query = query.where(models.Service.disabled == disabled)
    return context.session.scalars(query.order_by(models.Service.id)).all()


@api.reader
def service_get_minimum_version(context, binary):
    """The oldest version among the live records of binary (None when
    there is none); forced-down services count, as they come back."""
    return context.session.scalar(
        sa.select(sa.func.min(models.Service.version)).where(
            models.Service.binary == binary,
            models.Service.deleted == 0))


@api.writer
def service_update(context, service_id, values):
    row = service_get(context, service_id)
    row.update(values)
    context.session.flush()
    return row


@api.writer
def service_heartbeat(context, service_id):
    """Record that a service is alive; one UPDATE, no read.

    Only last_seen_up moves: updated_at stays the time of the last real
    change (disable, enable, force down), which is how readers of changes
    (host_states.services) tell them from heartbeats. Comparing the two
    times instead loses a change made in the same second as a heartbeat
    (MySQL keeps whole seconds) or followed by one before the next read.
    """
    now = timeutils.utcnow()
    svc = models.Service
    # updated_at kept explicitly: its onupdate default would move it.
    context.session.execute(
        sa.update(svc).where(svc.id == service_id).values(
            updated_at=svc.updated_at, last_seen_up=now,
            report_count=svc.report_count + 1))
    return now


@api.writer
def service_heartbeat_many(context, service_ids):
    """service_heartbeat of many services in one UPDATE (the simulated
    hosts of a nova-compute process beat together)."""
    now = timeutils.utcnow()
    svc = models.Service
    if service_ids:
        context.session.execute(
            sa.update(svc).where(svc.id.in_(list(service_ids))).values(
                updated_at=svc.updated_at, last_seen_up=now,
                report_count=svc.report_count + 1))
    return now


@api.writer
def service_destroy(context, service_id):
    row = service_get(context, service_id)
    api.soft_delete(context.session, row)
    for node in context.session.scalars(sa.select(models.ComputeNode).where(
            models.ComputeNode.service_id == service_id,
            models.ComputeNode.deleted == 0)):
        api.soft_delete(context.session, node)


def _node_query(context):
    return api.read_deleted_filter(context, models.ComputeNode,
                                   sa.select(models.ComputeNode))


@api.writer
def compute_node_create(context, values):
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = models.ComputeNode(**values)
    try:
        context.session.add(row)
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.ComputeNodeExists(host=values.get('host'))
    return row


@api.reader
def compute_node_get(context, node_id):
    row = context.session.scalars(_node_query(context).where(
        models.ComputeNode.id == node_id)).first()
    return api.not_found_unless(row, exception.ComputeHostNotFound,
                                host=node_id)


@api.reader
def compute_node_get_by_host_and_nodename(context, host, nodename):
    row = context.session.scalars(_node_query(context).where(
        models.ComputeNode.host == host,
        models.ComputeNode.hypervisor_hostname == nodename)).first()
    return api.not_found_unless(row, exception.ComputeHostNotFound,
                                host='%s/%s' % (host, nodename))


@api.reader
def compute_node_get_all(context, host=None):
    """Every compute node in one query (the scheduler's bulk load)."""
    query = _node_query(context)
    if host is not None:
        query = query.where(models.ComputeNode.host == host)
    return context.session.scalars(query.order_by(models.ComputeNode.id)).all()


@api.writer
def compute_node_update(context, node_id, values):
    values = dict(values)
    values['generation'] = models.ComputeNode.generation + 1
    values['updated_at'] = timeutils.utcnow()
    context.session.execute(
        sa.update(models.ComputeNode)
        .where(models.ComputeNode.id == node_id).values(**values))
    return compute_node_get(context, node_id)


# Claims, recounts and instance writes of parallel boots touch the same
# rows in different orders; InnoDB then rolls one back as a deadlock
# victim, and the transaction can simply run again.
@api.retry_on_deadlock
@api.writer
def compute_node_claim_row(context, node_id, instance_uuid, vcpus,
                           memory_mb, disk_gb):
    """Take resources on a node for an instance if they still fit.

    One conditional UPDATE checks capacity against the allocation ratios in
    the database itself, so schedulers in several processes never
    overcommit a node between reading and claiming; the instance is placed
    on the node in the same transaction. Returns the node row as the claim
    left it (its generation marks this claim), or None when it did not fit.
    """
    node = models.ComputeNode
    result = context.session.execute(
        sa.update(node).where(
            node.id == node_id, node.deleted == 0,
            node.vcpus_used + vcpus <= node.vcpus * node.cpu_allocation_ratio,
            node.memory_mb_used + memory_mb <=
            node.memory_mb * node.ram_allocation_ratio,
            node.local_gb_used + disk_gb <=
            node.local_gb * node.disk_allocation_ratio)
        .values(vcpus_used=node.vcpus_used + vcpus,
                memory_mb_used=node.memory_mb_used + memory_mb,
                local_gb_used=node.local_gb_used + disk_gb,
                free_ram_mb=node.free_ram_mb - memory_mb,
                free_disk_gb=node.free_disk_gb - disk_gb,
                running_vms=node.running_vms + 1,
                generation=node.generation + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    row = context.session.scalars(
        sa.select(node).where(node.id == node_id)).one()
    context.session.execute(
        sa.update(models.Instance)
        # A server being moved stays where it is until it lands; its
        # migration record holds the claim (instance_migrations).
        .where(models.Instance.uuid == instance_uuid,
               models.Instance.host.is_(None))
        .values(host=row.host, node=row.hypervisor_hostname,
                launched_on=row.host, updated_at=timeutils.utcnow())
        .execution_options(synchronize_session=False))
    return row


def compute_node_claim(context, node_id, instance_uuid, vcpus, memory_mb,
                       disk_gb):
    """compute_node_claim_row as True when claimed, False otherwise."""
    return compute_node_claim_row(context, node_id, instance_uuid, vcpus,
                                  memory_mb, disk_gb) is not None


REFRESH_ATTEMPTS = 5


def compute_node_refresh_usage(context, node_id, reserved_vcpus=0,
                               reserved_memory_mb=0, reserved_disk_gb=0):
    """Recount a node's usage from the instances placed on it.

    The count is written only if the node's generation is still the one
    read with it (claims, releases and moves all bump it), and tried again
    otherwise: a recount whose reads missed a claim committing meanwhile
    would lower the usage below what is placed on the node and let the
    next claim overcommit it.
    """
    for _attempt in range(REFRESH_ATTEMPTS):
        node = _refresh_usage_once(context, node_id, reserved_vcpus,
                                   reserved_memory_mb, reserved_disk_gb)
        if node is not None:
            return node
    LOG.info('Usage of compute node %s kept changing during %d recounts; '
             'left as the claims wrote it', node_id, REFRESH_ATTEMPTS)
    return compute_node_get(context, node_id)


@api.retry_on_deadlock
@api.writer
def _refresh_usage_once(context, node_id, reserved_vcpus, reserved_memory_mb,
                        reserved_disk_gb):
    """One recount, compare-and-swap on the generation; None if it lost."""
    node = models.ComputeNode
    inst = models.Instance
    row = compute_node_get(context, node_id)
    generation = row.generation
    on_node = sa.and_(inst.host == row.host,
                      inst.node == row.hypervisor_hostname,
                      inst.deleted == 0)
    count, vcpus, memory_mb, disk_gb = context.session.execute(
        sa.select(sa.func.count(inst.id),
                  sa.func.coalesce(sa.func.sum(inst.vcpus), 0),
                  sa.func.coalesce(sa.func.sum(inst.memory_mb), 0),
                  sa.func.coalesce(sa.func.sum(inst.root_gb), 0) +
                  sa.func.coalesce(sa.func.sum(inst.ephemeral_gb), 0))
        .where(on_node)).one()
    # Moves in flight (resize, migrations, evacuation) hold room too.
    moving_vcpus, moving_memory_mb, moving_disk_gb = \
        instance_migrations.held_on_node(context.session, row.host,
                                         row.hypervisor_hostname)
    memory_used = int(memory_mb) + reserved_memory_mb + moving_memory_mb
    disk_used = int(disk_gb) + reserved_disk_gb + moving_disk_gb
    result = context.session.execute(
        sa.update(node).where(node.id == node_id,
                              node.generation == generation).values(
            vcpus_used=int(vcpus) + reserved_vcpus + moving_vcpus,
            memory_mb_used=memory_used,
            local_gb_used=disk_used,
            free_ram_mb=node.memory_mb - memory_used,
            free_disk_gb=node.local_gb - disk_used,
            running_vms=int(count),
            generation=generation + 1,
            updated_at=timeutils.utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    context.session.expire_all()
    return compute_node_get(context, node_id)
