"""Quotas: the limits that apply to a project or user and what it uses.

Limits resolve as upstream's DbQuotaDriver does: the [quota] options,
overridden by the 'default' quota class, then by the project's own limits,
then by the user's. Usage is counted from the database when asked, so
there is no usage table to drift; -1 means unlimited.
"""

import contextlib
import functools
import threading

from oslo_db import exception as db_exc

import nova.conf
from nova import exception
from nova import lazy_import

db_api = lazy_import.module('nova.db.api')
instances_db = lazy_import.module('nova.db.instances')
keypairs_db = lazy_import.module('nova.db.keypairs')
quotas_db = lazy_import.module('nova.db.quotas')
server_groups_db = lazy_import.module('nova.db.server_groups')

CONF = nova.conf.CONF

# Every resource, in the order upstream's API shows them.
RESOURCES = ('instances', 'cores', 'ram', 'metadata_items',
             'injected_files', 'injected_file_content_bytes',
             'injected_file_path_bytes', 'key_pairs', 'server_groups',
             'server_group_members', 'fixed_ips', 'floating_ips',
             'security_groups', 'security_group_rules')
# Limits of personality files, gone from the API at microversion 2.57.
INJECTED_FILE_RESOURCES = ('injected_files', 'injected_file_content_bytes',
                           'injected_file_path_bytes')
# Quota classes show server group limits from microversion 2.50 only.
CLASS_RESOURCES = tuple(r for r in RESOURCES
                        if r not in ('server_groups', 'server_group_members'))
# The API's name where the [quota] option has another one.
_OPTION_NAMES = {'injected_file_path_bytes': 'injected_file_path_length'}
# Counted over all of a project's servers (and a user's own, for the
# user's limit).
INSTANCE_RESOURCES = ('instances', 'cores', 'ram')
# Counted per user only: key pairs belong to users, not projects.
USER_RESOURCES = ('key_pairs',)
DEFAULT_CLASS = 'default'
NETWORK_RESOURCES = ('fixed_ips', 'floating_ips', 'security_groups')

# The limits this thread has read inside limits_read_once, or None.
_read_once = threading.local()


@contextlib.contextmanager
def limits_read_once():
    """Within it, this thread reads a project's (or user's) limits from the
    database once: the checks of one server create would read them five
    times. Only for a request's duration, so a change of limits applies
    to the next one."""
    if getattr(_read_once, 'limits', None) is not None:
        yield
        return
    _read_once.limits = {}
    try:
        yield
    finally:
        _read_once.limits = None


def reads_limits_once(func):
    """Runs func inside limits_read_once (for a request's whole work)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with limits_read_once():
            return func(*args, **kwargs)
    return wrapper


def _read(key, reader):
    known = getattr(_read_once, 'limits', None)
    if known is None:
        return reader()
    if key not in known:
        known[key] = reader()
    return dict(known[key])


def defaults(context):
    """The limits of a project that has none of its own."""
    return class_limits(context, DEFAULT_CLASS)


def _config_limits():
    return {r: getattr(CONF.quota, _OPTION_NAMES.get(r, r))
            for r in RESOURCES}


def _override(limits, stored):
    limits = dict(limits)
    limits.update((r, v) for r, v in stored.items() if r in limits)
    return limits


def class_limits(context, class_name):
    """A quota class's limits; what it does not set comes from config."""
    return _override(_config_limits(),
                     quotas_db.quota_class_get(context, class_name))


def _read_callers_once(context, project_id, user_id):
    """Inside limits_read_once, the caller's project and user limits are
    read together, in one query (a create needs both)."""
    known = getattr(_read_once, 'limits', None)
    callers = (context.project_id, context.user_id)
    if known is None or not user_id or (project_id, user_id) != callers \
            or ('user', project_id, user_id) in known:
        return
    # Kept a few seconds per process (nova.recent_answers): a create reads
    # them on every request, and they change seldom.
    stored_class, stored_project, stored_user = quotas_db.limits_of_recent(
        context, DEFAULT_CLASS, project_id, user_id)
    project = _override(_override(_config_limits(), stored_class),
                        stored_project)
    known.setdefault(('project', project_id), project)
    known[('user', project_id, user_id)] = _override(
        known[('project', project_id)], stored_user)


