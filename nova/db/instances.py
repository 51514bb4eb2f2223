"""Queries on instances, their metadata and faults."""

import re
import types

from oslo_utils import timeutils
import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova.db import network_models
from nova.db import address_allocation as allocate_db
from nova.db import networks
from nova.db import packed_rows
from nova.db import request_specs
from nova.db import server_groups
from nova.db import tags
from nova.db import uuid_lists
from nova import exception

# Filters that compare a column exactly; others are handled one by one.
_EXACT_FILTERS = {
    'uuid': 'uuid', 'project_id': 'project_id', 'user_id': 'user_id',
    'host': 'host', 'node': 'node', 'vm_state': 'vm_state',
    'task_state': 'task_state', 'image_ref': 'image_ref',
    'instance_type_id': 'instance_type_id',
    'reservation_id': 'reservation_id', 'key_name': 'key_name',
    'availability_zone': 'availability_zone', 'locked': 'locked',
    'power_state': 'power_state', 'progress': 'progress',
    'config_drive': 'config_drive',
}
# Times matched as upstream's regular expression on the column's text
# ('YYYY-MM-DD HH:MM:SS'): a value matches the times it is part of.
_TIME_FILTERS = ('created_at', 'launched_at', 'terminated_at')
_TIME_TEXT = '%Y-%m-%d %H:%M:%S'

SORT_KEYS = ('created_at', 'updated_at', 'display_name', 'uuid', 'host',
             'node', 'vm_state', 'task_state', 'power_state', 'launched_at',
             'terminated_at', 'image_ref', 'instance_type_id', 'key_name',
             'project_id', 'user_id', 'availability_zone', 'hostname',
             'memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb', 'progress',
             'access_ip_v4', 'access_ip_v6', 'launch_index',
             'display_description', 'reservation_id', 'kernel_id',
             'ramdisk_id', 'config_drive', 'locked', 'os_type',
             'architecture', 'root_device_name', 'deleted')


def _metadata_rows(model, instance_uuid, metadata):
    return [model(instance_uuid=instance_uuid, key=k, value=v)
            for k, v in (metadata or {}).items()]


# Statements of every server create, built once: building one costs more
# CPU than running it (its cache key is then memoized).
_INSERT_METADATA = sa.insert(models.InstanceMetadata.__table__)
_INSERT_SYSTEM_METADATA = sa.insert(models.InstanceSystemMetadata.__table__)


def _insert_metadata(context, statement, instance_uuid, metadata):
    # Core, not ORM: the new rows are never read back from the session.
    if metadata:
        context.session.execute(statement, [
            {'instance_uuid': instance_uuid, 'key': k, 'value': v}
            for k, v in metadata.items()])


# Parallel boots insert into the same index ranges that claims and quota
# rechecks update; InnoDB may pick the insert as a deadlock victim, and
# the whole insert can simply run again.
@api.retry_on_deadlock
@api.writer
def instance_create(context, values):
    values = dict(values)
    metadata = values.pop('metadata', None)
    system_metadata = values.pop('system_metadata', None)
    row = models.Instance(**values)
    context.session.add(row)
    context.session.flush()
    _insert_metadata(context, _INSERT_METADATA, row.uuid, metadata)
    _insert_metadata(context, _INSERT_SYSTEM_METADATA, row.uuid,
                     system_metadata)
    return row


_INSERT_INSTANCE = sa.insert(models.Instance.__table__)


def _column_default(column):
    default = column.default
    if default is None:
        return None
    # A callable's is wrapped to take the execution context (unused).
    return default.arg(None) if default.is_callable else default.arg


@api.retry_on_deadlock
@api.writer
def instance_insert(context, values):
    """instance_create without the ORM's unit of work: the new row as an
    object with every column as an attribute (what was written, defaults
    included, with its id), for a caller that builds its object from
    it."""
    values = dict(values)
    metadata = values.pop('metadata', None)
    system_metadata = values.pop('system_metadata', None)
    row = {column.name: _column_default(column)
           for column in models.Instance.__table__.columns
           if column.name not in values}
    row.update(values)
    row.pop('id', None)
    row['id'] = context.session.execute(
        _INSERT_INSTANCE, row).inserted_primary_key[0]
    _insert_metadata(context, _INSERT_METADATA, row['uuid'], metadata)
    _insert_metadata(context, _INSERT_SYSTEM_METADATA, row['uuid'],
                     system_metadata)
    return types.SimpleNamespace(**row)


