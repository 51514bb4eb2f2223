"""nova.quota: limits resolution, usage counting and the checks, on
SQLite, MariaDB and PostgreSQL."""

import concurrent.futures
import functools
import threading
import types

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import pytest
import sqlalchemy.orm

from nova import context as nova_context
from nova.db import api as db_api
from nova.db import instances as instances_db
from nova.db import keypairs as keypairs_db
from nova.db import named_locks
from nova.db import quotas as quotas_db
from nova import exception
from nova import quota

FLAVOR = types.SimpleNamespace(vcpus=2, memory_mb=512)


def _context(user_id='alice', project_id='proj-a'):
    return nova_context.RequestContext(user_id=user_id,
                                       project_id=project_id)


def _add_instance(project_id='proj-a', user_id='alice', vcpus=2,
                  memory_mb=512, vm_state='active', context=None):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(context or _context(user_id, project_id), {
        'uuid': uuid, 'project_id': project_id, 'user_id': user_id,
        'vcpus': vcpus, 'memory_mb': memory_mb, 'vm_state': vm_state})
    return uuid


def _alive(project_id='proj-a'):
    return quota.usage(_context(project_id=project_id),
                       project_id)['instances']


def test_limits_resolve_config_class_project_user(any_db, conf):
    conf.set_override('instances', 7, group='quota')
    conf.set_override('injected_file_path_length', 99, group='quota')
    ctx = _context()
    limits = quota.project_limits(ctx, 'proj-a')
    assert (limits['instances'], limits['cores'],
            limits['injected_file_path_bytes'], limits['fixed_ips']) == (
        7, 20, 99, -1)
    # The 'default' class overrides the configuration...
    quotas_db.quota_class_set(ctx, 'default', {'instances': 8, 'cores': 30})
    quotas_db.quota_class_set(ctx, 'gold', {'instances': 100})
    assert quota.defaults(ctx)['instances'] == 8
    assert quota.class_limits(ctx, 'gold')['instances'] == 100
    assert quota.class_limits(ctx, 'gold')['cores'] == 20
    # ...the project's own limits override the class, the user's those.
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 5, 'ram': -1})
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 2}, user_id='alice')
    limits = quota.project_limits(ctx, 'proj-a')
    assert (limits['instances'], limits['cores'], limits['ram']) == (
        5, 30, -1)
    assert quota.project_limits(ctx, 'proj-b')['instances'] == 8
    user = quota.user_limits(ctx, 'proj-a', 'alice')
    assert (user['instances'], user['cores'], user['ram']) == (2, 30, -1)
    assert quota.user_limits(ctx, 'proj-a', 'bob')['instances'] == 5
    # Setting again updates; destroying falls back to the defaults.
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 6})
    assert quota.project_limits(ctx, 'proj-a')['instances'] == 6
    quotas_db.quota_destroy_all(ctx, 'proj-a', user_id='alice')
    assert quota.user_limits(ctx, 'proj-a', 'alice')['instances'] == 6
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 2}, user_id='alice')
    quotas_db.quota_destroy_all(ctx, 'proj-a')
    assert quota.user_limits(ctx, 'proj-a', 'alice')['instances'] == 8


def test_usage_counts_live_servers_and_the_users_key_pairs(any_db):
    ctx = _context()
    _add_instance(vcpus=2, memory_mb=512)
    _add_instance(vcpus=4, memory_mb=1024, vm_state='soft-delete')
    _add_instance(user_id='bob', vcpus=1, memory_mb=256)
    _add_instance(project_id='proj-b', vcpus=8, memory_mb=4096)
    instances_db.instance_destroy(ctx, _add_instance(vcpus=16))
    keypairs_db.key_pair_create(ctx, {
        'user_id': 'alice', 'name': 'k', 'fingerprint': 'f',
        'public_key': 'ssh-rsa AAAA', 'type': 'ssh'})
    used = quota.usage(ctx, 'proj-a')
    # Soft-deleted servers keep their resources until really deleted.
    assert (used['instances'], used['cores'], used['ram'],
            used['key_pairs'], used['server_groups']) == (3, 7, 1792, 0, 0)
    used = quota.usage(ctx, 'proj-a', user_id='alice')
    assert (used['instances'], used['cores'], used['ram'],
            used['key_pairs']) == (2, 6, 1536, 1)
    # The create's check reads both in one query, to the same figures.
    assert instances_db.instance_usage_by_project_and_user(
        ctx, 'proj-a', 'alice') == (
        {'instances': 3, 'cores': 7, 'ram': 1792},
        {'instances': 2, 'cores': 6, 'ram': 1536})
    assert instances_db.instance_usage_by_project_and_user(
        ctx, 'proj-c', 'alice') == (
        {'instances': 0, 'cores': 0, 'ram': 0},
        {'instances': 0, 'cores': 0, 'ram': 0})


