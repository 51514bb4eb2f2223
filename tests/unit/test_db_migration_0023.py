"""Migration 0023 on SQLite, MariaDB and PostgreSQL: existing rules are
ingress, and each live security group gets its two allow-all egress
rules as rows with the ids the Neutron API showed for them before."""

from oslo_db.sqlalchemy import enginefacade
import pytest
import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import migration

GROUP = '5b8e1f7a-1111-4222-8333-944455556666'
GONE = '5b8e1f7a-1111-4222-8333-000000000002'
# What the Neutron API showed for GROUP's synthetic egress rules before
# 0023 (computed by the code it replaces).
SHOWN = {'IPv4': '0f68922b-dbb7-5d5d-8abb-38e062103dcd',
         'IPv6': '870a22f4-e057-58c3-82e0-2a5ce21b62c2'}


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def at_0022(request, conf, tmp_path):
    from tests.functional import cloud
    database = cloud.Database(request.param, str(tmp_path))
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url)
    restore = db_api.context_manager.patch_factory(factory)
    migration.db_sync('0022')
    yield
    restore()
    database.drop()


def _group(conn, row_id, group_uuid, deleted=0):
    conn.execute(sa.text(
        "INSERT INTO security_groups (id, uuid, name, project_id, "
        "created_at, deleted) VALUES (:id, :uuid, :name, 'p', "
        "'2026-01-02 03:04:05', :deleted)"),
        {'id': row_id, 'uuid': group_uuid, 'name': 'g%d' % row_id,
         'deleted': deleted})


def test_egress_rules_become_rows_with_the_ids_shown(at_0022):
    with db_api.get_engine().begin() as conn:
        _group(conn, 1, GROUP)
        _group(conn, 2, GONE, deleted=2)
        conn.execute(sa.text(
            "INSERT INTO security_group_rules (parent_group_id, protocol, "
            "from_port, to_port, cidr, uuid) VALUES (1, 'tcp', 22, 22, "
            "'0.0.0.0/0', 'ssh')"))
    migration.db_sync()
    with db_api.get_engine().connect() as conn:
        rows = conn.execute(sa.text(
            'SELECT parent_group_id, direction, ethertype, protocol, '
            'from_port, cidr, group_id, uuid, created_at '
            'FROM security_group_rules ORDER BY id')).all()
    assert [tuple(r[:8]) for r in rows] == [
        (1, 'ingress', None, 'tcp', 22, '0.0.0.0/0', None, 'ssh'),
        (1, 'egress', 'IPv4', None, None, None, None, SHOWN['IPv4']),
        (1, 'egress', 'IPv6', None, None, None, None, SHOWN['IPv6'])]
    # The rules are as old as their group (no rows for deleted groups).
    assert str(rows[1].created_at).startswith('2026-01-02 03:04:05')


def test_new_rows_default_to_ingress(at_0022):
    migration.db_sync()
    with db_api.get_engine().begin() as conn:
        _group(conn, 1, GROUP)
        conn.execute(sa.text(
            "INSERT INTO security_group_rules (parent_group_id, protocol, "
            "uuid) VALUES (1, 'icmp', 'ping')"))
        direction = conn.execute(sa.text(
            "SELECT direction FROM security_group_rules WHERE "
            "uuid = 'ping'")).scalar()
    assert direction == 'ingress'
