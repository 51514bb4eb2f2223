"""Benchmark of nova-manage db archive_deleted_rows and db purge.

Fills a fresh database (schema by `nova-manage db sync`) with --deleted
deleted servers, each with the rows a real one leaves (fault, metadata,
system metadata, two actions with events, a tag, a block device), and
--live live ones; archives until complete in batches of --max-rows and
purges, checking that every live row stayed; prints one JSON line.

    .venv/bin/python tools/bench/archive_bench.py [--db sqlite|mysql|
        postgresql] [--deleted 10000] [--live 1000] [--max-rows 1000]
"""

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

import sqlalchemy as sa  # noqa: E402

from nova.db import archive  # noqa: E402
from nova.db import models  # noqa: E402

# The rows each server gets besides its instance row: table -> rows.
CHILDREN = {
    'instance_faults': lambda u: [dict(instance_uuid=u, code=500,
                                       message='boom')],
    'instance_metadata': lambda u: [dict(instance_uuid=u, key='k',
                                         value='v')],
    'instance_system_metadata': lambda u: [
        dict(instance_uuid=u, key='image_base', value='x')],
    'tags': lambda u: [dict(resource_id=u, tag='web')],
    'block_device_mapping': lambda u: [
        dict(uuid=str(uuid.uuid4()), instance_uuid=u, boot_index=0,
             source_type='image', destination_type='local')],
}


def populate(engine, deleted, live, chunk=1000):
    """Insert servers: `deleted` deleted a day ago, `live` live ones;
    returns (deleted uuids, live uuids)."""
    tables = models.Base.metadata.tables
    yesterday = (datetime.datetime.utcnow() -
                 datetime.timedelta(days=1)).replace(microsecond=0)
    gone = [str(uuid.uuid4()) for _ in range(deleted)]
    kept = [str(uuid.uuid4()) for _ in range(live)]
    everyone = [(u, True) for u in gone] + [(u, False) for u in kept]
    for start in range(0, len(everyone), chunk):
        part = everyone[start:start + chunk]
        with engine.begin() as conn:
            conn.execute(tables['instances'].insert(), [
                dict(uuid=u, vm_state='deleted' if dead else 'active',
                     deleted=1 if dead else 0,
                     deleted_at=yesterday if dead else None,
                     project_id='p', user_id='u', host='h', node='n')
                for u, dead in part])
            for name, rows in CHILDREN.items():
                conn.execute(tables[name].insert(),
                             [row for u, _ in part for row in rows(u)])
            actions = tables['instance_actions']
            conn.execute(actions.insert(), [
                dict(instance_uuid=u, action=action, request_id='req-' + u)
                for u, _ in part for action in ('create', 'delete')])
            ids = conn.execute(sa.select(actions.c.id).where(
                actions.c.instance_uuid.in_([u for u, _ in part]))).all()
            conn.execute(tables['instance_actions_events'].insert(), [
                dict(action_id=row.id, event='compute_build', result='ok')
                for row in ids])
    return gone, kept


def count(engine, table, column=None, values=None):
    tbl = sa.Table(table, sa.MetaData(), autoload_with=engine)
    query = sa.select(sa.func.count()).select_from(tbl)
    if column is not None:
        query = query.where(tbl.c[column].in_(values))
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--db', default='sqlite',
                        choices=['sqlite', 'mysql', 'postgresql'])
    parser.add_argument('--deleted', type=int, default=10000)
    parser.add_argument('--live', type=int, default=1000)
    parser.add_argument('--max-rows', type=int, default=1000)
    args = parser.parse_args()

    from alembic import command
    from nova.db import migration
    from tests.functional import cloud as cloud_lib

    workdir = tempfile.mkdtemp(prefix='archive-bench-')
    database = cloud_lib.Database(args.db, workdir)
    database.create()
    try:
        engine = sa.create_engine(database.url)
        with engine.begin() as conn:
            command.upgrade(migration._alembic_config(conn), 'head')
        started = time.monotonic()
        gone, kept = populate(engine, args.deleted, args.live)
        filled = time.monotonic() - started

        started = time.monotonic()
        batches, moved = 0, {}
        while True:
            batch = archive.archive_batch(engine, args.max_rows)
            if not batch:
                break
            batches += 1
            for name, rows in batch.items():
                moved[name] = moved.get(name, 0) + rows
        archived = time.monotonic() - started
        live_rows = {name: count(engine, name,
                                 'resource_id' if name == 'tags'
                                 else 'instance_uuid', kept)
                     for name in CHILDREN}
        assert count(engine, 'instances') == len(kept)
        assert all(rows == len(kept) for rows in live_rows.values())

        started = time.monotonic()
        # By date, the path that has to find each instance's rows.
        purged = archive.purge(engine, before=datetime.datetime.utcnow())
        purge_time = time.monotonic() - started
        assert count(engine, 'shadow_instances') == 0
        assert count(engine, 'instances') == len(kept)
        engine.dispose()
    finally:
        database.drop()
    result = {
        'bench': 'archive', 'db': args.db, 'deleted': args.deleted,
        'live': args.live, 'max_rows': args.max_rows,
        'fill_s': round(filled, 2), 'archive_s': round(archived, 2),
        'batches': batches, 'rows_archived': sum(moved.values()),
        'rows_per_s': round(sum(moved.values()) / archived),
        'purge_s': round(purge_time, 2),
        'rows_purged': sum(purged.values()),
        'live_rows_untouched': True}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
