"""Migration 0025 on SQLite, MariaDB and PostgreSQL: instances get the
indexes of a servers list's order (newest first, per project and for
every project) in place of (project_id, deleted), and MariaDB reads a
project's page in that order instead of sorting the project's servers."""

from oslo_db.sqlalchemy import enginefacade
import pytest
import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import migration

PROJECT = 'p0025'


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def at_0024(request, conf, tmp_path):
    from tests.functional import cloud
    database = cloud.Database(request.param, str(tmp_path))
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url)
    restore = db_api.context_manager.patch_factory(factory)
    migration.db_sync('0024')
    yield request.param
    restore()
    database.drop()


def _indexes(engine):
    return {i['name']: i['column_names']
            for i in sa.inspect(engine).get_indexes('instances')}


def test_list_order_indexes_replace_the_project_one(at_0024):
    with db_api.get_engine().begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO instances (uuid, project_id, deleted, created_at, "
            "power_state, locked) VALUES ('u-1', :project, 0, "
            "'2026-12-07 23:00:00', 0, :no)"),
            {'project': PROJECT, 'no': False})
    migration.db_sync()
    engine = db_api.get_engine()
    indexes = _indexes(engine)
    assert 'instances_project_id_deleted_idx' not in indexes
    assert indexes['instances_project_id_deleted_created_at_idx'] == [
        'project_id', 'deleted', 'created_at', 'id']
    assert indexes['instances_deleted_created_at_idx'] == [
        'deleted', 'created_at', 'id']
    with engine.begin() as conn:
        assert conn.execute(sa.text(
            'SELECT uuid FROM instances WHERE project_id = :project'),
            {'project': PROJECT}).scalar() == 'u-1'


def test_mariadb_reads_a_page_in_index_order(at_0024):
    if at_0024 != 'mysql':
        pytest.skip('the plan of MariaDB')
    migration.db_sync()
    with db_api.get_engine().begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO instances (uuid, project_id, deleted, created_at, "
            "power_state, locked) VALUES (:uuid, :project, 0, :created, 0, "
            "0)"),
            [{'uuid': 'u-%d' % i, 'project': PROJECT if i % 2 else 'other',
              'created': '2026-12-07 %02d:%02d:00' % (i // 60 % 24, i % 60)}
             for i in range(400)])
        conn.execute(sa.text('ANALYZE TABLE instances'))
        plan = conn.execute(sa.text(
            'EXPLAIN SELECT uuid, display_name FROM instances WHERE '
            'project_id = :project AND deleted = 0 ORDER BY created_at '
            'DESC, id DESC LIMIT 100'), {'project': PROJECT}).mappings().one()
    assert plan['key'] == 'instances_project_id_deleted_created_at_idx'
    assert 'filesort' not in (plan['Extra'] or '')
