"""The auto-allocated topology on SQLite, MariaDB and PostgreSQL: one
network per project however many requests race, ranges that overlap no
other network, a deleted network replaced, an exhausted or empty pool
refused. Over HTTP: tests/functional/test_microversions_237_244.py."""

import concurrent.futures
import ipaddress

import pytest

from nova.db import networks as networks_db
from nova.network import auto_allocate
from nova.network import errors
from nova.network import manage


def _own(context, project_id):
    return networks_db.network_get_all(context, project_id=project_id)


def test_parallel_requests_make_one_network(any_admin_context, conf):
    context = any_admin_context
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        networks = list(pool.map(
            lambda _: auto_allocate.get_or_create_topology(context, 'p1'),
            range(4)))
    (network,) = _own(context, 'p1')
    assert {n.uuid for n in networks} == {network.uuid}
    assert network.label == auto_allocate.NETWORK_NAME
    assert ipaddress.ip_network(network.cidr).prefixlen == 24
    # Two projects at once get ranges apart.
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        pair = list(pool.map(
            lambda p: auto_allocate.get_or_create_topology(context, p),
            ('p2', 'p3')))
    cidrs = {n.cidr for n in pair} | {network.cidr}
    assert len(cidrs) == 3


def test_ranges_avoid_other_networks_and_run_out(admin_context, conf):
    conf.set_override('auto_allocate_pool', '10.9.0.0/23', 'network')
    manage.create_networks(admin_context, 'taken', '10.9.0.0/24')
    network = auto_allocate.get_or_create_topology(admin_context, 'p1')
    assert network.cidr == '10.9.1.0/24'
    assert network.project_id == 'p1'
    with pytest.raises(errors.AutoAllocationFailure) as error:
        auto_allocate.check_requirements(admin_context)
    assert 'no free /24' in str(error.value)
    with pytest.raises(errors.AutoAllocationFailure):
        auto_allocate.get_or_create_topology(admin_context, 'p2')
    conf.set_override('auto_allocate_pool', '', 'network')
    with pytest.raises(errors.AutoAllocationFailure) as error:
        auto_allocate.get_or_create_topology(admin_context, 'p2')
    assert 'off' in str(error.value)


def test_a_deleted_network_is_replaced(admin_context, conf):
    first = auto_allocate.get_or_create_topology(admin_context, 'p1')
    networks_db.network_delete(admin_context, first.uuid)
    assert auto_allocate.get_topology(admin_context, 'p1') is None
    second = auto_allocate.get_or_create_topology(admin_context, 'p1')
    assert second.uuid != first.uuid
    assert auto_allocate.get_topology(admin_context, 'p1').uuid == \
        second.uuid
    auto_allocate.delete_topology(admin_context, 'p1')
    auto_allocate.delete_topology(admin_context, 'p1')
    assert _own(admin_context, 'p1') == []
