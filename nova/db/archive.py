"""Database hygiene: move soft-deleted rows to shadow tables (archive) and
delete them from there (purge), as `nova-manage db archive_deleted_rows`
and `nova-manage db purge` do.

What moves, in batches of at most max_rows parents, one transaction a
batch:
- a deleted instance with everything that only describes it (faults,
  metadata, actions and their events, tags, block devices, VIFs, console
  tokens, group memberships, security group links, volume attachments,
  migrations);
- deleted rows of the standalone tables, with their children, unless a
  live row still needs them (a compute node a live instance is on, a
  security group or server group a live instance belongs to, a volume with
  a live snapshot);
- soft-deleted rows of the instance-owned tables that have a deleted flag
  (a detached volume's block device, an old VIF), even for live instances:
  nothing reads a deleted row of those.
Rows that are never archived are listed in NOT_ARCHIVED with the reason.

Shadow tables (shadow_<table>) have the live table's columns and primary
key, no other constraint; sync_shadow_tables() creates and extends them
after every schema migration (nova/db/migrations/env.py).
"""

import collections

import sqlalchemy as sa

# (child table, its column holding the instance uuid); moved before the
# instance. instance_actions_events go with their action (by action_id).
INSTANCE_CHILDREN = (
    ('instance_faults', 'instance_uuid'),
    ('instance_metadata', 'instance_uuid'),
    ('instance_system_metadata', 'instance_uuid'),
    ('instance_actions', 'instance_uuid'),
    ('tags', 'resource_id'),
    ('block_device_mapping', 'instance_uuid'),
    ('virtual_interfaces', 'instance_uuid'),
    ('console_auth_tokens', 'instance_uuid'),
    ('instance_group_member', 'instance_uuid'),
    ('security_group_instance_association', 'instance_uuid'),
    ('volume_attachments', 'instance_uuid'),
    ('migrations', 'instance_uuid'),
    ('request_specs', 'instance_uuid'),
)
ACTION_EVENTS = ('instance_actions_events', 'action_id')

# table -> (children [(table, column referencing table.id)], guard): the
# guard is a SQL condition on the table (alias "t") true when a live row
# still needs the deleted one.
STANDALONE = collections.OrderedDict([
    ('services', ((), None)),
    ('compute_nodes', ((), 'EXISTS (SELECT 1 FROM instances i WHERE '
                           'i.deleted = 0 AND i.host = t.host AND '
                           'i.node = t.hypervisor_hostname)')),
    ('key_pairs', ((), None)),
    ('aggregates', ((('aggregate_hosts', 'aggregate_id'),
                     ('aggregate_metadata', 'aggregate_id')), None)),
    ('instance_groups', ((('instance_group_policy', 'group_id'),
                          ('instance_group_member', 'group_id')),
                         'EXISTS (SELECT 1 FROM instance_group_member m '
                         'JOIN instances i ON i.uuid = m.instance_uuid '
                         'WHERE m.group_id = t.id AND i.deleted = 0)')),
    ('security_groups', ((('security_group_rules', 'parent_group_id'),
                          ('security_group_instance_association',
                           'security_group_id')),
                         'EXISTS (SELECT 1 FROM '
                         'security_group_instance_association a '
                         'JOIN instances i ON i.uuid = a.instance_uuid '
                         'WHERE a.security_group_id = t.id AND '
                         'i.deleted = 0)')),
    # A router's gateway address is a floating IP row taken out of its
    # pool (soft-deleted) until the router gives it back
    # (nova.db.routers).
    ('floating_ips', ((), 'EXISTS (SELECT 1 FROM routers r WHERE '
                          'r.gateway_ip = t.address)')),
    ('volume_snapshots', ((), None)),
    ('volumes', ((), 'EXISTS (SELECT 1 FROM volume_snapshots s WHERE '
                     's.volume_uuid = t.uuid AND s.deleted = 0)')),
])

# Instance-owned tables with a deleted flag: their deleted rows go even
# while the instance lives.
DELETED_CHILD_ROWS = ('block_device_mapping', 'virtual_interfaces',
                      'volume_attachments', 'migrations')