def _instance_query(context):
    return api.read_deleted_filter(context, models.Instance,
                                   sa.select(models.Instance))


@api.reader
def instance_get_by_uuid(context, instance_uuid):
    row = context.session.scalars(_instance_query(context).where(
        models.Instance.uuid == instance_uuid)).first()
    return api.not_found_unless(row, exception.InstanceNotFound,
                                instance_id=instance_uuid)


def _apply_filters(query, filters):
    model = models.Instance
    for key, value in filters.items():
        if key in _EXACT_FILTERS:
            column = getattr(model, _EXACT_FILTERS[key])
            if isinstance(value, (list, tuple, set)):
                query = query.where(column.in_(list(value)))
            elif value is None:
                query = query.where(column.is_(None))
            else:
                query = query.where(column == value)
        elif key == 'changes-since':
            query = query.where(model.updated_at >= value)
        elif key == 'changes-before':
            query = query.where(model.updated_at <= value)
        elif key == 'deleted':
            query = query.where(
                model.deleted != 0 if value else model.deleted == 0)
        elif key in ('name', 'display_name', 'hostname', 'ip',
                     'ip6') + _TIME_FILTERS:
            pass  # regular expressions are matched in Python below
        elif key in ('tags', 'tags-any', 'not-tags', 'not-tags-any'):
            pass  # below, all four at once
        else:
            raise exception.InvalidInput(reason='unknown filter %s' % key)
    for condition in tags.instance_filters(model, filters):
        query = query.where(condition)
    return query


def _regex_filters(filters):
    patterns = {}
    for key, column in (('name', 'display_name'),
                        ('display_name', 'display_name'),
                        ('hostname', 'hostname'),
                        # ip: access or network addresses (see below).
                        ('ip', 'access_ip_v4'), ('ip6', 'access_ip_v6')):
        if filters.get(key):
            try:
                patterns[column] = re.compile(str(filters[key]))
            except re.error:
                raise exception.InvalidInput(
                    reason='%s is not a valid regular expression' % key)
    for key in _TIME_FILTERS:
        if filters.get(key):
            text = str(filters[key]).replace('T', ' ').rstrip('Z')
            patterns[key] = re.compile(re.escape(text))
    return patterns


def _text(value):
    if hasattr(value, 'strftime'):
        return value.strftime(_TIME_TEXT)
    return value or ''


@api.reader
def instance_get_all_by_filters(context, filters=None, sort_keys=None,
                                sort_dirs=None, limit=None, marker=None,
                                columns=None):
    """One page of instances matching filters, in a stable sort order.

    Regex filters (name, hostname) are matched in Python because SQLite and
    PostgreSQL disagree on regular expressions; the other filters run in
    SQL. columns: the names of the columns to read (and those the regex
    filters match), None for all.
    """
    filters = dict(filters or {})
    read_deleted = 'yes' if filters.get('deleted') else context.read_deleted
    patterns = _regex_filters(filters)
    table = models.Instance.__table__
    if columns is None:
        selected = list(table.columns)
    else:
        wanted = set(columns) | set(patterns) | {'uuid'}
        selected = [c for c in table.columns if c.name in wanted]
    # Plain column rows (read by attribute like the model's), not ORM
    # objects: a page of 1,000 servers is built into versioned objects
    # straight away, and the ORM's identity map and instrumentation would
    # double the cost of reading it.
    query = sa.select(*selected)
    if read_deleted == 'no' and 'deleted' not in filters:
        query = query.where(models.Instance.deleted == 0)
    query = _apply_filters(query, filters)
    sort_keys = sort_keys or ['created_at']
    sort_dirs = sort_dirs or ['desc'] * len(sort_keys)
    marker_row = None
    if marker is not None:
        marker_row = context.session.scalars(sa.select(models.Instance).where(
            models.Instance.uuid == marker)).first()
        if marker_row is None:
            raise exception.InvalidMarker(marker=marker)
    if not patterns:
        query = api.paginate(query, models.Instance, sort_keys, sort_dirs,
                             limit=limit, marker=marker_row)
        if columns is not None and len(selected) >= _PACKED_FROM:
            return packed_rows.read(context, query, selected)
        return context.session.execute(query).all()
    query = api.paginate(query, models.Instance, sort_keys, sort_dirs,
                         marker=marker_row)
    # ip also matches the servers' fixed and floating IPs.
    by_address = networks.instance_uuids_matching(
        context, patterns['access_ip_v4']) if 'access_ip_v4' in patterns \
        else set()
    rows = []
    for row in context.session.execute(query):
        if all(p.search(_text(getattr(row, c))) or (
                c == 'access_ip_v4' and row.uuid in by_address)
               for c, p in patterns.items()):
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    return rows


