"""A router's gateway address leaves the external network's floating
pool while the router holds it and comes back when it lets go; a subnet
is an interface of one router at most, on every database."""

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import pytest

from nova.db import floating_ips as floating_db
from nova.db import routers as routers_db
from nova.network.resources import networks as networks_res
from nova.network.resources import subnets as subnets_res


def _external(ctx):
    network = networks_res.create(ctx, {'label': 'ext', 'project_id': None,
                                        'router_external': True})
    subnets_res.create(ctx, network, {'ip_version': 4,
                                      'cidr': '192.0.2.0/29'})
    return network


def _free(ctx):
    return sorted(r.address for r in floating_db.get_all(ctx)
                  if r.project_id is None)


def _router(ctx, **values):
    return routers_db.create(ctx, dict(
        {'uuid': uuidutils.generate_uuid(), 'project_id': 'p'}, **values),
        -1)


def test_gateway_addresses_leave_and_return_to_the_pool(any_admin_context):
    ctx = any_admin_context
    _external(ctx)
    before = _free(ctx)
    assert before == ['192.0.2.%d' % i for i in range(2, 7)]
    taken = routers_db.take_address(ctx, 'ext', '192.0.2.4')
    assert taken == '192.0.2.4' and '192.0.2.4' not in _free(ctx)
    # Nobody takes it twice, and projects cannot allocate it.
    assert routers_db.take_address(ctx, 'ext', '192.0.2.4') is None
    row = _router(ctx, gateway_network_id='n', gateway_ip=taken)
    # Moving the gateway gives the old address back.
    other = routers_db.take_address(ctx, 'ext')
    routers_db.set_gateway(ctx, row.uuid, {'gateway_ip': other})
    assert '192.0.2.4' in _free(ctx) and other not in _free(ctx)
    assert routers_db.delete(ctx, row.uuid)
    assert _free(ctx) == before


def test_a_subnet_is_on_one_router(any_admin_context):
    ctx = any_admin_context
    first, second = _router(ctx), _router(ctx)
    values = {'subnet_id': 's-1', 'network_id': 'n-1', 'cidr': '10.9.0.0/24',
              'ip_address': '10.9.0.1', 'mac_address': 'fa:16:3e:00:00:01'}
    routers_db.add_interface(ctx, first.uuid, dict(values, port_id='p-1'))
    with pytest.raises(db_exc.DBDuplicateEntry):
        routers_db.add_interface(ctx, second.uuid,
                                 dict(values, port_id='p-2'))
    # A router with an interface stays.
    assert not routers_db.delete(ctx, first.uuid)
    routers_db.remove_interface(ctx, 'p-1')
    assert routers_db.delete(ctx, first.uuid)


def test_the_router_quota_counts_the_project(any_admin_context):
    ctx = any_admin_context
    assert routers_db.create(ctx, {'uuid': 'r-1', 'project_id': 'q'}, 1)
    assert routers_db.create(ctx, {'uuid': 'r-2', 'project_id': 'q'},
                             1) is None
    assert routers_db.create(ctx, {'uuid': 'r-3', 'project_id': 'o'}, 1)


def test_archiving_keeps_a_routers_gateway_address(any_admin_context):
    """The gateway address is a soft-deleted floating IP row: archiving
    it would lose it from the pool for good when the router lets go."""
    from nova.db import api as db_api
    from nova.db import archive
    ctx = any_admin_context
    _external(ctx)
    before = _free(ctx)
    taken = routers_db.take_address(ctx, 'ext')
    row = _router(ctx, gateway_network_id='n', gateway_ip=taken)
    while archive.archive_batch(db_api.get_engine()):
        pass
    assert routers_db.delete(ctx, row.uuid)
    assert _free(ctx) == before
