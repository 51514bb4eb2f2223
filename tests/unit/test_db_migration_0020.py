"""Migration 0020 on SQLite, MariaDB and PostgreSQL: a fixed IP is
unique within its network only, so two networks may hold the same
address (allow_overlapping_ips), and rows made before survive."""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
import pytest
import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import migration


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def at_0019(request, conf, tmp_path):
    from tests.functional import cloud
    database = cloud.Database(request.param, str(tmp_path))
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url)
    restore = db_api.context_manager.patch_factory(factory)
    migration.db_sync('0019')
    yield
    restore()
    database.drop()


def _network(conn, row_id):
    conn.execute(sa.text(
        "INSERT INTO networks (id, uuid, label, injected, cidr, multi_host, "
        "enable_dhcp, share_address, router_external, admin_state_up, "
        "deleted) VALUES (:id, :uuid, 'n', false, '10.0.0.0/30', false, "
        "true, false, false, true, 0)"),
        {'id': row_id, 'uuid': '00000000-0000-0000-0000-%012d' % row_id})


def _fixed(conn, network_id, address, deleted=0):
    conn.execute(sa.text(
        "INSERT INTO fixed_ips (address, network_id, allocated, leased, "
        "reserved, deleted) VALUES (:a, :n, false, false, false, :d)"),
        {'a': address, 'n': network_id, 'd': deleted})


def _unique_constraints(engine):
    return {tuple(c['column_names']): c['name']
            for c in sa.inspect(engine).get_unique_constraints('fixed_ips')}


def test_same_address_on_two_networks_after_0020(at_0019):
    engine = db_api.get_engine()
    with engine.begin() as conn:
        _network(conn, 1)
        _network(conn, 2)
        _fixed(conn, 1, '10.0.0.2')
        _fixed(conn, 1, '10.0.0.2', deleted=7)
    # Before: the address is unique across networks.
    with pytest.raises(db_exc.DBDuplicateEntry):
        with engine.begin() as conn:
            _fixed(conn, 2, '10.0.0.2')
    migration.db_sync()
    engine = db_api.get_engine()
    assert _unique_constraints(engine) == {
        ('network_id', 'address', 'deleted'):
            'uniq_fixed_ips0network_id0address0deleted'}
    with engine.begin() as conn:
        _fixed(conn, 2, '10.0.0.2')
    # Within one network it stays unique (live rows).
    with pytest.raises(db_exc.DBDuplicateEntry):
        with engine.begin() as conn:
            _fixed(conn, 1, '10.0.0.2')
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            'SELECT network_id, deleted FROM fixed_ips WHERE address = '
            "'10.0.0.2' ORDER BY network_id, deleted")).all()
    assert [tuple(r) for r in rows] == [(1, 0), (1, 7), (2, 0)]


def test_0021_one_range_lock_row(at_0019):
    migration.db_sync()
    with db_api.get_engine().connect() as conn:
        rows = conn.execute(sa.text(
            'SELECT id, generation FROM network_range_locks')).all()
    assert [tuple(r) for r in rows] == [(1, 0)]