def test_check_deltas(any_db, conf):
    conf.set_override('cores', 4, group='quota')
    conf.set_override('key_pairs', 0, group='quota')
    ctx = _context()
    _add_instance(vcpus=3)
    quota.check_deltas(ctx, {'instances': 1, 'cores': 1})
    with pytest.raises(exception.OverQuota) as error:
        quota.check_deltas(ctx, {'instances': 1, 'cores': 2})
    assert error.value.code == 403
    assert str(error.value) == ('Quota exceeded for cores: Requested 2, '
                                'but already used 3 of 4 cores')
    with pytest.raises(exception.OverQuota):
        quota.check_deltas(ctx, {'key_pairs': 1})
    # A user's own limit counts only the user's servers.
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 1}, user_id='bob')
    _add_instance(user_id='bob', vcpus=0)
    with pytest.raises(exception.OverQuota) as error:
        quota.check_deltas(ctx, {'instances': 1}, user_id='bob')
    assert 'already used 1 of 1 instances' in str(error.value)
    quota.check_deltas(ctx, {'instances': 1})
    conf.set_override('cores', -1, group='quota')
    quota.check_deltas(ctx, {'cores': 10 ** 6})


def test_metadata_and_injected_files(any_db, conf):
    ctx = _context()
    quotas_db.quota_set(ctx, 'proj-a', {
        'metadata_items': 1, 'injected_files': 1,
        'injected_file_path_bytes': 5, 'injected_file_content_bytes': 3})
    quota.check_metadata(ctx, {'a': '1'})
    with pytest.raises(exception.MetadataLimitExceeded,
                       match='Maximum number of metadata items exceeds 1'):
        quota.check_metadata(ctx, {'a': '1', 'b': '2'})
    quota.check_injected_files(ctx, [('/a/b', 'abc')])
    with pytest.raises(exception.OnsetFileLimitExceeded,
                       match='^Personality file limit exceeded$'):
        quota.check_injected_files(ctx, [('/a', 'a'), ('/b', 'b')])
    with pytest.raises(exception.OnsetFilePathLimitExceeded,
                       match='^Personality file path exceeds maximum 5$'):
        quota.check_injected_files(ctx, [('/a/b/c', 'a')])
    with pytest.raises(exception.OnsetFileContentLimitExceeded,
                       match='^Personality file content exceeds maximum 3$'):
        quota.check_injected_files(ctx, [('/a', 'abcd')])


def test_instances_that_fit_trims_to_the_tightest_limit(any_db, conf):
    conf.set_override('instances', 10, group='quota')
    conf.set_override('cores', 20, group='quota')
    ctx = _context()
    for _ in range(7):
        _add_instance(vcpus=2)
    # 3 more instances fit, but only 3 x 2 cores; ram is unlimited here.
    conf.set_override('ram', -1, group='quota')
    assert quota.instances_that_fit(ctx, FLAVOR, 1, 5) == 3
    assert quota.instances_that_fit(ctx, FLAVOR, 3, 3) == 3
    with pytest.raises(exception.TooManyInstances) as error:
        quota.instances_that_fit(ctx, FLAVOR, 4, 4)
    assert str(error.value) == (
        'Quota exceeded for instances, cores: Requested 4, 8, but already '
        'used 7, 14 of 10, 20 instances, cores')
    with pytest.raises(exception.TooManyInstances) as error:
        quota.instances_that_fit(
            ctx, types.SimpleNamespace(vcpus=4, memory_mb=1), 2, 5)
    assert str(error.value) == (
        'Quota exceeded for instances, cores: Requested 2-5, 20, but '
        'already used 7, 14 of 10, 20 instances, cores')
    # The user's own limit trims too.
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 8}, user_id='alice')
    assert quota.instances_that_fit(ctx, FLAVOR, 1, 5) == 1


