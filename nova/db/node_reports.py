"""The resource reports of many compute nodes written in one transaction.

The simulated hosts of a nova-compute process report their nodes in
batches (nova.conductor.host_reports). Written one by one, each node took
a look-up, a create or update and a recount: four or more transactions,
about four nodes a second on a loaded machine. Here a batch is one
transaction: the batch's existing nodes and the usage on them are read
in three queries, the new nodes go in with one INSERT and each existing
node gets one UPDATE of its capacity and recounted usage.
"""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.db import api
from nova.db import instance_migrations
from nova.db import models

# What a report sets on its node as it is (nova.compute.resource_tracker).
REPORTED_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'hypervisor_type',
                   'hypervisor_version', 'cpu_info', 'host_ip',
                   'disk_available_least', 'cpu_allocation_ratio',
                   'ram_allocation_ratio', 'disk_allocation_ratio')


def _key(report):
    return report['host'], report['nodename']


@api.writer
def apply_reports(context, reports):
    """Write each report (nova.compute.resource_tracker.node_report) to
    its node, created if missing, with its usage recounted as
    compute_node_refresh_usage does.

    Returns (rows, stale): the node rows by (host, nodename) as written,
    and the keys of existing nodes a claim or release changed between
    the read and the write here: their report is not written, the caller
    writes it again node by node. A node created meanwhile by another
    report raises DBDuplicateEntry (the whole batch is rolled back).
    """
    session = context.session
    node = models.ComputeNode
    keys = [_key(report) for report in reports]
    hosts = sorted({host for host, _node in keys})
    existing = {(row.host, row.hypervisor_hostname): row
                for row in _nodes_of(session, hosts)}
    usage = _usage_of(session, hosts, keys)
    now = timeutils.utcnow()
    new_rows, stale = [], set()
    for report in reports:
        key = _key(report)
        values = {name: report[name] for name in REPORTED_FIELDS}
        values.update(_recounted(report, usage[key]), updated_at=now)
        row = existing.get(key)
        if row is None:
            values.update(uuid=uuidutils.generate_uuid(), host=key[0],
                          hypervisor_hostname=key[1], created_at=now,
                          service_id=report.get('service_id'), deleted=0,
                          generation=1, current_workload=0, stats='{}')
            new_rows.append(values)
            continue
        # Compare-and-swap on the generation read above, as a recount:
        # a claim committed since then would be counted out.
        result = session.execute(
            sa.update(node).where(node.id == row.id,
                                  node.generation == row.generation)
            .values(generation=row.generation + 1, **values)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            stale.add(key)
    if new_rows:
        session.execute(sa.insert(node.__table__), new_rows)
    session.expire_all()
    written = {(row.host, row.hypervisor_hostname): row
               for row in _nodes_of(session, hosts)}
    return {key: written[key] for key in keys
            if key in written and key not in stale}, stale


def _nodes_of(session, hosts):
    node = models.ComputeNode
    return session.scalars(sa.select(node).where(
        node.host.in_(hosts), node.deleted == 0)).all()


def _usage_of(session, hosts, keys):
    """(count, vcpus, memory_mb, disk_gb) placed and held by moves on each
    node of keys."""
    inst = models.Instance
    placed = {(host, node): (int(count), int(vcpus), int(memory_mb),
                             int(disk_gb))
              for host, node, count, vcpus, memory_mb, disk_gb in
              session.execute(
                  sa.select(inst.host, inst.node, sa.func.count(inst.id),
                            sa.func.coalesce(sa.func.sum(inst.vcpus), 0),
                            sa.func.coalesce(sa.func.sum(inst.memory_mb), 0),
                            sa.func.coalesce(sa.func.sum(inst.root_gb), 0) +
                            sa.func.coalesce(sa.func.sum(inst.ephemeral_gb),
                                             0))
                  .where(inst.host.in_(hosts), inst.deleted == 0)
                  .group_by(inst.host, inst.node))}
    held = instance_migrations.held_on_hosts(session, hosts, keys)
    usage = {}
    for key in keys:
        count, vcpus, memory_mb, disk_gb = placed.get(key, (0, 0, 0, 0))
        moving = held[key]
        usage[key] = (count, vcpus + moving[0], memory_mb + moving[1],
                      disk_gb + moving[2])
    return usage


def _recounted(report, usage):
    count, vcpus, memory_mb, disk_gb = usage
    reserved_vcpus, reserved_memory_mb, reserved_disk_gb = report['reserved']
    memory_used = memory_mb + reserved_memory_mb
    disk_used = disk_gb + reserved_disk_gb
    return {'vcpus_used': vcpus + reserved_vcpus,
            'memory_mb_used': memory_used, 'local_gb_used': disk_used,
            'free_ram_mb': report['memory_mb'] - memory_used,
            'free_disk_gb': report['local_gb'] - disk_used,
            'running_vms': count}
