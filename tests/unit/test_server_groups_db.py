"""Server groups in the database: policy, rules, members and their hosts."""

from oslo_utils import uuidutils
import pytest

from nova.compute import server_group_hint
from nova import context as nova_context
from nova.db import instances as instances_db
from nova.db import server_groups as db
from nova import exception
from nova import objects
from nova import quota
from tests.unit import stored_instances


def _group(context, policy='anti-affinity', project_id='p', members=(),
           **rules):
    group = objects.InstanceGroup(
        context=context, uuid=uuidutils.generate_uuid(), name='g',
        user_id='u', project_id=project_id, policy=policy,
        rules={k: str(v) for k, v in rules.items()}, members=list(members))
    group.create()
    return group


def test_create_and_read_back(any_admin_context):
    ctx = any_admin_context
    group = _group(ctx, max_server_per_host=2)
    found = objects.InstanceGroup.get_by_uuid(ctx, group.uuid)
    assert (found.name, found.policy, found.project_id) == (
        'g', 'anti-affinity', 'p')
    assert found.rules == {'max_server_per_host': '2'}
    assert found.members == [] and found.hosts == []
    assert isinstance(found.id, int)


def test_members_and_their_hosts_in_one_read(any_admin_context):
    ctx = any_admin_context
    on_a = stored_instances.create(ctx, host='a')
    also_a = stored_instances.create(ctx, host='a')
    on_b = stored_instances.create(ctx, host='b')
    unplaced = stored_instances.create(ctx, host=None)
    group = _group(ctx, members=[on_a.uuid])
    members = objects.InstanceGroup.add_members(
        ctx, group.uuid, [also_a.uuid, on_b.uuid, unplaced.uuid, on_a.uuid])
    # Adding a member twice keeps it once.
    assert members == [on_a.uuid, also_a.uuid, on_b.uuid, unplaced.uuid]
    group.refresh()
    assert group.members == members
    assert group.hosts == ['a', 'b']
    by_member = objects.InstanceGroup.get_by_instance_uuid(ctx, on_b.uuid)
    assert by_member.uuid == group.uuid


def test_deleting_an_instance_drops_its_membership(any_admin_context):
    """Removed in instance_destroy's transaction, so no read ever lists a
    deleted server as a member."""
    ctx = any_admin_context
    keep = stored_instances.create(ctx, host='a')
    gone = stored_instances.create(ctx, host='b')
    group = _group(ctx, members=[keep.uuid, gone.uuid])
    instances_db.instance_destroy(ctx, gone.uuid)
    group.refresh()
    assert group.members == [keep.uuid]
    assert group.hosts == ['a']
    with pytest.raises(exception.InstanceGroupNotFound):
        objects.InstanceGroup.get_by_instance_uuid(ctx, gone.uuid)


def test_list_and_count_by_project(any_admin_context):
    ctx = any_admin_context
    mine = [_group(ctx), _group(ctx, policy='affinity')]
    theirs = _group(ctx, project_id='other')
    listed = objects.InstanceGroupList.get_all(ctx, project_id='p')
    assert [g.uuid for g in listed] == [g.uuid for g in mine]
    assert {g.uuid for g in objects.InstanceGroupList.get_all(ctx)} == {
        g.uuid for g in mine + [theirs]}
    assert objects.InstanceGroupList.get_count_by_project(ctx, 'p') == 2
    assert db.instance_group_count_by_project(ctx, 'p', user_id='x') == 0


def test_delete_removes_group_policy_and_members(any_admin_context):
    ctx = any_admin_context
    member = stored_instances.create(ctx)
    group = _group(ctx, members=[member.uuid])
    group.destroy()
    with pytest.raises(exception.InstanceGroupNotFound):
        objects.InstanceGroup.get_by_uuid(ctx, group.uuid)
    with pytest.raises(exception.InstanceGroupNotFound):
        objects.InstanceGroup.get_by_instance_uuid(ctx, member.uuid)
    with pytest.raises(exception.InstanceGroupNotFound):
        group.destroy()
    assert objects.InstanceGroupList.get_count_by_project(ctx, 'p') == 0


def test_adding_members_past_the_limit_adds_none(any_admin_context):
    ctx = any_admin_context
    group = _group(ctx)
    first, second, third = (stored_instances.create(ctx) for _ in range(3))
    objects.InstanceGroup.add_members(ctx, group.uuid, [first.uuid],
                                      max_members=2)
    with pytest.raises(exception.OverQuota):
        objects.InstanceGroup.add_members(
            ctx, group.uuid, [second.uuid, third.uuid], max_members=2)
    group.refresh()
    assert group.members == [first.uuid]
    # Members already in do not count twice.
    assert objects.InstanceGroup.add_members(
        ctx, group.uuid, [first.uuid, second.uuid], max_members=2) == [
        first.uuid, second.uuid]


def test_join_that_loses_the_member_race_deletes_its_servers(db, conf):
    """Root cause: two creates both passed the member count before either
    added its servers; the locked add is the one that decides."""
    conf.set_override('server_group_members', 1, group='quota')
    ctx = nova_context.RequestContext(user_id='u', project_id='p')
    group = _group(ctx)
    checked = objects.InstanceGroup.get_by_uuid(ctx, group.uuid)
    quota.check_server_group_members(ctx, checked, 1)
    winner = stored_instances.create(ctx)
    server_group_hint.join(ctx, group, [winner])
    loser = stored_instances.create(ctx)
    with pytest.raises(exception.OverQuota):
        server_group_hint.join(ctx, checked, [loser])
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(ctx, loser.uuid)
    assert objects.InstanceGroup.get_by_uuid(ctx, group.uuid).members == [
        winner.uuid]


def test_of_two_members_on_one_host_exactly_one_is_unplaced(
        any_admin_context):
    ctx = any_admin_context
    first = stored_instances.create(ctx, host='a')
    second = stored_instances.create(ctx, host='a')
    alone = stored_instances.create(ctx, host='b')
    group = _group(ctx, members=[first.uuid, second.uuid, alone.uuid])
    assert not group.unplace_if_shared(alone.uuid, 'b')
    assert group.unplace_if_shared(second.uuid, 'a')
    # The second's host was cleared in its turn: the first now is alone.
    assert not group.unplace_if_shared(first.uuid, 'a')
    hosts = {uuid: objects.Instance.get_by_uuid(ctx, uuid).host
             for uuid in (first.uuid, second.uuid, alone.uuid)}
    assert hosts == {first.uuid: 'a', second.uuid: None, alone.uuid: 'b'}
    group.destroy()
    assert not group.unplace_if_shared(first.uuid, 'a')
