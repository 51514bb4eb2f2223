"""Archive and purge on a migrated SQLite database: deleted servers move
with everything that only describes them, live rows stay, guards keep
what a live instance needs, purge empties the shadow tables."""

import datetime
import uuid

from alembic import command
import pytest
import sqlalchemy as sa

from nova.db import archive
from nova.db import migration
from nova.db import models
from tools.bench import archive_bench


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine('sqlite:///%s' % (tmp_path / 'nova.sqlite'))
    with engine.begin() as conn:
        command.upgrade(migration._alembic_config(conn), 'head')
    yield engine
    engine.dispose()


def _archive_all(engine, max_rows=1000, before=None):
    moved = {}
    while True:
        batch = archive.archive_batch(engine, max_rows, before)
        if not batch:
            return moved
        for name, rows in batch.items():
            moved[name] = moved.get(name, 0) + rows


def test_every_table_with_deleted_rows_or_an_instance_is_decided():
    """A new table with a deleted flag or an instance_uuid column must be
    archived or listed in NOT_ARCHIVED with a reason."""
    archived = set(archive.archived_tables())
    for table in models.Base.metadata.sorted_tables:
        columns = set(table.c.keys())
        if {'deleted', 'instance_uuid'} & columns:
            assert (table.name in archived or
                    table.name in archive.NOT_ARCHIVED), table.name


def test_shadow_tables_have_the_live_columns(engine):
    inspector = sa.inspect(engine)
    for name in archive.archived_tables():
        live = {c['name'] for c in inspector.get_columns(name)}
        shadow = {c['name'] for c in inspector.get_columns('shadow_' + name)}
        assert live == shadow, name
    # Idempotent: nothing to add after a sync.
    with engine.begin() as conn:
        assert archive.sync_shadow_tables(conn) == []


def test_deleted_servers_move_in_batches_and_live_ones_stay(engine):
    gone, kept = archive_bench.populate(engine, deleted=25, live=5)
    moved = _archive_all(engine, max_rows=10)
    assert moved['instances'] == 25
    for name in archive_bench.CHILDREN:
        assert moved[name] == 25, name
    assert moved['instance_actions'] == 50
    assert moved['instance_actions_events'] == 50
    assert archive_bench.count(engine, 'instances') == 5
    assert archive_bench.count(engine, 'shadow_instances', 'uuid',
                               gone) == 25
    for name in archive_bench.CHILDREN:
        column = 'resource_id' if name == 'tags' else 'instance_uuid'
        assert archive_bench.count(engine, name, column, kept) == 5, name
        assert archive_bench.count(engine, name, column, gone) == 0, name
    assert _archive_all(engine) == {}

    assert archive.purge(engine, before=datetime.datetime(2000, 1, 1)) == {}
    purged = archive.purge(engine)
    assert purged['instances'] == 25
    assert archive_bench.count(engine, 'shadow_instances') == 0
    assert archive_bench.count(engine, 'shadow_instance_faults') == 0
    assert archive_bench.count(engine, 'instances') == 5


def test_before_keeps_what_was_deleted_later(engine):
    archive_bench.populate(engine, deleted=3, live=0)
    two_days_ago = datetime.datetime.utcnow() - datetime.timedelta(days=2)
    assert _archive_all(engine, before=two_days_ago) == {}
    assert _archive_all(engine)['instances'] == 3
    # Purge by date takes the instance and, as orphans, its children.
    purged = archive.purge(engine, before=datetime.datetime.utcnow())
    assert purged['instances'] == 3 and purged['instance_faults'] == 3


def _insert(engine, table, **values):
    tbl = models.Base.metadata.tables[table]
    with engine.begin() as conn:
        return conn.execute(tbl.insert().values(**values)
                            ).inserted_primary_key[0]


def test_guards_keep_what_a_live_instance_needs(engine):
    now = datetime.datetime.utcnow()
    live = str(uuid.uuid4())
    _insert(engine, 'instances', uuid=live, host='h1', node='n1',
            vm_state='active')
    node = dict(host='h1', hypervisor_hostname='n1', hypervisor_type='fake',
                vcpus=1, memory_mb=1, local_gb=1, cpu_allocation_ratio=1,
                ram_allocation_ratio=1, disk_allocation_ratio=1,
                deleted_at=now)
    needed = _insert(engine, 'compute_nodes', uuid=str(uuid.uuid4()),
                     **node)
    node['host'] = 'h2'
    unused = _insert(engine, 'compute_nodes', uuid=str(uuid.uuid4()),
                     **node)
    group = _insert(engine, 'security_groups', name='web', project_id='p',
                    uuid=str(uuid.uuid4()), deleted_at=now)
    _insert(engine, 'security_group_instance_association',
            security_group_id=group, instance_uuid=live)
    with engine.begin() as conn:
        for table, row_id in (('compute_nodes', needed),
                              ('compute_nodes', unused),
                              ('security_groups', group)):
            conn.execute(sa.text('UPDATE %s SET deleted = id WHERE id = :i'
                                 % table), {'i': row_id})
    moved = _archive_all(engine)
    assert moved == {'compute_nodes': 1}
    assert archive_bench.count(engine, 'compute_nodes', 'id',
                               [needed]) == 1
    assert archive_bench.count(engine, 'security_groups', 'id',
                               [group]) == 1
