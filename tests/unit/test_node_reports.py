"""Node reports of many simulated hosts written in bulk (one transaction
per batch), on SQLite, MariaDB and PostgreSQL: new and existing nodes,
usage recounted as a node's own report would, and the conflicts (a
report racing another, a claim during the report, a node known
already)."""

import contextlib

from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.compute import resource_tracker
from nova.conductor import host_reports
from nova.db import api as db_api
from nova.db import instances as instances_db
from nova.db import node_reports
from nova.db import services as services_db
from nova import objects
from nova.virt import hardware


def _resources(vcpus=8):
    return hardware.HostResources(
        vcpus=vcpus, memory_mb=4096, local_gb=100, vcpus_used=0,
        memory_mb_used=0, local_gb_used=0, hypervisor_type='fake',
        hypervisor_version=1000, hypervisor_hostname='n',
        cpu_info='{}', disk_available_least=100)


def _reports(count, vcpus=8, service_id=7):
    return [resource_tracker.node_report('h%d' % i, 'h%d' % i,
                                         _resources(vcpus), service_id)
            for i in range(count)]


def _place(ctx, host, vcpus=2, memory_mb=512):
    instances_db.instance_create(ctx, {
        'uuid': uuidutils.generate_uuid(), 'project_id': 'p',
        'user_id': 'u', 'memory_mb': memory_mb, 'vcpus': vcpus,
        'root_gb': 10, 'ephemeral_gb': 0, 'vm_state': 'active',
        'host': host, 'node': host})


@contextlib.contextmanager
def _commits():
    """Count the transactions committed meanwhile."""
    counted = []
    engine = db_api.get_engine()

    def count(conn):
        counted.append(1)
    sa.event.listen(engine, 'commit', count)
    try:
        yield counted
    finally:
        sa.event.remove(engine, 'commit', count)


def _stored(ctx):
    return {n.host: n for n in objects.ComputeNodeList.get_all(ctx)}


def test_a_batch_is_one_transaction_new_or_known(any_admin_context, conf):
    ctx = any_admin_context
    _place(ctx, 'h3')
    with _commits() as commits:
        nodes = host_reports.report_compute_nodes(ctx, _reports(40))
    assert len(commits) == 1
    assert [n.host for n in nodes] == ['h%d' % i for i in range(40)]
    assert len({n.id for n in nodes}) == 40
    stored = _stored(ctx)
    reserved = conf.reserved_host_memory_mb
    # Usage counted at once, as a node's own first report did.
    assert (stored['h3'].vcpus_used, stored['h3'].memory_mb_used,
            stored['h3'].running_vms) == (2, 512 + reserved, 1)
    assert stored['h3'].free_ram_mb == 4096 - 512 - reserved
    assert stored['h0'].free_ram_mb == 4096 - reserved
    assert stored['h0'].service_id == 7 and stored['h0'].uuid
    with _commits() as commits:
        again = host_reports.report_compute_nodes(ctx, _reports(40, 16))
    assert len(commits) == 1
    assert [n.id for n in again] == [n.id for n in nodes]
    assert {n.vcpus for n in _stored(ctx).values()} == {16}
    assert all(n.generation > m.generation for n, m in zip(again, nodes))


def test_a_node_another_report_created_meanwhile_is_updated(
        any_admin_context, monkeypatch):
    """Two reports of a new node racing: the one that loses the insert
    (duplicate key) reads the node again and updates it."""
    ctx = any_admin_context
    first = host_reports.report_compute_nodes(ctx, _reports(3))
    real = node_reports._nodes_of
    missed = []

    def not_seen_yet(session, hosts):
        if not missed:
            missed.append(hosts)
            return []
        return real(session, hosts)
    monkeypatch.setattr(node_reports, '_nodes_of', not_seen_yet)
    nodes = host_reports.report_compute_nodes(ctx, _reports(4, vcpus=12))
    assert missed
    assert [n.id for n in nodes[:3]] == [n.id for n in first]
    stored = _stored(ctx)
    assert len(stored) == 4 and {n.vcpus for n in stored.values()} == {12}


def test_a_claim_during_the_report_is_kept(any_admin_context, monkeypatch):
    """A node whose generation moved between the read and the write is
    written again alone, its usage recounted with the claim."""
    ctx = any_admin_context
    host_reports.report_compute_nodes(ctx, _reports(2))
    _place(ctx, None)
    real = node_reports._usage_of

    def with_claim(session, hosts, keys):
        usage = real(session, hosts, keys)
        # What a claim committing now does to h1 (in this transaction: on
        # SQLite another writer would wait for it).
        session.execute(sa.text(
            "UPDATE instances SET host = 'h1', node = 'h1'"))
        session.execute(sa.text(
            "UPDATE compute_nodes SET generation = generation + 1 "
            "WHERE host = 'h1'"))
        return usage
    monkeypatch.setattr(node_reports, '_usage_of', with_claim)
    nodes = host_reports.report_compute_nodes(ctx, _reports(2))
    assert [n.host for n in nodes] == ['h0', 'h1']
    stored = _stored(ctx)
    assert (stored['h1'].running_vms, stored['h1'].vcpus_used) == (1, 2)
    assert stored['h0'].running_vms == 0


def test_a_node_known_for_another_service_or_host(any_admin_context):
    """A node already recorded (by an earlier service of the host) is
    updated in place; the same node name on another host is a node of its
    own."""
    ctx = any_admin_context
    old = services_db.compute_node_create(ctx, {
        'host': 'h0', 'hypervisor_hostname': 'h0', 'service_id': 3,
        'hypervisor_type': 'fake', 'vcpus': 1, 'memory_mb': 1,
        'local_gb': 1, 'cpu_allocation_ratio': 1.0,
        'ram_allocation_ratio': 1.0, 'disk_allocation_ratio': 1.0})
    other_host = resource_tracker.node_report('h9', 'h0', _resources(), 8)
    nodes = host_reports.report_compute_nodes(
        ctx, _reports(1) + [other_host])
    assert nodes[0].id == old.id and nodes[0].vcpus == 8
    assert nodes[1].id != old.id
    assert [(n.host, n.hypervisor_hostname) for n in nodes] == [
        ('h0', 'h0'), ('h9', 'h0')]
    assert len(objects.ComputeNodeList.get_all(ctx)) == 2
