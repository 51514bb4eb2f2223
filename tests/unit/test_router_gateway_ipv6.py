"""A router's gateway on a dual-stack external network, on every
database: it holds an address of each family, the data plane NATs to
the IPv4 one only, and the router's delete gives the IPv4 address back
to the floating pool and deletes the IPv6 one's claim (an IPv6 address
never enters the pool)."""

import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import floating_ips as floating_db
from nova.db import network_models as nm
from nova.network.resources import networks as networks_res
from nova.network.resources import routers as routers_res
from nova.network.resources import subnets as subnets_res


def _network(ctx, label, external, *cidrs):
    network = networks_res.create(ctx, {
        'label': label, 'project_id': None, 'router_external': external})
    for cidr in cidrs:
        subnets_res.create(ctx, network, {
            'ip_version': 6 if ':' in cidr else 4, 'cidr': cidr,
            'enable_dhcp': False})
    return networks_res.get(ctx, network.uuid)


def _pool(ctx):
    return sorted(r.address for r in floating_db.get_all(ctx)
                  if r.project_id is None)


def _live_v6_claims(ctx):
    @db_api.reader
    def read(context):
        return context.session.execute(sa.select(nm.FixedIp.address).where(
            nm.FixedIp.deleted == 0,
            nm.FixedIp.address.contains(':'))).scalars().all()
    return read(ctx)


def test_dual_stack_gateway_nats_to_its_ipv4_address(any_admin_context):
    ctx = any_admin_context
    external = _network(ctx, 'ext-dual', True, '192.0.2.0/29',
                        'fd00:5::/64')
    inside = _network(ctx, 'inside', False, '10.20.0.0/24')
    pool = _pool(ctx)
    row = routers_res.create(ctx, {
        'project_id': 'p', 'name': 'r', 'description': '',
        'admin_state_up': True,
        'external_gateway_info': {'network_id': external.uuid}})
    fixed = routers_res.gateway_info(ctx, row)['external_fixed_ips']
    v4, v6 = [f['ip_address'] for f in fixed]
    assert (row.gateway_ip, ':' in v6) == (v4, True)
    assert _live_v6_claims(ctx) == [v6]
    [subnet_id] = subnets_res.ids_of(ctx, inside)
    routers_res.add_interface(ctx, row, subnet_id=subnet_id)
    [by_cidr] = routers_res.data_plane(ctx, [inside.uuid]).values()
    plane = by_cidr['10.20.0.0/24']
    assert (plane['gateway_ip'], plane['forwarding'], plane['cidrs']) == (
        v4, True, ['10.20.0.0/24'])
    routers_res.remove_interface(ctx, row, subnet_id=subnet_id)
    routers_res.delete(ctx, row)
    assert _pool(ctx) == pool and _live_v6_claims(ctx) == []
