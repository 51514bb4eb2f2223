"""A floating IP of a given address: the pool gives it once, whoever
asks in parallel; what it will not give is told apart (held, or not the
pool's); and the Neutron answers for each."""

import concurrent.futures

import pytest

from nova import context as nova_context
from nova.db import floating_ips as floating_db
from nova.db import routers as routers_db
from nova.network import errors
from nova.network import manage
from nova.network.resources import floating_addresses
from nova.network.resources import ports as ports_res


def test_parallel_requests_for_one_address_give_it_once(any_admin_context):
    ctx = any_admin_context
    manage.create_floating_ips(ctx, '192.0.2.0/28', 'pub', 'eth0')

    def allocate(index):
        try:
            return floating_db.allocate(
                nova_context.get_admin_context(), 'p%d' % index, 'pub',
                address='192.0.2.5').project_id
        except errors.FloatingIpAddressNotFree:
            return None

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(allocate, range(8)))
    winners = [r for r in results if r]
    assert len(winners) == 1
    assert floating_db.get_by_address(ctx, '192.0.2.5').project_id == \
        winners[0]
    # The others' next allocation (any address) still works.
    other = floating_db.allocate(ctx, 'p9', 'pub')
    assert other.address != '192.0.2.5'


def test_taken_and_foreign_addresses(any_admin_context):
    ctx = any_admin_context
    manage.create_floating_ips(ctx, '192.0.2.16/28', 'pub2', 'eth0')
    # A router gateway (or an external port) takes its address out of
    # the pool: no project may have it as a floating IP.
    assert routers_db.take_address(ctx, 'pub2', '192.0.2.20') == \
        '192.0.2.20'
    with pytest.raises(errors.FloatingIpNotFoundForAddress):
        floating_db.allocate(ctx, 'p', 'pub2', address='192.0.2.20')
    with pytest.raises(errors.FloatingIpNotFoundForAddress):
        floating_db.allocate(ctx, 'p', 'pub2', address='198.51.100.1')
    # Given back, it is free again.
    routers_db.give_back(ctx, '192.0.2.20')
    row = floating_db.allocate(ctx, 'p', 'pub2', address='192.0.2.20')
    assert (row.address, row.project_id) == ('192.0.2.20', 'p')
    # Released, another project may take it.
    floating_db.deallocate(ctx, '192.0.2.20')
    assert floating_db.allocate(ctx, 'q', 'pub2',
                                address='192.0.2.20').project_id == 'q'


@pytest.mark.parametrize('cidr,address,expected', [
    ('172.24.4.0/24', '172.24.4.10', True),
    ('172.24.4.0/24', '172.24.4.0', False),
    ('172.24.4.0/24', '172.24.4.255', False),
    ('172.24.4.0/24', '172.24.5.1', False),
    ('172.24.4.0/24', '2001:db8::1', False),
    ('2001:db8::/64', '2001:db8::ffff:ffff:ffff:ffff', True),
    ('2001:db8::/64', '2001:db8::', False),
])
def test_on_subnet_is_neutrons_rule(cidr, address, expected):
    assert floating_addresses.on_subnet(cidr, address) is expected


_SUBNET = {'id': 's1', 'cidr': '172.24.4.0/24', 'ip_version': 4,
           'allocation_pools': [{'start': '172.24.4.2',
                                 'end': '172.24.4.254'}]}


def test_refusals():
    held = errors.FloatingIpAddressNotFree(address='172.24.4.9', pool='p')
    gone = errors.FloatingIpNotFoundForAddress(address='172.24.4.9')
    # In the pools: held by a project, or by a gateway or port: 409.
    for error in (held, gone):
        refusal = floating_addresses.refusal(_SUBNET, '172.24.4.9', error)
        assert isinstance(refusal, ports_res.IpAddressAlreadyAllocated)
        assert refusal.code == 409
    # The subnet's gateway is no floating IP.
    refusal = floating_addresses.refusal(_SUBNET, '172.24.4.1', gone)
    assert isinstance(refusal, floating_addresses.FloatingIpOutsidePools)
    assert refusal.code == 400
    assert '172.24.4.2-172.24.4.254' in refusal.format_message()
    # A pool of no network (nova-manage's): its rows are its addresses.
    assert floating_addresses.refusal(None, '172.24.4.9', held) is held
    assert isinstance(floating_addresses.refusal(None, '10.9.9.9', gone),
                      ports_res.InvalidIpForNetwork)