# Wide pages come as one JSON array per row (nova.db.packed_rows); rows
# of fewer columns as they are.
_PACKED_FROM = 8


@api.reader
def instance_metadata_get_many(context, model_name, instance_uuids,
                               keys=None, prefixes=()):
    """{uuid: {key: value}} for many instances in one query; with keys
    (or prefixes), only the entries of those keys (or starting so)."""
    model = getattr(models, model_name)
    result = {uuid: {} for uuid in instance_uuids}
    if not instance_uuids:
        return result
    query = sa.select(model.instance_uuid, model.key, model.value).where(
        uuid_lists.among(model.instance_uuid, instance_uuids))
    if keys is not None or prefixes:
        query = query.where(sa.or_(
            model.key.in_(list(keys or ())),
            *[model.key.startswith(p, autoescape=True) for p in prefixes]))
    for uuid, key, value in context.session.execute(query):
        result[uuid][key] = value
    return result


@api.reader
def instance_metadata_get_shared(context, model_name, instance_uuids,
                                 keys=(), prefixes=()):
    """instance_metadata_get_many of the keys named or starting with one
    of prefixes, each instance's entries in key order, read grouped by
    (key, value): servers built from one image keep the same values, so a
    page of 1,000 servers reads a row per distinct pair (the database
    lists the uuids that hold it), not a row per key per server.
    Instances with the same entries share one dict: read only."""
    model = getattr(models, model_name)
    result = {uuid: {} for uuid in instance_uuids}
    if not instance_uuids or not (keys or prefixes):
        return result
    among = uuid_lists.among(model.instance_uuid, instance_uuids)
    wanted = sa.or_(model.key.in_(list(keys)),
                    *[model.key.startswith(p, autoescape=True)
                      for p in prefixes])
    # First the pairs and how many of the instances hold each (a key is
    # held once per instance): a pair all of them hold needs no list of
    # holders. Listing them (group_concat) makes MariaDB group in an
    # on-disk table, several times the cost of counting in memory.
    counted = context.session.execute(
        sa.select(model.key, model.value, sa.func.count()).where(
            among, wanted).group_by(model.key, model.value)
        .order_by(model.key)).all()
    everyone = len(result)
    partial = {key for key, _v, count in counted if count != everyone}
    listed = {}
    if partial:
        # The holders of the pairs of keys whose values differ.
        for key, value, count, uuids in context.session.execute(
                sa.select(model.key, model.value, sa.func.count(),
                          sa.func.aggregate_strings(model.instance_uuid,
                                                    ',')).where(
                    among, model.key.in_(sorted(partial)))
                .group_by(model.key, model.value)):
            holders = uuids.split(',')
            if len(holders) != count:
                # Cut short (MySQL's group_concat_max_len): row by row.
                return instance_metadata_get_many(
                    context, model_name, instance_uuids, keys=list(keys),
                    prefixes=tuple(prefixes))
            listed[key, value] = holders
    for key, value, count in counted:
        holders = result if count == everyone else listed.get((key, value))
        if holders is None:
            # Changed between the two reads: row by row.
            return instance_metadata_get_many(
                context, model_name, instance_uuids, keys=list(keys),
                prefixes=tuple(prefixes))
        for uuid in holders:
            result[uuid][key] = value
    # Instances with the same entries share one dict (read only), so
    # views can work out what they show of it once.
    shared = {}
    for uuid, entries in result.items():
        result[uuid] = shared.setdefault(tuple(entries.items()), entries)
    return result


@api.reader
def instance_fault_get_latest(context, instance_uuids):
    """{uuid: newest fault row} for many instances in one query."""
    result = {}
    if not instance_uuids:
        return result
    for row in context.session.scalars(
            sa.select(models.InstanceFault)
            .where(uuid_lists.among(models.InstanceFault.instance_uuid,
                                    instance_uuids))
            .order_by(models.InstanceFault.created_at,
                      models.InstanceFault.id)):
        result[row.instance_uuid] = row
    return result