def test_recheck_deletes_our_rows_when_over(any_db, conf):
    conf.set_override('instances', 2, group='quota')
    ctx = _context()
    mine = [types.SimpleNamespace(uuid=_add_instance()) for _ in range(2)]
    quota.recheck_instances(ctx, FLAVOR, mine)
    assert _alive() == 2
    # A concurrent create slipped a server in after our count.
    late = [types.SimpleNamespace(uuid=_add_instance())]
    with pytest.raises(exception.TooManyInstances) as error:
        quota.recheck_instances(ctx, FLAVOR, late)
    assert str(error.value) == ('Quota exceeded for instances: Requested '
                                '1, but already used 2 of 2 instances')
    assert _alive() == 2
    with pytest.raises(exception.InstanceNotFound):
        instances_db.instance_get_by_uuid(ctx, late[0].uuid)


def test_parallel_rechecks_keep_exactly_the_limit(any_db, conf):
    """Twenty creates that all passed the first count: their rechecks
    take turns, so exactly the limit survives, never more or fewer."""
    conf.set_override('instances', 10, group='quota')
    ctx = _context()
    rows = [types.SimpleNamespace(uuid=_add_instance()) for _ in range(20)]

    def recheck(row):
        try:
            quota.recheck_instances(ctx, FLAVOR, [row])
            return True
        except exception.TooManyInstances:
            return False

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        kept = list(pool.map(recheck, rows))
    assert kept.count(True) == 10
    assert _alive() == 10


def test_parallel_creates_and_rechecks_never_exceed_the_limit(any_db, conf):
    """Inserts and rechecks interleaved across threads, as servers'
    creates do: each count, insert, recheck in turn."""
    conf.set_override('instances', 5, group='quota')
    ctx = _context()

    def create(_):
        try:
            quota.instances_that_fit(ctx, FLAVOR, 1, 1)
            row = types.SimpleNamespace(uuid=_add_instance())
            quota.recheck_instances(ctx, FLAVOR, [row])
            return True
        except exception.TooManyInstances:
            return False

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        created = list(pool.map(create, range(16)))
    assert created.count(True) == 5
    assert _alive() == 5


def _created_in_recount(ctx, flavor=FLAVOR, then=None):
    """One create as compute's API writes it: rows inside
    instances_recounted. (kept, rows written, list left)."""
    rows = []
    uuid = None
    try:
        with quota.instances_recounted(ctx, flavor, 1, rows):
            uuid = _add_instance(context=ctx)
            rows.append(types.SimpleNamespace(uuid=uuid))
            if then is not None:
                then()
        return True, uuid, rows
    except exception.TooManyInstances:
        return False, uuid, rows


def _ever_written(uuid):
    """Whether a row of uuid exists, deleted or not."""
    ctx = nova_context.get_admin_context(read_deleted='yes')
    try:
        instances_db.instance_get_by_uuid(ctx, uuid)
        return True
    except exception.InstanceNotFound:
        return False


def test_parallel_creates_recounted_in_their_insert_keep_the_limit(
        any_db, conf):
    """Twenty creates of a project with no server yet (no row to lock)
    that all passed the first count, each inserting and recounting in
    one transaction: exactly the limit is kept, and the refused ones
    never wrote a row (their transaction rolled back)."""
    conf.set_override('instances', 10, group='quota')
    ctx = _context()
    # Every first count before any insert, however the threads are
    # scheduled (on a loaded machine a late one counted the others' rows).
    counted = threading.Barrier(20, timeout=60)

    def create(_):
        assert quota.instances_that_fit(ctx, FLAVOR, 1, 1)
        counted.wait()
        return _created_in_recount(ctx)

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = list(pool.map(create, range(20)))
    assert [kept for kept, _, _ in results].count(True) == 10
    assert _alive() == 10
    for kept, uuid, rows in results:
        assert _ever_written(uuid) == kept
        assert len(rows) == (1 if kept else 0)


