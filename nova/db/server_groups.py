"""Queries on server groups (instance_groups), their policy and members.

A group is read as a dict with its policy, rules, members and the hosts
of its members; members and hosts of any number of groups come from one
query (members outer-joined to their live instances).
"""

from oslo_serialization import jsonutils
import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova import exception

_GROUP = models.InstanceGroup
_POLICY = models.InstanceGroupPolicy
_MEMBER = models.InstanceGroupMember


def _group_rows(context, query):
    """[(group row, policy row)] of live groups matching query."""
    return context.session.execute(
        query.where(_GROUP.deleted == 0).order_by(_GROUP.id)).all()


def _select():
    return sa.select(_GROUP, _POLICY).outerjoin(
        _POLICY, _POLICY.group_id == _GROUP.id)


def _members_and_hosts(context, group_ids, hosts_without=None):
    """{group id: (members in join order, hosts without duplicates,
    {host: members on it})}; the host of member hosts_without does not
    count (a server being moved)."""
    found = {gid: ([], [], {}) for gid in group_ids}
    if not group_ids:
        return found
    instance = models.Instance
    rows = context.session.execute(
        sa.select(_MEMBER.group_id, _MEMBER.instance_uuid, instance.host)
        .outerjoin(instance, sa.and_(instance.uuid == _MEMBER.instance_uuid,
                                     instance.deleted == 0))
        .where(_MEMBER.group_id.in_(group_ids))
        .order_by(_MEMBER.id)).all()
    for group_id, instance_uuid, host in rows:
        members, hosts, counts = found[group_id]
        members.append(instance_uuid)
        if host and instance_uuid != hosts_without:
            if host not in hosts:
                hosts.append(host)
            counts[host] = counts.get(host, 0) + 1
    return found


def _as_dicts(context, pairs, hosts_without=None):
    details = _members_and_hosts(context, [g.id for g, _ in pairs],
                                 hosts_without)
    groups = []
    for group, policy in pairs:
        members, hosts, counts = details[group.id]
        groups.append({
            'id': group.id, 'uuid': group.uuid, 'name': group.name,
            'user_id': group.user_id, 'project_id': group.project_id,
            'created_at': group.created_at, 'updated_at': group.updated_at,
            'deleted_at': group.deleted_at, 'deleted': group.deleted,
            'policy': policy.policy if policy else None,
            'rules': jsonutils.loads(policy.rules) if policy and
            policy.rules else {},
            'members': members, 'hosts': hosts, 'host_counts': counts})
    return groups


def _get(context, group_uuid):
    pairs = _group_rows(context, _select().where(_GROUP.uuid == group_uuid))
    if not pairs:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    return _as_dicts(context, pairs)[0]


@api.writer
def instance_group_create(context, values, policy, rules=None,
                          members=None):
    """Create a group with its one policy (and rules) and first members."""
    group = _GROUP(**values)
    context.session.add(group)
    context.session.flush()
    context.session.add(_POLICY(group_id=group.id, policy=policy,
                                rules=jsonutils.dumps(rules or {})))
    for instance_uuid in members or ():
        context.session.add(_MEMBER(group_id=group.id,
                                    instance_uuid=instance_uuid))
    context.session.flush()
    return _get(context, group.uuid)


@api.reader
def instance_group_get(context, group_uuid):
    return _get(context, group_uuid)


@api.reader
def instance_group_get_by_instance(context, instance_uuid,
                                   others_hosts=False):
    """The group of a member; others_hosts leaves its own host out of the
    group's hosts (for moving it)."""
    group_id = context.session.scalar(
        sa.select(_MEMBER.group_id).where(
            _MEMBER.instance_uuid == instance_uuid))
    pairs = _group_rows(context, _select().where(_GROUP.id == group_id)) \
        if group_id is not None else []
    if not pairs:
        raise exception.InstanceGroupNotFound(group_uuid=instance_uuid)
    return _as_dicts(context, pairs,
                     hosts_without=instance_uuid if others_hosts else None)[0]