# What a list's views show of a fault.
_FAULT_SHOWN = (models.InstanceFault.instance_uuid,
                models.InstanceFault.code, models.InstanceFault.message,
                models.InstanceFault.details,
                models.InstanceFault.created_at)


@api.reader
def instance_fault_latest_shown(context, instance_uuids):
    """{uuid: newest fault} for many instances in one query, as rows of
    the columns a view shows (instance_uuid, code, message, details,
    created_at), not ORM objects: a page of servers in ERROR has a fault
    each, and building 1,000 mapped objects cost more than reading them."""
    result = {}
    if not instance_uuids:
        return result
    fault = models.InstanceFault
    query = (sa.select(*_FAULT_SHOWN)
             .where(uuid_lists.among(fault.instance_uuid, instance_uuids))
             .order_by(fault.created_at, fault.id))
    for row in packed_rows.read(context, query, _FAULT_SHOWN):
        result[row.instance_uuid] = row
    return result


@api.writer
def instance_fault_create(context, values):
    row = models.InstanceFault(**values)
    context.session.add(row)
    context.session.flush()
    return row


@api.retry_on_deadlock
@api.writer
def instance_update(context, instance_uuid, values, expected=None):
    """Update an instance; expected maps fields to allowed current values.

    The check and the write are one conditional UPDATE, so two actions that
    race on the same instance cannot both pass their state check.
    """
    values = dict(values)
    metadata = values.pop('metadata', None)
    system_metadata = values.pop('system_metadata', None)
    model = models.Instance
    query = sa.update(model).where(model.uuid == instance_uuid,
                                   model.deleted == 0)
    for field, allowed in (expected or {}).items():
        allowed = list(allowed) if isinstance(
            allowed, (list, tuple, set)) else [allowed]
        column = getattr(model, field)
        conditions = [column.in_([a for a in allowed if a is not None])]
        if None in allowed:
            conditions.append(column.is_(None))
        query = query.where(sa.or_(*conditions))
    values.setdefault('updated_at', timeutils.utcnow())
    result = context.session.execute(
        query.values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        current = context.session.scalars(sa.select(model).where(
            model.uuid == instance_uuid, model.deleted == 0)).first()
        if current is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        field = next(iter(expected))
        raise exception.UnexpectedStateError(
            instance_uuid=instance_uuid, field=field,
            expected=expected[field], actual=getattr(current, field))
    if metadata is not None:
        _replace_metadata(context, models.InstanceMetadata, instance_uuid,
                          metadata)
    if system_metadata is not None:
        _replace_metadata(context, models.InstanceSystemMetadata,
                          instance_uuid, system_metadata)
    context.session.expire_all()
    return instance_get_by_uuid(context, instance_uuid)


def _replace_metadata(context, model, instance_uuid, metadata):
    context.session.execute(sa.delete(model).where(
        model.instance_uuid == instance_uuid))
    context.session.add_all(_metadata_rows(model, instance_uuid, metadata))
    context.session.flush()


@api.writer
def instance_destroy(context, instance_uuid, values=None):
    """Soft-delete an instance, drop its metadata and free its node's room.

    The node's usage drops in the same transaction, as a claim raised it in
    the transaction that placed the instance, so no reader ever sees a
    deleted server still counted on its host.
    """
    row = instance_get_by_uuid(context, instance_uuid)
    row.update(values or {})
    row.terminated_at = row.terminated_at or timeutils.utcnow()
    api.soft_delete(context.session, row)
    if row.host and row.node:
        _release_on_node(context, row)
    context.session.execute(sa.delete(models.InstanceMetadata).where(
        models.InstanceMetadata.instance_uuid == instance_uuid))
    tags.delete_all_quietly(context, instance_uuid)
    request_specs.request_spec_delete(context, instance_uuid)
    server_groups.remove_instance_from_groups(context, instance_uuid)
    # Addresses go back to their networks in this same transaction.
    allocate_db.deallocate_for_instance(context, instance_uuid)
    return row


@api.writer
def instance_release_failed_builds(context):
    """Give back what servers whose build failed still hold.

    A server in ERROR that never launched has no guest to keep: its room
    on a node (host and node cleared, the node's usage lowered) and its
    interfaces and addresses are released, in one transaction with the
    nodes' usage, as instance_destroy does. Its
    security groups and quota usage (it still counts as a server until
    deleted) stay. Returns the uuids released.
    """
    model = models.Instance
    vif = network_models.VirtualInterface
    holding = sa.or_(model.host.isnot(None), sa.exists().where(
        vif.instance_uuid == model.uuid, vif.deleted == 0))
    rows = context.session.scalars(
        sa.select(model).where(model.deleted == 0,
                               model.vm_state == 'error',
                               model.launched_at.is_(None), holding)
        .with_for_update()).all()
    for row in rows:
        if row.host and row.node:
            _release_on_node(context, row)
        row.host = None
        row.node = None
        allocate_db.release_addresses(context, row.uuid)
    context.session.flush()
    return [row.uuid for row in rows]


@api.writer
def instance_unplace(context, instance_uuid, expected):
    """Take an instance off the node a claim put it on (its usage given
    back), if it is still as expected; UnexpectedStateError if not."""
    row = instance_update(context, instance_uuid, {}, expected=expected)
    if row.host and row.node:
        _release_on_node(context, row)
    return instance_update(context, instance_uuid,
                           {'host': None, 'node': None, 'launched_on': None})


def _release_on_node(context, row):
    node = models.ComputeNode
    disk = (row.root_gb or 0) + (row.ephemeral_gb or 0)
    context.session.execute(
        sa.update(node).where(node.host == row.host,
                              node.hypervisor_hostname == row.node,
                              node.deleted == 0)
        .values(vcpus_used=node.vcpus_used - (row.vcpus or 0),
                memory_mb_used=node.memory_mb_used - (row.memory_mb or 0),
                local_gb_used=node.local_gb_used - disk,
                free_ram_mb=node.free_ram_mb + (row.memory_mb or 0),
                free_disk_gb=node.free_disk_gb + disk,
                running_vms=node.running_vms - 1,
                generation=node.generation + 1)
        .execution_options(synchronize_session=False))


@api.reader
def instance_usage_by_project(context, project_id, user_id=None):
    """Instances, vCPUs and RAM a project uses now (for quota and limits)."""
    model = models.Instance
    query = sa.select(sa.func.count(model.id),
                      sa.func.coalesce(sa.func.sum(model.vcpus), 0),
                      sa.func.coalesce(sa.func.sum(model.memory_mb), 0)
                      ).where(model.project_id == project_id,
                              model.deleted == 0)
    if user_id is not None:
        query = query.where(model.user_id == user_id)
    count, cores, ram = context.session.execute(query).one()
    return {'instances': int(count), 'cores': int(cores), 'ram': int(ram)}


def _usage_of_project_and_user():
    model = models.Instance
    mine = model.user_id == sa.bindparam('user_id')

    def total(column):
        return sa.func.coalesce(sa.func.sum(column), 0)

    def of_user(value):
        return total(sa.case((mine, value), else_=0))
    return sa.select(sa.func.count(model.id), total(model.vcpus),
                     total(model.memory_mb), of_user(1),
                     of_user(model.vcpus), of_user(model.memory_mb)
                     ).where(model.project_id == sa.bindparam('project_id'),
                             model.deleted == 0)


# Twice per server create (the count and the recount): built once.
_USAGE_OF_PROJECT_AND_USER = _usage_of_project_and_user()


@api.reader
def instance_usage_by_project_and_user(context, project_id, user_id):
    """(the project's usage, the user's in it), as instance_usage_by_project
    gives each, in one query."""
    row = [int(v) for v in context.session.execute(
        _USAGE_OF_PROJECT_AND_USER,
        {'project_id': project_id, 'user_id': user_id}).one()]
    return ({'instances': row[0], 'cores': row[1], 'ram': row[2]},
            {'instances': row[3], 'cores': row[4], 'ram': row[5]})


@api.reader
def instance_get_past_deadline(context, cutoffs):
    """Live instances whose task_state has lasted past its deadline.

    cutoffs maps a task_state to the time its task must have been last
    updated after; one query covers them all, selecting only the
    instances already past their deadline.
    """
    model = models.Instance
    last_update = sa.func.coalesce(model.updated_at, model.created_at)
    by_cutoff = {}
    for task_state, cutoff in cutoffs.items():
        by_cutoff.setdefault(cutoff, []).append(task_state)
    if not by_cutoff:
        return []
    overdue = [sa.and_(model.task_state.in_(task_states),
                       last_update < cutoff)
               for cutoff, task_states in by_cutoff.items()]
    return context.session.scalars(
        sa.select(model).where(model.deleted == 0, sa.or_(*overdue))
        .order_by(last_update)).all()