def project_limits(context, project_id):
    _read_callers_once(context, project_id, context.user_id)

    def reader():
        limits = defaults(context)
        stored = quotas_db.quota_get_all(context, project_id)
        limits.update((r, v) for r, v in stored.items() if r in limits)
        return limits
    return _read(('project', project_id), reader)


def user_limits(context, project_id, user_id):
    """A user's limits: the project's, except those set for the user."""
    _read_callers_once(context, project_id, user_id)

    def reader():
        limits = project_limits(context, project_id)
        stored = quotas_db.quota_get_all(context, project_id,
                                         user_id=user_id)
        limits.update((r, v) for r, v in stored.items() if r in limits)
        return limits
    return _read(('user', project_id, user_id), reader)


def set_class_limits(context, class_name, limits):
    """Store a quota class's limits ({resource: limit})."""
    quotas_db.quota_class_set(context, class_name, limits)


def set_limits(context, project_id, limits, user_id=None):
    """Store a project's (or one of its users') limits."""
    quotas_db.quota_set(context, project_id, limits, user_id=user_id or '')


def reset_limits(context, project_id, user_id=None):
    """Forget a user's limits, or (no user_id) the project's and its
    users': they fall back to the defaults."""
    quotas_db.quota_destroy_all(context, project_id, user_id=user_id)


def usage(context, project_id, user_id=None, resources=RESOURCES):
    """What a project (or one of its users) uses now, per resource.

    Servers count until deleted, soft-deleted ones too. Key pairs are
    counted only for a user. Server group members are counted per group
    (check_server_group_members); security group rules per group
    (nova.network.quotas), so they count 0 here. Only the resources asked
    for are counted (the others show 0).
    """
    wanted = set(resources)
    used = dict.fromkeys(RESOURCES, 0)
    if wanted.intersection(INSTANCE_RESOURCES):
        used.update(instances_db.instance_usage_by_project(
            context, project_id, user_id=user_id))
    if 'server_groups' in wanted:
        used['server_groups'] = \
            server_groups_db.instance_group_count_by_project(
                context, project_id, user_id=user_id)
    if wanted.intersection(NETWORK_RESOURCES):
        from nova.network import quotas as network_quotas
        used.update(network_quotas.usage(context, project_id))
    if user_id is not None and 'key_pairs' in wanted:
        used['key_pairs'] = keypairs_db.key_pair_count_by_user(context,
                                                               user_id)
    return used


def _over(limit, used, requested):
    return limit >= 0 and used + requested > limit


def _raise_over(error_class, overs, requested, used, limits):
    """Upstream's message: one list per field, in the order of overs."""
    def joined(values):
        return ', '.join(str(values[r]) for r in overs)
    raise error_class(overs=', '.join(overs), req=joined(requested),
                      used=joined(used), allowed=joined(limits))


def check_deltas(context, deltas, project_id=None, user_id=None):
    """Raise OverQuota unless adding deltas {resource: n} stays in limits.

    Countable resources are checked against the project's usage and
    limit and against the user's, key pairs against the user's only.
    """
    project_id = project_id or context.project_id
    user_id = user_id or context.user_id
    project_limit = project_limits(context, project_id)
    user_limit = user_limits(context, project_id, user_id)
    # What is unlimited wherever it is checked cannot go over: its usage
    # is not counted ([quota] fixed_ips, for one, is unlimited by default).
    deltas = {r: d for r, d in deltas.items()
              if _limited(r, project_limit, user_limit)}
    if not deltas:
        return
    project_used = usage(context, project_id, resources=deltas)
    user_used = usage(context, project_id, user_id=user_id,
                      resources=deltas)
    overs = []
    for resource, delta in deltas.items():
        if resource not in USER_RESOURCES and _over(
                project_limit[resource], project_used[resource], delta):
            overs.append((resource, project_used, project_limit))
        elif _over(user_limit[resource], user_used[resource], delta):
            overs.append((resource, user_used, user_limit))
    if overs:
        names = [r for r, _, _ in overs]
        _raise_over(exception.OverQuota, names, deltas,
                    {r: u[r] for r, u, _ in overs},
                    {r: lim[r] for r, _, lim in overs})


