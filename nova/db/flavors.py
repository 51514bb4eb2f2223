"""Queries on flavors, their extra specs and project access lists."""

import functools

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

import nova.conf
from nova.db import api
from nova.db import models
from nova import exception
from nova import recent_answers

CONF = nova.conf.CONF

# flavor_get's answers for server creates, kept [api]
# flavor_cache_seconds (nova.recent_answers says why that is safe); every
# writer of a flavor or its extra specs below forgets them.
_recent = recent_answers.RecentAnswers(
    lambda: CONF.api.flavor_cache_seconds)

SORT_KEYS = ('created_at', 'description', 'disabled', 'ephemeral_gb',
             'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb',
             'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus')


def _dicts(context, rows):
    if not rows:
        return []
    specs = {row.id: {} for row in rows}
    for spec in context.session.scalars(sa.select(models.FlavorExtraSpec)
                                        .where(models.FlavorExtraSpec.flavor_id
                                               .in_(list(specs)))):
        specs[spec.flavor_id][spec.key] = spec.value
    result = []
    for row in rows:
        values = dict(row)
        values['extra_specs'] = specs[row.id]
        result.append(values)
    return result


@recent_answers.changes(_recent)
@api.writer
def flavor_create(context, values, projects=None):
    values = dict(values)
    extra_specs = values.pop('extra_specs', None) or {}
    row = models.Flavor(**values)
    try:
        # A savepoint, so the transaction survives a duplicate.
        with context.session.begin_nested():
            context.session.add(row)
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        existing = context.session.scalars(sa.select(models.Flavor).where(
            models.Flavor.flavorid == values['flavorid'])).first()
        if existing is not None:
            raise exception.FlavorIdExists(flavor_id=values['flavorid'])
        raise exception.FlavorExists(name=values['name'])
    for key, value in extra_specs.items():
        context.session.add(models.FlavorExtraSpec(flavor_id=row.id, key=key,
                                                   value=value))
    for project_id in projects or []:
        context.session.add(models.FlavorProject(flavor_id=row.id,
                                                 project_id=project_id))
    context.session.flush()
    return _dicts(context, [row])[0]


def _get_row(context, **where):
    query = sa.select(models.Flavor)
    for key, value in where.items():
        query = query.where(getattr(models.Flavor, key) == value)
    return context.session.scalars(query).first()


@api.reader
def flavor_get(context, **where):
    """The flavor matching where (id=, flavorid= or name=) as a dict,
    read with its extra specs in one query (every server create reads
    its flavor)."""
    found = None
    extra_specs = {}
    for row, key, value in context.session.execute(
            _flavor_query(tuple(sorted(where))), where):
        found = found or row
        if row is found and key is not None:
            extra_specs[key] = value
    if found is None:
        raise exception.FlavorNotFound(flavor_id=next(iter(where.values())))
    values = dict(found)
    values['extra_specs'] = extra_specs
    return values


def flavor_get_recent(context, flavorid):
    """flavor_get(flavorid=flavorid), answered from what this process
    read in the last [api] flavor_cache_seconds (for server creates)."""
    return _recent.get((flavorid, context.read_deleted),
                       lambda: flavor_get(context, flavorid=flavorid))


@functools.lru_cache(maxsize=None)
def _flavor_query(keys):
    """flavor_get's statement by the columns it matches, built once."""
    spec = models.FlavorExtraSpec
    query = sa.select(models.Flavor, spec.key, spec.value).outerjoin(
        spec, spec.flavor_id == models.Flavor.id)
    for key in keys:
        query = query.where(getattr(models.Flavor, key) == sa.bindparam(key))
    return query


def _access_clause(context):
    """Public flavors, and private ones the context's project may use."""
    if context.is_admin:
        return sa.true()
    allowed = sa.select(models.FlavorProject.flavor_id).where(
        models.FlavorProject.project_id == context.project_id)
    return sa.or_(models.Flavor.is_public == sa.true(),
                  models.Flavor.id.in_(allowed))