# Tables with a deleted flag that stay, and why (a test keeps this list
# and the schema in step).
NOT_ARCHIVED = {
    'networks': 'address pools: a deleted network\'s fixed IP rows are '
                'kept for the addresses\' history and reuse',
    'fixed_ips': 'pool rows, reused by later instances',
    'subnets': 'address ranges: a deleted subnet\'s fixed IP rows point '
               'at it',
    'volume_types': 'volumes keep pointing at their type',
    'request_specs': 'deleted with its instance (instance_destroy): no '
                     'row outlives a live instance',
}


def archived_tables():
    """Every table that has a shadow table."""
    names = ['instances', ACTION_EVENTS[0]]
    names += [table for table, _ in INSTANCE_CHILDREN]
    for table, (children, _) in STANDALONE.items():
        names.append(table)
        names += [child for child, _ in children]
    return sorted(set(names))


def _shadow_column(column):
    return sa.Column(column.name, column.type,
                     primary_key=column.primary_key,
                     autoincrement=False,
                     nullable=column.nullable or not column.primary_key)


def sync_shadow_tables(conn):
    """Create missing shadow tables and add columns the live tables
    gained; returns the names of what it created or extended."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    inspector = sa.inspect(conn)
    existing = set(inspector.get_table_names())
    operations = Operations(MigrationContext.configure(conn))
    changed = []
    for name in archived_tables():
        if name not in existing:
            continue
        live = sa.Table(name, sa.MetaData(), autoload_with=conn)
        shadow_name = 'shadow_' + name
        if shadow_name not in existing:
            sa.Table(shadow_name, sa.MetaData(),
                     *[_shadow_column(c) for c in live.columns]).create(conn)
            changed.append(shadow_name)
            continue
        have = {c['name'] for c in inspector.get_columns(shadow_name)}
        for column in live.columns:
            if column.name not in have:
                operations.add_column(shadow_name, sa.Column(
                    column.name, column.type, nullable=True))
                changed.append('%s.%s' % (shadow_name, column.name))
    return changed


class _Tables:
    """The live and shadow tables, reflected once per run."""

    def __init__(self, conn):
        self.meta = sa.MetaData()
        names = set(sa.inspect(conn).get_table_names())
        wanted = [n for n in archived_tables() if n in names]
        self.meta.reflect(bind=conn, only=wanted + [
            'shadow_' + n for n in wanted if 'shadow_' + n in names])
        missing = [n for n in wanted if 'shadow_' + n not in names]
        if missing:
            raise RuntimeError('Shadow tables are missing for %s: run '
                               '"nova-manage db sync".' % ', '.join(missing))

    def live(self, name):
        return self.meta.tables.get(name)

    def shadow(self, name):
        return self.meta.tables.get('shadow_' + name)


def _move(conn, tables, name, where):
    """Copy the rows of name matching where to its shadow, delete them;
    the number moved."""
    live = tables.live(name)
    if live is None:
        return 0
    where = where(live)
    columns = [c.name for c in live.columns]
    conn.execute(tables.shadow(name).insert().from_select(
        columns, sa.select(*[live.c[c] for c in columns]).where(where)))
    return conn.execute(live.delete().where(where)).rowcount


def _deleted_before(table, before):
    condition = table.c.deleted != 0
    if before is not None:
        condition = sa.and_(condition, table.c.deleted_at < before)
    return condition


def _archive_instances(conn, tables, max_rows, before, moved):
    instances = tables.live('instances')
    uuids = [row.uuid for row in conn.execute(
        sa.select(instances.c.uuid)
        .where(_deleted_before(instances, before))
        .order_by(instances.c.id).limit(max_rows))]
    if not uuids:
        return 0
    actions = tables.live('instance_actions')
    if actions is not None:
        action_ids = sa.select(actions.c.id).where(
            actions.c.instance_uuid.in_(uuids)).scalar_subquery()
        moved[ACTION_EVENTS[0]] += _move(
            conn, tables, ACTION_EVENTS[0],
            lambda t: t.c[ACTION_EVENTS[1]].in_(action_ids))
    for child, column in INSTANCE_CHILDREN:
        moved[child] += _move(conn, tables, child,
                              lambda t: t.c[column].in_(uuids))
    moved['instances'] += _move(conn, tables, 'instances',
                                lambda t: t.c.uuid.in_(uuids))
    return len(uuids)


def _archive_standalone(conn, tables, name, max_rows, before, moved):
    live = tables.live(name)
    if live is None:
        return 0
    children, guard = STANDALONE[name]
    query = sa.select(live.c.id).where(_deleted_before(live, before))
    if guard:
        alias = live.alias('t')
        query = (sa.select(alias.c.id)
                 .where(_deleted_before(alias, before))
                 .where(sa.text('NOT (%s)' % guard)))
        query = query.order_by(alias.c.id).limit(max_rows)
    else:
        query = query.order_by(live.c.id).limit(max_rows)
    ids = [row.id for row in conn.execute(query)]
    if not ids:
        return 0
    for child, column in children:
        moved[child] += _move(conn, tables, child,
                              lambda t: t.c[column].in_(ids))
    moved[name] += _move(conn, tables, name, lambda t: t.c.id.in_(ids))
    return len(ids)


def _archive_deleted_children(conn, tables, max_rows, before, moved):
    count = 0
    for name in DELETED_CHILD_ROWS:
        live = tables.live(name)
        if live is None:
            continue
        ids = [row.id for row in conn.execute(
            sa.select(live.c.id).where(_deleted_before(live, before))
            .order_by(live.c.id).limit(max_rows))]
        if ids:
            moved[name] += _move(conn, tables, name,
                                 lambda t: t.c.id.in_(ids))
            count += len(ids)
    return count


def archive_batch(engine, max_rows=1000, before=None):
    """One batch: at most max_rows parents of each kind. Returns
    {table: rows moved} (empty when nothing was left)."""
    moved = collections.Counter()
    with engine.begin() as conn:
        tables = _Tables(conn)
        _archive_instances(conn, tables, max_rows, before, moved)
        for name in STANDALONE:
            _archive_standalone(conn, tables, name, max_rows, before, moved)
        _archive_deleted_children(conn, tables, max_rows, before, moved)
    return {name: count for name, count in moved.items() if count}


def _chunks(values, size=1000):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def purge(engine, before=None):
    """Delete shadow rows: all, or those deleted before `before` (an
    instance's rows go with it). Returns {table: rows deleted}."""
    purged = collections.Counter()
    with engine.begin() as conn:
        tables = _Tables(conn)
        if before is None:
            for name in archived_tables():
                purged[name] += conn.execute(
                    tables.shadow(name).delete()).rowcount
            return {name: n for name, n in purged.items() if n}
        instances = tables.shadow('instances')
        uuids = [row.uuid for row in conn.execute(
            sa.select(instances.c.uuid).where(
                instances.c.deleted_at < before))]
        actions = tables.shadow('instance_actions')
        events = tables.shadow(ACTION_EVENTS[0])
        for chunk in _chunks(uuids):
            action_ids = [row.id for row in conn.execute(
                sa.select(actions.c.id).where(
                    actions.c.instance_uuid.in_(chunk)))]
            for ids in _chunks(action_ids):
                purged[ACTION_EVENTS[0]] += conn.execute(
                    events.delete().where(
                        events.c[ACTION_EVENTS[1]].in_(ids))).rowcount
            for child, column in INSTANCE_CHILDREN:
                shadow = tables.shadow(child)
                purged[child] += conn.execute(shadow.delete().where(
                    shadow.c[column].in_(chunk))).rowcount
            purged['instances'] += conn.execute(instances.delete().where(
                instances.c.uuid.in_(chunk))).rowcount
        # Deleted rows of live instances, by their own date.
        for name in DELETED_CHILD_ROWS:
            shadow = tables.shadow(name)
            purged[name] += conn.execute(shadow.delete().where(
                shadow.c.deleted_at < before)).rowcount
        for name, (children, _) in STANDALONE.items():
            parent = tables.shadow(name)
            ids = [row.id for row in conn.execute(
                sa.select(parent.c.id).where(parent.c.deleted_at < before))]
            for chunk in _chunks(ids):
                for child, column in children:
                    shadow = tables.shadow(child)
                    purged[child] += conn.execute(shadow.delete().where(
                        shadow.c[column].in_(chunk))).rowcount
                purged[name] += conn.execute(parent.delete().where(
                    parent.c.id.in_(chunk))).rowcount
    return {name: count for name, count in purged.items() if count}
