"""Queries on host aggregates: named host groups with metadata.

Aggregates are returned as dicts with their 'hosts' (list) and 'metadata'
(dict) already attached, so callers never load them one by one.
"""

import collections

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from nova.db import api
from nova.db import models
from nova import exception

_COLUMNS = ('id', 'uuid', 'name', 'created_at', 'updated_at', 'deleted_at',
            'deleted')


def _as_dicts(session, rows):
    """Attach hosts and metadata to aggregate rows: two queries in all."""
    ids = [row.id for row in rows]
    hosts = collections.defaultdict(list)
    metadata = collections.defaultdict(dict)
    if ids:
        for agg_id, host in session.execute(
                sa.select(models.AggregateHost.aggregate_id,
                          models.AggregateHost.host)
                .where(models.AggregateHost.aggregate_id.in_(ids))
                .order_by(models.AggregateHost.id)):
            hosts[agg_id].append(host)
        for agg_id, key, value in session.execute(
                sa.select(models.AggregateMetadata.aggregate_id,
                          models.AggregateMetadata.key,
                          models.AggregateMetadata.value)
                .where(models.AggregateMetadata.aggregate_id.in_(ids))):
            metadata[agg_id][key] = value
    result = []
    for row in rows:
        values = {name: getattr(row, name) for name in _COLUMNS}
        values['hosts'] = hosts[row.id]
        values['metadata'] = metadata[row.id]
        result.append(values)
    return result


def _get_row(context, aggregate_id):
    row = context.session.scalars(
        sa.select(models.Aggregate).where(
            models.Aggregate.id == aggregate_id,
            models.Aggregate.deleted == 0)).first()
    return api.not_found_unless(row, exception.AggregateNotFound,
                                aggregate_id=aggregate_id)


def _check_name_free(context, name, aggregate_id=None):
    # Checked before writing for a clear error on every database; the
    # unique key (name, deleted) still guards against a concurrent twin.
    query = sa.select(models.Aggregate.id).where(
        models.Aggregate.name == name, models.Aggregate.deleted == 0)
    if aggregate_id is not None:
        query = query.where(models.Aggregate.id != aggregate_id)
    if context.session.scalar(query) is not None:
        raise exception.AggregateNameExists(aggregate_name=name)


@api.reader
def aggregate_get(context, aggregate_id):
    return _as_dicts(context.session, [_get_row(context, aggregate_id)])[0]


@api.reader
def aggregate_get_all(context, host=None):
    """Every aggregate (or those holding host), in id order."""
    query = sa.select(models.Aggregate).where(
        models.Aggregate.deleted == 0).order_by(models.Aggregate.id)
    if host is not None:
        query = query.where(models.Aggregate.id.in_(
            sa.select(models.AggregateHost.aggregate_id).where(
                models.AggregateHost.host == host)))
    return _as_dicts(context.session,
                     context.session.scalars(query).all())


@api.writer
def aggregate_create(context, values, metadata=None):
    _check_name_free(context, values['name'])
    row = models.Aggregate(**values)
    try:
        with context.session.begin_nested():
            context.session.add(row)
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.AggregateNameExists(aggregate_name=values['name'])
    if metadata:
        _metadata_update(context, row.id, metadata)
    return aggregate_get(context, row.id)


@api.writer
def aggregate_update(context, aggregate_id, values, metadata=None):
    """Change name (values) and metadata keys (None deletes a key)."""
    row = _get_row(context, aggregate_id)
    if 'name' in values and values['name'] != row.name:
        _check_name_free(context, values['name'], aggregate_id)
    for key, value in values.items():
        setattr(row, key, value)
    try:
        context.session.flush()
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.AggregateNameExists(aggregate_name=values['name'])
    if metadata:
        _metadata_update(context, aggregate_id, metadata)
    return aggregate_get(context, aggregate_id)


def _metadata_update(context, aggregate_id, metadata):
    table = models.AggregateMetadata
    removed = [key for key, value in metadata.items() if value is None]
    kept = {key: value for key, value in metadata.items()
            if value is not None}
    if removed:
        context.session.execute(
            sa.delete(table).where(table.aggregate_id == aggregate_id,
                                   table.key.in_(removed))
            .execution_options(synchronize_session=False))
    existing = {row.key: row for row in context.session.scalars(
        sa.select(table).where(table.aggregate_id == aggregate_id,
                               table.key.in_(list(kept))))} if kept else {}
    for key, value in kept.items():
        if key in existing:
            existing[key].value = value
        else:
            context.session.add(table(aggregate_id=aggregate_id, key=key,
                                      value=value))
    context.session.flush()


@api.writer
def aggregate_delete(context, aggregate_id):
    row = _get_row(context, aggregate_id)
    context.session.execute(
        sa.delete(models.AggregateMetadata).where(
            models.AggregateMetadata.aggregate_id == aggregate_id)
        .execution_options(synchronize_session=False))
    api.soft_delete(context.session, row)


@api.writer
def aggregate_host_add(context, aggregate_id, host):
    _get_row(context, aggregate_id)
    row = models.AggregateHost(aggregate_id=aggregate_id, host=host)
    try:
        with context.session.begin_nested():
            context.session.add(row)
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.AggregateHostExists(aggregate_id=aggregate_id,
                                            host=host)
    return aggregate_get(context, aggregate_id)


@api.writer
def aggregate_host_delete(context, aggregate_id, host):
    _get_row(context, aggregate_id)
    table = models.AggregateHost
    result = context.session.execute(
        sa.delete(table).where(table.aggregate_id == aggregate_id,
                               table.host == host)
        .execution_options(synchronize_session=False))
    if result.rowcount == 0:
        raise exception.AggregateHostNotFound(aggregate_id=aggregate_id,
                                              host=host)
    return aggregate_get(context, aggregate_id)


@api.reader
def aggregates_signature(context):
    """What changes whenever any aggregate, host or metadata row does.

    (count, max id, newest created_at, newest updated_at) of each table in
    one query: inserts and deletes move the counts or ids, in-place
    updates the updated_at timestamps (the aggregates' soft delete too).
    """
    columns = []
    for model in (models.Aggregate, models.AggregateHost,
                  models.AggregateMetadata):
        for func in (sa.func.count(model.id), sa.func.max(model.id),
                     sa.func.max(model.created_at),
                     sa.func.max(model.updated_at)):
            columns.append(sa.select(func).scalar_subquery())
    return tuple(context.session.execute(sa.select(*columns)).one())
