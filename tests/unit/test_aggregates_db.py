"""Aggregate objects on SQLite, MariaDB and PostgreSQL."""

import pytest

from nova import exception
from nova import objects
from nova.scheduler import aggregates as sched_aggregates


def _create(context, name, metadata=None, hosts=()):
    aggregate = objects.Aggregate(context=context, name=name)
    if metadata:
        aggregate.metadata = metadata
    aggregate.create()
    for host in hosts:
        aggregate.add_host(host)
    return aggregate


def test_create_show_with_hosts_and_metadata(any_admin_context):
    ctx = any_admin_context
    agg = _create(ctx, 'fast', {'availability_zone': 'az1', 'ssd': 'true'},
                  hosts=['h1', 'h2'])
    loaded = objects.Aggregate.get_by_id(ctx, agg.id)
    assert loaded.name == 'fast'
    assert loaded.hosts == ['h1', 'h2']
    assert loaded.metadata == {'availability_zone': 'az1', 'ssd': 'true'}
    assert loaded.availability_zone == 'az1'
    assert loaded.uuid and loaded.created_at is not None


def test_duplicate_name_refused_until_deleted(any_admin_context):
    ctx = any_admin_context
    first = _create(ctx, 'dup')
    with pytest.raises(exception.AggregateNameExists):
        _create(ctx, 'dup')
    first.destroy()
    assert _create(ctx, 'dup').id != first.id


def test_rename_to_existing_name_refused(any_admin_context):
    ctx = any_admin_context
    _create(ctx, 'a')
    b = _create(ctx, 'b')
    b.name = 'a'
    with pytest.raises(exception.AggregateNameExists):
        b.save()


def test_host_membership(any_admin_context):
    ctx = any_admin_context
    agg = _create(ctx, 'a', hosts=['h1'])
    with pytest.raises(exception.AggregateHostExists):
        agg.add_host('h1')
    with pytest.raises(exception.AggregateHostNotFound):
        agg.delete_host('h9')
    agg.delete_host('h1')
    assert objects.Aggregate.get_by_id(ctx, agg.id).hosts == []


def test_metadata_update_sets_replaces_and_deletes(any_admin_context):
    ctx = any_admin_context
    agg = _create(ctx, 'a', {'k1': 'v1', 'k2': 'v2'})
    agg.update_metadata({'k1': 'new', 'k2': None, 'k3': 'v3'})
    assert objects.Aggregate.get_by_id(ctx, agg.id).metadata == {
        'k1': 'new', 'k3': 'v3'}


def test_unknown_and_deleted_aggregates_not_found(any_admin_context):
    ctx = any_admin_context
    with pytest.raises(exception.AggregateNotFound):
        objects.Aggregate.get_by_id(ctx, 12345)
    agg = _create(ctx, 'gone', {'k': 'v'})
    agg.destroy()
    with pytest.raises(exception.AggregateNotFound):
        objects.Aggregate.get_by_id(ctx, agg.id)
    assert objects.AggregateList.get_all(ctx).objects == []


def test_list_and_by_host(any_admin_context):
    ctx = any_admin_context
    a = _create(ctx, 'a', hosts=['h1', 'h2'])
    b = _create(ctx, 'b', hosts=['h2'])
    assert [x.name for x in objects.AggregateList.get_all(ctx)] == ['a', 'b']
    assert [x.id for x in objects.AggregateList.get_by_host(ctx, 'h2')] == \
        [a.id, b.id]
    assert [x.id for x in objects.AggregateList.get_by_host(ctx, 'h1')] == \
        [a.id]


class _State:
    def __init__(self, host):
        self.host = host


def test_bulk_loader_sets_aggregates_and_zones(any_admin_context, conf):
    ctx = any_admin_context
    conf.set_override('default_availability_zone', 'plain')
    _create(ctx, 'zone', {'availability_zone': 'az1'}, hosts=['h1'])
    _create(ctx, 'ssd', {'ssd': 'true'}, hosts=['h1', 'h2'])
    states = [_State('h1'), _State('h2'), _State('h3')]
    sched_aggregates.load_aggregates(ctx, states)
    assert [sorted(a.name for a in s.aggregates) for s in states] == [
        ['ssd', 'zone'], ['ssd'], []]
    assert [s.availability_zone for s in states] == ['az1', 'plain',
                                                     'plain']


def test_loader_cache_reused_until_anything_changes(any_admin_context):
    ctx = any_admin_context
    cache = sched_aggregates._Cache()
    # Nothing changed (no rows at all): the same mapping is reused.
    first = cache.get(ctx)
    assert cache.get(ctx) is first
    # Changes in quick succession (the same second) are all seen.
    agg = _create(ctx, 'z', {'availability_zone': 'az1'}, hosts=['h1'])
    assert cache.get(ctx)['h1'][1] == 'az1'
    for zone in ('az2', 'az3'):
        agg.update_metadata({'availability_zone': zone})
        assert cache.get(ctx)['h1'][1] == zone
    agg.add_host('h2')
    assert set(cache.get(ctx)) == {'h1', 'h2'}
    agg.delete_host('h1')
    assert set(cache.get(ctx)) == {'h2'}