def _limited(resource, project_limit, user_limit):
    return user_limit[resource] >= 0 or (
        resource not in USER_RESOURCES and project_limit[resource] >= 0)


def server_group_member_limit(context):
    """How many servers one group of the caller may hold (-1: no limit)."""
    return user_limits(context, context.project_id,
                       context.user_id)['server_group_members']


def check_server_group_members(context, group, count):
    """Raise OverQuota unless count more servers fit in group.

    Adding the members checks again under lock (see
    nova.compute.server_group_hint.join), for concurrent creates.
    """
    limit = server_group_member_limit(context)
    if _over(limit, len(group.members), count):
        resource = ['server_group_members']
        _raise_over(exception.OverQuota, resource,
                    {resource[0]: count}, {resource[0]: len(group.members)},
                    {resource[0]: limit})


def check_metadata(context, metadata):
    limit = project_limits(context, context.project_id)['metadata_items']
    if _over(limit, 0, len(metadata)):
        raise exception.MetadataLimitExceeded(allowed=limit)


def check_injected_files(context, files):
    """Personality files [(path, contents)] against their three limits."""
    limits = project_limits(context, context.project_id)
    if _over(limits['injected_files'], 0, len(files)):
        raise exception.OnsetFileLimitExceeded()
    for path, contents in files:
        if _over(limits['injected_file_path_bytes'], 0, len(path)):
            raise exception.OnsetFilePathLimitExceeded(
                allowed=limits['injected_file_path_bytes'])
        if _over(limits['injected_file_content_bytes'], 0, len(contents)):
            raise exception.OnsetFileContentLimitExceeded(
                allowed=limits['injected_file_content_bytes'])


# Server create -------------------------------------------------------------

def _instance_deltas(flavor, count):
    return {'instances': count, 'cores': count * flavor.vcpus,
            'ram': count * flavor.memory_mb}


def _instance_scopes(context, project_used, user_used):
    """(limits, usage) pairs a server create must fit: project's, user's."""
    project_id, user_id = context.project_id, context.user_id
    # One read transaction (and connection) for the five limit queries.
    with db_api.context_manager.reader.using(context):
        return ((project_limits(context, project_id), project_used),
                (user_limits(context, project_id, user_id), user_used))