def test_a_failure_inside_the_recounted_insert_leaves_no_row(any_db, conf):
    conf.set_override('instances', 10, group='quota')

    def fail():
        raise ValueError('a later step of the create failed')

    with pytest.raises(ValueError):
        _created_in_recount(_context(), then=fail)
    assert _alive() == 0
    # Unlimited: no recount, the same transaction all the same.
    conf.set_override('instances', -1, group='quota')
    conf.set_override('cores', -1, group='quota')
    conf.set_override('ram', -1, group='quota')
    assert _created_in_recount(_context())[0]
    assert _alive() == 1


def test_the_recount_refuses_what_a_committed_create_took(any_db, conf):
    """The refusal names the usage without ours, as recheck_instances
    does; the named lock is free again once the transaction ended."""
    conf.set_override('instances', 2, group='quota')
    ctx = _context()
    _add_instance()
    _add_instance()
    kept, uuid, rows = _created_in_recount(ctx)
    assert (kept, rows, _ever_written(uuid)) == (False, [], False)

    def lock_is_free():
        engine = db_api.get_engine()
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT IS_FREE_LOCK('%s')" % named_locks.mysql_name(
                    engine, 'instances-of-project:proj-a')).scalar()

    with pytest.raises(exception.TooManyInstances) as error:
        with quota.instances_recounted(ctx, FLAVOR, 1, rows):
            rows.append(types.SimpleNamespace(
                uuid=_add_instance(context=ctx)))
    assert str(error.value) == ('Quota exceeded for instances: Requested '
                                '1, but already used 2 of 2 instances')
    if any_db == 'mysql':
        assert lock_is_free() == 1
        # Held by a create under way, then free again.
        conf.set_override('instances', 3, group='quota')
        while_held = []
        assert _created_in_recount(
            ctx, then=lambda: while_held.append(lock_is_free()))[0]
        assert (while_held, lock_is_free()) == ([0], 1)


def test_the_recount_must_begin_its_transaction(db):
    """On MariaDB a read before the wait would fix the snapshot the count
    sees, missing what the creates before committed: refused loudly."""
    ctx = _context()
    with db_api.context_manager.writer.using(ctx):
        quota.usage(ctx, 'proj-a')
        with pytest.raises(exception.NovaException):
            quotas_db.recount_instances(ctx, 'proj-a', 'alice',
                                        lambda *usage: None)


def test_the_recount_falls_back_where_names_cannot_lock(
        any_db, conf, monkeypatch):
    """Galera refuses named locks: each insert commits on its own and
    recheck_instances deletes ours after."""
    monkeypatch.setattr(quotas_db, 'can_recount_in_transaction',
                        lambda: False)
    conf.set_override('instances', 1, group='quota')
    ctx = _context()
    assert _created_in_recount(ctx)[0]
    kept, uuid, rows = _created_in_recount(ctx)
    assert not kept and _alive() == 1
    assert rows[0].uuid == uuid and _ever_written(uuid)


def _usage_not_counted(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError('usage counted for an unlimited resource')
    monkeypatch.setattr(quota, 'usage', refuse)


def test_unlimited_resources_are_not_counted(db, conf, monkeypatch):
    ctx = _context()
    counted = quota.usage
    _usage_not_counted(monkeypatch)
    # [quota] fixed_ips is unlimited by default: nothing to count.
    quota.check_deltas(ctx, {'fixed_ips': 10 ** 6})
    conf.set_override('instances', -1, group='quota')
    conf.set_override('cores', -1, group='quota')
    conf.set_override('ram', -1, group='quota')
    assert quota.instances_that_fit(ctx, FLAVOR, 1, 10 ** 6) == 10 ** 6
    # A limit on the user alone is still checked.
    monkeypatch.setattr(quota, 'usage', counted)
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 1}, user_id='alice')
    _add_instance()
    with pytest.raises(exception.OverQuota):
        quota.check_deltas(ctx, {'fixed_ips': 1, 'instances': 1})
    with pytest.raises(exception.TooManyInstances):
        quota.instances_that_fit(ctx, FLAVOR, 1, 1)


