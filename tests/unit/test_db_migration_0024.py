"""Migration 0024 on SQLite, MariaDB and PostgreSQL: routers keep their
IPv4 gateway, and a gateway's IPv6 addresses get their own table, one
row per address, an address held by one gateway at most."""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
import pytest
import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import migration

ROUTER = '6c9f2a8b-1111-4222-8333-944455556666'
SUBNET = '6c9f2a8b-1111-4222-8333-000000000006'


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def at_0023(request, conf, tmp_path):
    from tests.functional import cloud
    database = cloud.Database(request.param, str(tmp_path))
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url)
    restore = db_api.context_manager.patch_factory(factory)
    migration.db_sync('0023')
    yield
    restore()
    database.drop()


def _gateway_ip(conn, router_id, address):
    conn.execute(sa.text(
        "INSERT INTO router_gateway_ips (router_id, subnet_id, "
        "ip_address) VALUES (:router, :subnet, :address)"),
        {'router': router_id, 'subnet': SUBNET, 'address': address})


def test_routers_keep_their_gateway_and_get_ipv6_rows(at_0023):
    with db_api.get_engine().begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO routers (id, uuid, name, description, "
            "admin_state_up, gateway_network_id, gateway_ip, enable_snat) "
            "VALUES (1, :uuid, 'r', '', :up, 'net', '203.0.113.5', :up)"),
            {'uuid': ROUTER, 'up': True})
    migration.db_sync()
    with db_api.get_engine().begin() as conn:
        assert conn.execute(sa.text(
            'SELECT gateway_ip FROM routers')).scalar() == '203.0.113.5'
        _gateway_ip(conn, 1, 'fd00::5')
        _gateway_ip(conn, 1, 'fd00::6')
        rows = conn.execute(sa.text(
            'SELECT router_id, subnet_id, ip_address FROM '
            'router_gateway_ips ORDER BY id')).all()
    assert [tuple(r) for r in rows] == [(1, SUBNET, 'fd00::5'),
                                        (1, SUBNET, 'fd00::6')]
    # One gateway per address of a subnet.
    with pytest.raises(db_exc.DBDuplicateEntry):
        with db_api.get_engine().begin() as conn:
            _gateway_ip(conn, 1, 'fd00::5')


def test_rows_need_a_router(at_0023):
    migration.db_sync()
    engine = db_api.get_engine()
    columns = {c['name'] for c in sa.inspect(engine).get_columns(
        'router_gateway_ips')}
    assert columns == {'id', 'router_id', 'subnet_id', 'ip_address',
                       'created_at', 'updated_at'}
    foreign = sa.inspect(engine).get_foreign_keys('router_gateway_ips')
    assert [(f['referred_table'], f['constrained_columns'])
            for f in foreign] == [('routers', ['router_id'])]