def instances_that_fit(context, flavor, min_count, max_count):
    """How many of max_count servers fit the quotas, or TooManyInstances
    when not even min_count do."""
    with db_api.context_manager.reader.using(context):
        scopes = _instance_scopes(context, None, None)
        if not any(limits[r] >= 0 for limits, _ in scopes
                   for r in INSTANCE_RESOURCES):
            # Nothing to count: any number fits.
            return max_count
        # The project's usage and the user's, in one query.
        used = instances_db.instance_usage_by_project_and_user(
            context, context.project_id, context.user_id)
        scopes = [(limits, dict(dict.fromkeys(RESOURCES, 0), **counted))
                  for (limits, _), counted in zip(scopes, used)]
    per_instance = _instance_deltas(flavor, 1)
    fits = max_count
    for limits, used in scopes:
        for resource, each in per_instance.items():
            if limits[resource] >= 0 and each:
                fits = min(fits, (limits[resource] - used[resource]) // each)
    if fits >= min_count:
        return fits
    wanted = _instance_deltas(flavor, max_count)
    # Some scope is over with max_count, since not even min_count fit.
    overs, limits, used = next(
        (overs, limits, used) for limits, used in scopes
        for overs in [[r for r in INSTANCE_RESOURCES
                       if _over(limits[r], used[r], wanted[r])]] if overs)
    if min_count != max_count:
        wanted['instances'] = '%d-%d' % (min_count, max_count)
    _raise_over(exception.TooManyInstances, overs, wanted, used, limits)


def _recount_check(context, flavor, count, ours_counted):
    """check(project_usage, user_usage) for count new servers of ours,
    which the usage includes when ours_counted; None when nothing they
    use is limited (then parallel creates need not take turns)."""
    ours = _instance_deltas(flavor, count)
    placeholder = dict.fromkeys(INSTANCE_RESOURCES, 0)
    scopes = [limits for limits, _ in _instance_scopes(
        context, placeholder, placeholder)]

    if all(limits[r] < 0 for limits in scopes for r in INSTANCE_RESOURCES
           if ours[r]):
        return None

    def check(project_used, user_used):
        for limits, used in zip(scopes, (project_used, user_used)):
            before = {r: used[r] - (ours[r] if ours_counted else 0)
                      for r in INSTANCE_RESOURCES}
            overs = [r for r in INSTANCE_RESOURCES
                     if _over(limits[r], before[r], ours[r])]
            if overs:
                _raise_over(exception.TooManyInstances, overs, ours, before,
                            limits)
    return check


def creates_in_one_transaction():
    """Whether a plain create may write all its rows in one transaction:
    where the recount runs in one (not Galera), and not on SQLite, whose
    single writer would make every other write (the services'
    heartbeats among them) wait for the whole of a large create."""
    return recounts_in_transaction() and not db_api.writers_take_turns()


def recounts_in_transaction():
    """Whether instances_recounted writes in one transaction (not on
    Galera: see there)."""
    return quotas_db.can_recount_in_transaction()


@contextlib.contextmanager
def instances_recounted(context, flavor, count, instances,
                        read_committed=False):
    """Write a create's count servers inside (added to instances), after
    a recount that makes parallel creates take turns, as upstream's
    recheck_quota does: they all passed instances_that_fit, and together
    they never exceed the quota (TooManyInstances for the later ones).

    The recount, the rows and whatever else is written inside share one
    write transaction, and the project's turn lasts until it ends: an
    error anywhere rolls it all back (and empties instances). Where the
    database cannot lock by name (Galera), each write inside commits on
    its own and recheck_instances follows.

    read_committed: the transaction runs READ COMMITTED on MariaDB, for
    writes inside that need it (address allocation).
    """
    if not quotas_db.can_recount_in_transaction():
        yield
        recheck_instances(context, flavor, instances)
        return
    # The limits are read before: nothing may read inside before the
    # recount (see recount_instances).
    check = _recount_check(context, flavor, count, False)
    body_done = False
    try:
        with db_api.context_manager.writer.using(context):
            if check is not None:
                quotas_db.recount_instances(
                    context, context.project_id, context.user_id, check,
                    read_committed=read_committed)
            elif read_committed:
                db_api.read_committed_on_mysql(context)
            yield
            body_done = True
    except BaseException as error:
        # Failed before its commit, or refused by the server (a deadlock):
        # rolled back, none of them exists. A commit cut off on the way
        # (the database went away) may have been written: they stay
        # listed, for the caller's undo to delete once it can.
        if not body_done or isinstance(error, db_exc.DBDeadlock):
            del instances[:]
        raise


def recheck_instances(context, flavor, instances):
    """Count again now that our servers' rows are committed; if
    concurrent creates took the room, delete ours (never scheduled) and
    raise TooManyInstances.

    The recount takes turns per project (see keep_instances_within), so
    parallel creates end with exactly the limit, never more.
    """
    check = _recount_check(context, flavor, len(instances), True)
    if check is None:
        return
    error = quotas_db.keep_instances_within(
        context, context.project_id, context.user_id,
        [i.uuid for i in instances], check)
    if error is not None:
        raise error
