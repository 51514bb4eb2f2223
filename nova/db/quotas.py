"""Quota limits stored per project, per user and per quota class, and the
locked recount that keeps concurrent server creates within them."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

import nova.conf
from nova.db import api
from nova.db import instances as instances_db
from nova.db import models
from nova.db import named_locks
from nova import exception
from nova import recent_answers

CONF = nova.conf.CONF

# A concurrent first insert of the same limit loses on the unique key; the
# retry then finds the row and updates it.
_retry_on_race = api.retried(
    exception_checker=lambda e: isinstance(e, db_exc.DBDuplicateEntry))


@api.reader
def quota_get_all(context, project_id, user_id=''):
    """{resource: limit} set for a project ('' user) or one of its users."""
    model = models.Quota
    rows = context.session.execute(
        sa.select(model.resource, model.hard_limit).where(
            model.project_id == project_id, model.user_id == user_id)).all()
    return dict(rows)


@api.reader
def quota_class_get(context, class_name):
    model = models.QuotaClass
    rows = context.session.execute(
        sa.select(model.resource, model.hard_limit).where(
            model.class_name == class_name)).all()
    return dict(rows)


@api.reader
def limits_of(context, class_name, project_id, user_id):
    """({resource: limit} set for the class, for the project, for its user
    user_id), in one query."""
    found = {'c': {}, 'p': {}, 'u': {}}
    for owner, resource, limit in context.session.execute(
            _LIMITS_OF, {'class_name': class_name, 'project_id': project_id,
                         'user_id': user_id or ''}):
        found[owner][resource] = limit
    return found['c'], found['p'], found['u']


def _limits_of():
    quota, klass = models.Quota, models.QuotaClass
    kind = sa.String(1)
    return sa.union_all(
        sa.select(sa.literal('c', kind), klass.resource,
                  klass.hard_limit).where(
            klass.class_name == sa.bindparam('class_name')),
        sa.select(sa.case((quota.user_id == '', sa.literal('p', kind)),
                          else_=sa.literal('u', kind)),
                  quota.resource, quota.hard_limit).where(
            quota.project_id == sa.bindparam('project_id'),
            quota.user_id.in_(['', sa.bindparam('user_id')])))


# Every server create's: built once (see nova.db.instances).
_LIMITS_OF = _limits_of()

# limits_of's answers for server creates, kept [quota]
# limits_cache_seconds (nova.recent_answers says why that is safe); every
# writer of limits below forgets them.
_recent_limits = recent_answers.RecentAnswers(
    lambda: CONF.quota.limits_cache_seconds)


def limits_of_recent(context, class_name, project_id, user_id):
    """limits_of, answered from what this process read in the last
    [quota] limits_cache_seconds."""
    return _recent_limits.get(
        (class_name, project_id, user_id or ''),
        lambda: limits_of(context, class_name, project_id, user_id))


@recent_answers.changes(_recent_limits)
@_retry_on_race
@api.writer
def quota_set(context, project_id, limits, user_id=''):
    """Create or update a project's (or a user's) limits in one go."""
    model = models.Quota
    _upsert(context, model, limits, project_id=project_id, user_id=user_id)


@recent_answers.changes(_recent_limits)
@_retry_on_race
@api.writer
def quota_class_set(context, class_name, limits):
    _upsert(context, models.QuotaClass, limits, class_name=class_name)


def _upsert(context, model, limits, **owner):
    existing = {row.resource: row for row in context.session.execute(
        sa.select(model).filter_by(**owner)).scalars()}
    for resource, limit in limits.items():
        if resource in existing:
            existing[resource].hard_limit = limit
        else:
            context.session.add(model(resource=resource, hard_limit=limit,
                                      **owner))
    context.session.flush()


@api.reader
def projects_with_limits(context, resources):
    """Projects with a project-wide limit of one of resources set."""
    model = models.Quota
    return context.session.execute(sa.select(model.project_id).where(
        model.user_id == '', model.resource.in_(list(resources)))
        .distinct().order_by(model.project_id)).scalars().all()


@recent_answers.changes(_recent_limits)
@api.writer
def quota_destroy_resources(context, project_id, resources):
    """Forget a project's own limits of some resources (its users' too)."""
    model = models.Quota
    context.session.execute(sa.delete(model).where(
        model.project_id == project_id,
        model.resource.in_(list(resources))))


@recent_answers.changes(_recent_limits)
@api.writer
def quota_destroy_all(context, project_id, user_id=None):
    """Forget a user's limits, or (no user_id) the project's and its
    users' limits: they fall back to the defaults."""
    model = models.Quota
    query = sa.delete(model).where(model.project_id == project_id)
    if user_id is not None:
        query = query.where(model.user_id == user_id)
    context.session.execute(query)


def can_recount_in_transaction():
    """Whether recount_instances works on this database (named locks)."""
    return named_locks.available(api.get_engine())


def recount_instances(context, project_id, user_id, check,
                      read_committed=False):
    """Count a project's servers first thing in the caller's write
    transaction, in which it then writes its new ones.

    Recounts of one project take turns by the project's named lock, held
    until the transaction ends: a later one waits, then counts the rows
    the earlier ones committed. check(project_usage, user_usage) raises
    OverQuota when adding ours would go over a limit. Must be the
    transaction's first statements: on MariaDB (REPEATABLE READ) its
    snapshot is taken at its first read, which must come after the wait.
    read_committed: begin it READ COMMITTED on MariaDB (every statement
    then reads what is committed), for a caller that also allocates
    addresses in it (nova.db.networks.allocate_for_new_instance).
    """
    if api.begun(context):
        raise exception.NovaException(
            'recount_instances must begin its transaction')
    if read_committed:
        api.read_committed_on_mysql(context)
    named_locks.lock(context.session, 'instances-of-project:' + project_id)
    project_used, user_used = \
        instances_db.instance_usage_by_project_and_user(
            context, project_id, user_id)
    check(project_used, user_used)


@api.retry_on_deadlock
@api.writer
def keep_instances_within(context, project_id, user_id, instance_uuids,
                          check):
    """Recount a project's servers under lock; drop ours if over quota.

    Where recount_instances cannot run (Galera refuses named locks):
    runs after our instance rows were committed. Rechecks of one project
    take turns: each locks the project's rows, so a later one waits and
    then counts everything the earlier ones kept. check(project_usage,
    user_usage) raises OverQuota when the usage is over a limit; then our
    rows are deleted in the same transaction (they were never scheduled)
    and the error is returned for the caller to raise.
    """
    _read_committed_on_mysql(context)
    model = models.Instance
    context.session.execute(sa.select(model.id).where(
        model.project_id == project_id, model.deleted == 0
    ).with_for_update()).all()
    # Counted once the locks are ours, by a statement of its own: on
    # PostgreSQL the first one's snapshot predates the wait and misses rows
    # committed meanwhile. One row of sums, not a row per server.
    project_used, user_used = \
        instances_db.instance_usage_by_project_and_user(
            context, project_id, user_id)
    try:
        check(project_used, user_used)
    except exception.OverQuota as error:
        for uuid in instance_uuids:
            instances_db.instance_destroy(context, uuid)
        return error
    return None


def _read_committed_on_mysql(context):
    # InnoDB's default REPEATABLE READ would take gap locks on the range
    # and stall (or deadlock with) other requests' inserts; row locks are
    # all the turn-taking needs (nova.db.api.read_committed_on_mysql).
    api.read_committed_on_mysql(context)
