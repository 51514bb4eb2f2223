"""Claims on compute nodes are atomic and usage is recounted from rows."""

import concurrent.futures
import threading
import time

from oslo_utils import uuidutils

from nova import context as nova_context
from nova.db import api as db_api
from nova.db import instances as instances_db
from nova.db import services as services_db


def _node(ctx, memory_mb=4096, vcpus=4, local_gb=100):
    return services_db.compute_node_create(ctx, {
        'host': 'h1', 'hypervisor_hostname': 'h1', 'hypervisor_type': 'fake',
        'vcpus': vcpus, 'memory_mb': memory_mb, 'local_gb': local_gb,
        'free_ram_mb': memory_mb, 'free_disk_gb': local_gb,
        'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def _instance(ctx, memory_mb=1024, vcpus=1, root_gb=10):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'user_id': 'u',
        'memory_mb': memory_mb, 'vcpus': vcpus, 'root_gb': root_gb,
        'ephemeral_gb': 0, 'vm_state': 'building'})
    return uuid


def test_claim_places_instance_and_refuses_overcommit(any_admin_context):
    node = _node(any_admin_context)
    uuids = [_instance(any_admin_context) for _ in range(5)]
    results = [services_db.compute_node_claim(any_admin_context, node.id, u, 1,
                                              1024, 10) for u in uuids]
    assert results == [True, True, True, True, False]
    placed = instances_db.instance_get_by_uuid(any_admin_context, uuids[0])
    assert (placed.host, placed.node) == ('h1', 'h1')
    refused = instances_db.instance_get_by_uuid(any_admin_context, uuids[4])
    assert refused.host is None
    row = services_db.compute_node_get(any_admin_context, node.id)
    assert (row.memory_mb_used, row.vcpus_used, row.running_vms) == (4096, 4,
                                                                     4)


def test_concurrent_claims_never_overcommit(any_admin_context):
    node = _node(any_admin_context, memory_mb=8192, vcpus=64)
    uuids = [_instance(any_admin_context) for _ in range(20)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(
            lambda u: services_db.compute_node_claim(
                any_admin_context, node.id, u, 1, 1024, 1), uuids))
    assert results.count(True) == 8
    row = services_db.compute_node_get(any_admin_context, node.id)
    assert row.memory_mb_used == 8192


def test_refresh_usage_recounts_from_instances(any_admin_context):
    node = _node(any_admin_context)
    uuid = _instance(any_admin_context, memory_mb=2048, vcpus=2, root_gb=20)
    assert services_db.compute_node_claim(any_admin_context, node.id, uuid, 2,
                                          2048, 20)
    instances_db.instance_destroy(any_admin_context, uuid)
    row = services_db.compute_node_refresh_usage(
        any_admin_context, node.id, reserved_memory_mb=512)
    assert (row.memory_mb_used, row.vcpus_used, row.local_gb_used,
            row.running_vms) == (512, 0, 0, 0)
    assert row.free_ram_mb == 4096 - 512


def test_destroy_frees_the_node_in_the_same_transaction(any_admin_context):
    """Regression: after a delete the API showed 404 for the server while
    its host still counted it, because the usage recount ran after the
    delete's commit; the release now shares the delete's transaction."""
    node = _node(any_admin_context)
    uuid = _instance(any_admin_context, memory_mb=2048, vcpus=2, root_gb=20)
    assert services_db.compute_node_claim(any_admin_context, node.id, uuid,
                                          2, 2048, 20)
    instances_db.instance_destroy(any_admin_context, uuid)
    row = services_db.compute_node_get(any_admin_context, node.id)
    assert (row.memory_mb_used, row.vcpus_used, row.local_gb_used,
            row.running_vms) == (0, 0, 0, 0)


def test_refresh_never_drops_a_claim_committed_during_its_count(
        any_admin_context, any_db, monkeypatch):
    """Regression: with two schedulers filling hosts on MariaDB, a host
    showed 19 running servers of 20 placed. The compute's usage recount
    read the instances in a snapshot taken before a concurrent claim
    committed, then wrote the lower count over the claim, leaving room for
    one server too many. The recount now writes only if the node's
    generation is unchanged since its reads, and counts again otherwise.
    """
    import pytest
    from nova.db import instance_migrations
    if any_db == 'sqlite':
        pytest.skip('SQLite serializes writers: a claim cannot commit '
                    'inside the recount transaction')
    node = _node(any_admin_context)
    first, second = _instance(any_admin_context), _instance(any_admin_context)
    assert services_db.compute_node_claim(any_admin_context, node.id, first,
                                          1, 1024, 10)
    real_held_on_node = instance_migrations.held_on_node
    claimed, pool = threading.Event(), concurrent.futures.ThreadPoolExecutor(1)

    def claim_and_commit_late():
        # Another scheduler's claim, committed only after the recount has
        # started writing (and so waits for this transaction's lock).
        ctx = nova_context.get_admin_context()
        with db_api.context_manager.writer.using(ctx):
            assert services_db.compute_node_claim(ctx, node.id, second, 1,
                                                  1024, 10)
            claimed.set()
            time.sleep(1)
        return True

    def claim_meanwhile(session, host, nodename):
        if not claimed.is_set():
            raced.append(pool.submit(claim_and_commit_late))
            assert claimed.wait(30)
        return real_held_on_node(session, host, nodename)

    raced = []
    monkeypatch.setattr(instance_migrations, 'held_on_node',
                        claim_meanwhile)
    row = services_db.compute_node_refresh_usage(any_admin_context, node.id)
    assert raced[0].result(timeout=30)
    pool.shutdown()
    assert (row.running_vms, row.vcpus_used, row.memory_mb_used,
            row.local_gb_used) == (2, 2, 2048, 20)