@api.writer
def instance_group_unplace_if_shared(context, group_uuid, instance_uuid,
                                     host, max_per_host=1):
    """Take instance_uuid off host if max_per_host other members are on it
    already; True then.

    Checks of one group take turns (its row is locked) and the loser's
    host is cleared before its turn ends, so of two members that claimed
    the same host exactly one keeps it, whichever checks first.
    """
    if context.session.scalar(sa.select(_GROUP.id).where(
            _GROUP.uuid == group_uuid, _GROUP.deleted == 0)
            .with_for_update()) is None:
        return False
    instance = models.Instance
    others = context.session.scalar(
        sa.select(sa.func.count(_MEMBER.id))
        .join(instance, instance.uuid == _MEMBER.instance_uuid)
        .join(_GROUP, _GROUP.id == _MEMBER.group_id)
        .where(_GROUP.uuid == group_uuid, instance.deleted == 0,
               instance.host == host, instance.uuid != instance_uuid))
    if others < max_per_host:
        return False
    context.session.execute(
        sa.update(instance).where(instance.uuid == instance_uuid,
                                  instance.host == host)
        .values(host=None, node=None)
        .execution_options(synchronize_session=False))
    return True


@api.reader
def instance_group_get_all(context, project_id=None):
    """Every live group, or a project's only."""
    query = _select()
    if project_id is not None:
        query = query.where(_GROUP.project_id == project_id)
    return _as_dicts(context, _group_rows(context, query))


@api.reader
def instance_group_count_by_project(context, project_id, user_id=None):
    """Live groups of a project (or of one of its users)."""
    query = sa.select(sa.func.count(_GROUP.id)).where(
        _GROUP.project_id == project_id, _GROUP.deleted == 0)
    if user_id is not None:
        query = query.where(_GROUP.user_id == user_id)
    return context.session.scalar(query)


def _group_id(context, group_uuid):
    group_id = context.session.scalar(sa.select(_GROUP.id).where(
        _GROUP.uuid == group_uuid, _GROUP.deleted == 0))
    if group_id is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    return group_id


@api.writer
def instance_group_members_add(context, group_uuid, instance_uuids,
                               max_members=-1):
    """Add members (those already in are kept once); returns all members.

    Adds to one group take turns (the group's row is locked), so
    concurrent creates never take the group past max_members (-1: no
    limit); over it, OverQuota and nothing is added.
    """
    group_id = context.session.scalar(sa.select(_GROUP.id).where(
        _GROUP.uuid == group_uuid, _GROUP.deleted == 0).with_for_update())
    if group_id is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    existing = set(context.session.scalars(
        sa.select(_MEMBER.instance_uuid).where(_MEMBER.group_id == group_id)))
    new = set(instance_uuids) - existing
    if max_members >= 0 and len(existing) + len(new) > max_members:
        raise exception.OverQuota(
            overs='server_group_members', req=len(new), used=len(existing),
            allowed=max_members)
    for instance_uuid in instance_uuids:
        if instance_uuid not in existing:
            existing.add(instance_uuid)
            context.session.add(_MEMBER(group_id=group_id,
                                        instance_uuid=instance_uuid))
    context.session.flush()
    return _get(context, group_uuid)['members']


@api.writer
def instance_group_destroy(context, group_uuid):
    """Soft-delete a group; its policy and members go with it."""
    group_id = _group_id(context, group_uuid)
    context.session.execute(sa.delete(_MEMBER).where(
        _MEMBER.group_id == group_id))
    context.session.execute(sa.delete(_POLICY).where(
        _POLICY.group_id == group_id))
    row = context.session.get(_GROUP, group_id)
    api.soft_delete(context.session, row)


def remove_instance_from_groups(context, instance_uuid):
    """Drop a deleted instance's memberships, inside the caller's
    transaction (instance_destroy), so no group lists a gone server."""
    context.session.execute(sa.delete(_MEMBER).where(
        _MEMBER.instance_uuid == instance_uuid))