def test_only_the_resources_checked_are_counted(db, conf):
    ctx = _context()
    _add_instance(vcpus=3)
    used = quota.usage(ctx, 'proj-a', resources=('cores',))
    assert used['cores'] == 3
    assert used['instances'] == 3 // 3
    assert used['security_groups'] == 0


def test_limits_are_read_once_per_request(db, conf):
    ctx = _context()
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 5})
    with quota.limits_read_once():
        assert quota.project_limits(ctx, 'proj-a')['instances'] == 5
        quotas_db.quota_set(ctx, 'proj-a', {'instances': 6})
        # Read at the start of the request, whatever changes during it.
        assert quota.project_limits(ctx, 'proj-a')['instances'] == 5
        assert quota.user_limits(ctx, 'proj-a', 'alice')['instances'] == 5
        # Other projects are read on their own.
        assert quota.project_limits(ctx, 'proj-b')['instances'] == 10
        # A copy each time: a caller changing it changes nothing else.
        quota.project_limits(ctx, 'proj-a')['instances'] = 0
        assert quota.project_limits(ctx, 'proj-a')['instances'] == 5
    # The next request sees the change.
    assert quota.project_limits(ctx, 'proj-a')['instances'] == 6


def test_callers_limits_are_read_in_one_query(any_db, conf, monkeypatch):
    conf.set_override('cores', 33, group='quota')
    ctx = _context()
    quotas_db.quota_class_set(ctx, 'default', {'instances': 8, 'ram': 99})
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 5})
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 2}, user_id='alice')
    quotas_db.quota_set(ctx, 'proj-a', {'instances': 3}, user_id='bob')
    expected = (quota.project_limits(ctx, 'proj-a'),
                quota.user_limits(ctx, 'proj-a', 'alice'))
    assert (expected[0]['instances'], expected[0]['cores'],
            expected[0]['ram'], expected[1]['instances']) == (5, 33, 99, 2)
    calls = []
    for name in ('quota_get_all', 'quota_class_get', 'limits_of'):
        monkeypatch.setattr(quotas_db, name, functools.partial(
            lambda f, n, *a, **k: calls.append(n) or f(*a, **k),
            getattr(quotas_db, name), name))
    with quota.limits_read_once():
        assert quota.user_limits(ctx, 'proj-a', 'alice') == expected[1]
        assert quota.project_limits(ctx, 'proj-a') == expected[0]
    assert calls == ['limits_of']
    # Another user's limits are read on their own, as before.
    calls.clear()
    with quota.limits_read_once():
        assert quota.user_limits(ctx, 'proj-a', 'bob')['instances'] == 3
    assert 'quota_get_all' in calls


def test_a_commit_cut_off_keeps_its_rows_listed_for_the_undo(
        any_db, conf, monkeypatch):
    """The database went away during the commit: whether the rows were
    written is unknown, so they stay listed for the caller to delete
    (an emptied list left a server its create had answered 503 for)."""
    conf.set_override('instances', 10, group='quota')
    commit = sqlalchemy.orm.Session.commit

    def committed_then_cut_off(session):
        commit(session)
        raise db_exc.DBConnectionError('lost the answer to COMMIT')

    monkeypatch.setattr(sqlalchemy.orm.Session, 'commit',
                        committed_then_cut_off)
    ctx = _context()
    rows = []
    with pytest.raises(db_exc.DBConnectionError):
        with quota.instances_recounted(ctx, FLAVOR, 1, rows):
            rows.append(types.SimpleNamespace(
                uuid=_add_instance(context=ctx)))
    assert len(rows) == 1 and _ever_written(rows[0].uuid)

    # A deadlock at the commit is the server's refusal: rolled back.
    def refused(session):
        session.rollback()
        raise db_exc.DBDeadlock()

    monkeypatch.setattr(sqlalchemy.orm.Session, 'commit', refused)
    ctx = _context()
    rows = []
    with pytest.raises(db_exc.DBDeadlock):
        with quota.instances_recounted(ctx, FLAVOR, 1, rows):
            uuid = _add_instance(context=ctx)
            rows.append(types.SimpleNamespace(uuid=uuid))
    assert rows == [] and not _ever_written(uuid)