@api.reader
def flavor_get_all(context, is_public=None, min_memory_mb=None,
                   min_root_gb=None, sort_key='flavorid', sort_dir='asc',
                   limit=None, marker=None, disabled=None):
    """Flavors the context may see; is_public=True (the API's default)
    also lists the private flavors shared with the caller's project, None
    lists every visible flavor, False only private ones."""
    query = sa.select(models.Flavor)
    if is_public:
        shared = sa.select(models.FlavorProject.flavor_id).where(
            models.FlavorProject.project_id == context.project_id)
        query = query.where(sa.or_(models.Flavor.is_public == sa.true(),
                                   models.Flavor.id.in_(shared)))
    elif is_public is None:
        query = query.where(_access_clause(context))
    else:
        query = query.where(models.Flavor.is_public == sa.false(),
                            _access_clause(context))
    if min_memory_mb is not None:
        query = query.where(models.Flavor.memory_mb >= min_memory_mb)
    if min_root_gb is not None:
        query = query.where(models.Flavor.root_gb >= min_root_gb)
    if disabled is not None:
        query = query.where(models.Flavor.disabled == disabled)
    marker_row = None
    if marker is not None:
        marker_row = _get_row(context, flavorid=marker)
        if marker_row is None:
            raise exception.InvalidMarker(marker=marker)
    query = api.paginate(query, models.Flavor, [sort_key], [sort_dir],
                         limit=limit, marker=marker_row)
    return _dicts(context, context.session.scalars(query).all())


@recent_answers.changes(_recent)
@api.writer
def flavor_destroy(context, flavorid):
    row = _get_row(context, flavorid=flavorid)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    for model in (models.FlavorExtraSpec, models.FlavorProject):
        context.session.execute(sa.delete(model).where(
            model.flavor_id == row.id))
    context.session.delete(row)


@recent_answers.changes(_recent)
@api.writer
def flavor_update(context, flavorid, values):
    row = _get_row(context, flavorid=flavorid)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    row.update(values)
    context.session.flush()
    return _dicts(context, [row])[0]


@recent_answers.changes(_recent)
@api.writer
def flavor_extra_specs_update(context, flavorid, specs):
    row = _get_row(context, flavorid=flavorid)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    existing = {spec.key: spec for spec in context.session.scalars(
        sa.select(models.FlavorExtraSpec).where(
            models.FlavorExtraSpec.flavor_id == row.id))}
    for key, value in specs.items():
        if key in existing:
            existing[key].value = value
        else:
            context.session.add(models.FlavorExtraSpec(
                flavor_id=row.id, key=key, value=value))
    context.session.flush()
    return _dicts(context, [row])[0]['extra_specs']


@recent_answers.changes(_recent)
@api.writer
def flavor_extra_specs_delete(context, flavorid, key):
    row = _get_row(context, flavorid=flavorid)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    result = context.session.execute(sa.delete(models.FlavorExtraSpec).where(
        models.FlavorExtraSpec.flavor_id == row.id,
        models.FlavorExtraSpec.key == key))
    if result.rowcount == 0:
        raise exception.FlavorExtraSpecsNotFound(flavor_id=flavorid,
                                                 extra_specs_key=key)


@api.reader
def flavor_access_get(context, flavorid):
    row = _get_row(context, flavorid=flavorid)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return [p.project_id for p in context.session.scalars(
        sa.select(models.FlavorProject).where(
            models.FlavorProject.flavor_id == row.id)
        .order_by(models.FlavorProject.id))]


@api.writer
def flavor_access_add(context, flavorid, project_id):
    row = _get_row(context, flavorid=flavorid)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    try:
        with context.session.begin_nested():
            context.session.add(models.FlavorProject(flavor_id=row.id,
                                                     project_id=project_id))
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.FlavorAccessExists(flavor_id=flavorid,
                                           project_id=project_id)


@api.writer
def flavor_access_remove(context, flavorid, project_id):
    row = _get_row(context, flavorid=flavorid)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    result = context.session.execute(sa.delete(models.FlavorProject).where(
        models.FlavorProject.flavor_id == row.id,
        models.FlavorProject.project_id == project_id))
    if result.rowcount == 0:
        raise exception.FlavorAccessNotFound(flavor_id=flavorid,
                                             project_id=project_id)
