"""Queries of security groups, their rules and their servers."""

import types

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from nova.db import api
from nova.db import network_models as nm
from nova.db import uuid_lists
from nova.network import errors
from nova.network import security_group_rules as rules

SG = nm.SecurityGroup
RULE = nm.SecurityGroupRule
MEMBER = nm.SecurityGroupInstanceAssociation
DEFAULT = 'default'


def _query():
    return sa.select(SG).where(SG.deleted == 0)


@api.reader
def get_all(context, project_id=None):
    query = _query().order_by(SG.id)
    if project_id is not None:
        query = query.where(SG.project_id == project_id)
    return context.session.execute(query).scalars().all()


@api.reader
def get(context, group_id):
    row = context.session.execute(_query().where(SG.id == group_id)).scalar()
    return api.not_found_unless(row, errors.SecurityGroupNotFound,
                                security_group_id=group_id)


# Every create's (its default group): built once (see nova.db.instances).
_BY_NAME = _query().where(SG.project_id == sa.bindparam('project_id'),
                          SG.name == sa.bindparam('name'))


@api.reader
def get_by_name(context, project_id, name):
    row = context.session.execute(
        _BY_NAME, {'project_id': project_id, 'name': name}).scalar()
    return api.not_found_unless(row, errors.SecurityGroupNotFoundForProject,
                                security_group_id=name,
                                project_id=project_id)


@api.reader
def count_by_project(context, project_id):
    return context.session.execute(sa.select(sa.func.count()).where(
        SG.project_id == project_id, SG.deleted == 0)).scalar()


@api.writer
def create(context, values):
    if context.session.execute(_query().where(
            SG.project_id == values['project_id'],
            SG.name == values['name'])).first():
        raise errors.SecurityGroupExists(
            security_group_name=values['name'],
            project_id=values['project_id'])
    row = SG(**values)
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.SecurityGroupExists(
            security_group_name=values['name'],
            project_id=values['project_id'])
    # As in Neutron, a new group lets everything out until its owner
    # removes these.
    for ethertype in ('IPv4', 'IPv6'):
        context.session.add(RULE(parent_group_id=row.id, direction='egress',
                                 ethertype=ethertype))
    context.session.flush()
    return row


def ensure_default(context, project_id, user_id=None):
    """The project's 'default' group, made (with the default rules) the
    first time it is needed; safe when two requests make it at once."""
    try:
        return get_by_name(context, project_id, DEFAULT)
    except errors.SecurityGroupNotFoundForProject:
        pass
    try:
        return _create_default(context, project_id, user_id)
    except errors.SecurityGroupExists:
        return get_by_name(context, project_id, DEFAULT)


@api.writer
def _create_default(context, project_id, user_id):
    row = create(context, {'name': DEFAULT, 'project_id': project_id,
                           'user_id': user_id, 'description': DEFAULT})
    for rule in context.session.execute(sa.select(
            nm.SecurityGroupDefaultRule)).scalars():
        context.session.add(RULE(parent_group_id=row.id,
                                 protocol=rule.protocol,
                                 from_port=rule.from_port,
                                 to_port=rule.to_port, cidr=rule.cidr))
    # No other rule: as in nova-network, guests of one network reach each
    # other by [network] allow_same_net_traffic, not by a rule.
    context.session.flush()
    return row


@api.writer
def update(context, group_id, values):
    row = get(context, group_id)
    if 'name' in values and values['name'] != row.name and \
            context.session.execute(_query().where(
                SG.project_id == row.project_id,
                SG.name == values['name'])).first():
        raise errors.SecurityGroupExists(
            security_group_name=values['name'], project_id=row.project_id)
    row.update(values)
    context.session.flush()
    return row


@api.writer
def destroy(context, group_id):
    row = get(context, group_id)
    if in_use(context, group_id):
        raise errors.SecurityGroupInUse(security_group_id=group_id)
    context.session.execute(sa.delete(RULE).where(sa.or_(
        RULE.parent_group_id == group_id, RULE.group_id == group_id)))
    api.soft_delete(context.session, row)


@api.reader
def in_use(context, group_id):
    from nova.db import models
    if context.session.execute(sa.select(nm.PortSecurityGroup.id).join(
            nm.VirtualInterface,
            nm.VirtualInterface.id == nm.PortSecurityGroup.port_id).where(
            nm.PortSecurityGroup.security_group_id == group_id,
            nm.VirtualInterface.deleted == 0)).first():
        return True
    return context.session.execute(sa.select(MEMBER.id).join(
        models.Instance, models.Instance.uuid == MEMBER.instance_uuid).where(
        MEMBER.security_group_id == group_id,
        models.Instance.deleted == 0)).first() is not None


# Rules ---------------------------------------------------------------------

@api.reader
def rules_of(context, group_ids, direction='ingress'):
    """{group id: [rule rows]} for each of group_ids: the rules of one
    direction (the Compute and EC2 APIs know ingress only, as upstream
    shows them with Neutron), or of both with direction None."""
    result = {gid: [] for gid in group_ids}
    if group_ids:
        query = sa.select(RULE).where(
            RULE.parent_group_id.in_(list(group_ids))).order_by(RULE.id)
        if direction is not None:
            query = query.where(RULE.direction == direction)
        for rule in context.session.execute(query).scalars():
            result[rule.parent_group_id].append(rule)
    return result


@api.reader
def names_of(context, group_ids):
    """{group id: (name, project id)}, deleted groups too."""
    if not group_ids:
        return {}
    return {r.id: (r.name, r.project_id) for r in context.session.execute(
        sa.select(SG.id, SG.name, SG.project_id).where(
            SG.id.in_(list(group_ids))))}


@api.writer
def rule_create(context, values, limit=-1):
    """Add a rule; OverQuota-style error past limit rules in the group
    (rules of both directions count, as Neutron counts a group's
    default egress rules)."""
    group = get(context, values['parent_group_id'])
    existing = context.session.execute(sa.select(RULE).where(
        RULE.parent_group_id == group.id)).scalars().all()
    values = dict({'direction': 'ingress'}, **values)
    new = types.SimpleNamespace(**dict(
        {'cidr': None, 'group_id': None, 'ethertype': None}, **values))
    for rule in existing:
        # A rule without a cidr (any address) is the same as one with
        # the whole family.
        if all(getattr(rule, k) == values.get(k) for k in (
                'direction', 'protocol', 'from_port', 'to_port',
                'group_id')) and \
                rules.source_cidr(rule) == rules.source_cidr(new) and \
                rules.ethertype(rule) == rules.ethertype(new):
            raise errors.SecurityGroupRuleExists(group_id=group.id,
                                                 rule_id=rule.uuid)
    if 0 <= limit <= len(existing):
        raise errors.SecurityGroupRuleLimitExceeded()
    row = RULE(**values)
    context.session.add(row)
    context.session.flush()
    return row


@api.reader
def rule_get(context, rule_id):
    row = context.session.get(RULE, rule_id)
    return api.not_found_unless(row, errors.SecurityGroupRuleNotFound,
                                rule_id=rule_id)


@api.writer
def rule_destroy(context, rule_id):
    if not context.session.execute(sa.delete(RULE).where(
            RULE.id == rule_id)).rowcount:
        raise errors.SecurityGroupRuleNotFound(rule_id=rule_id)


@api.reader
def rule_count(context, group_id):
    return context.session.execute(sa.select(sa.func.count()).where(
        RULE.parent_group_id == group_id)).scalar()


# Default rules -------------------------------------------------------------

@api.reader
def default_rules(context):
    return context.session.execute(sa.select(
        nm.SecurityGroupDefaultRule).order_by(
        nm.SecurityGroupDefaultRule.id)).scalars().all()


@api.reader
def default_rule_get(context, rule_id):
    row = context.session.get(nm.SecurityGroupDefaultRule, rule_id)
    return api.not_found_unless(row, errors.SecurityGroupDefaultRuleNotFound,
                                rule_id=rule_id)


@api.writer
def default_rule_create(context, values):
    model = nm.SecurityGroupDefaultRule
    if context.session.execute(sa.select(model.id).where(
            *[getattr(model, k) == v for k, v in values.items()])).first():
        raise errors.SecurityGroupRuleExists(group_id='default')
    row = model(**values)
    context.session.add(row)
    context.session.flush()
    return row


@api.writer
def default_rule_destroy(context, rule_id):
    model = nm.SecurityGroupDefaultRule
    if not context.session.execute(sa.delete(model).where(
            model.id == rule_id)).rowcount:
        raise errors.SecurityGroupDefaultRuleNotFound(rule_id=rule_id)


# Servers -------------------------------------------------------------------

@api.writer
def add_instance(context, group_id, instance_uuid):
    if context.session.execute(sa.select(MEMBER.id).where(
            MEMBER.security_group_id == group_id,
            MEMBER.instance_uuid == instance_uuid)).first():
        return False
    context.session.add(MEMBER(security_group_id=group_id,
                               instance_uuid=instance_uuid,
                               created_at=timeutils.utcnow()))
    context.session.flush()
    return True


# Built once (see nova.db.instances).
_ADD_MEMBER = sa.insert(MEMBER.__table__)


def add_new_instance(context, group_ids, instance_uuid):
    """add_instance for an instance inserted in the caller's writer
    transaction: it is in no group yet, so nothing is read first."""
    if group_ids:
        context.session.execute(_ADD_MEMBER, [
            {'security_group_id': group_id, 'instance_uuid': instance_uuid,
             'created_at': timeutils.utcnow()} for group_id in group_ids])


@api.writer
def remove_instance(context, group_id, instance_uuid):
    return bool(context.session.execute(sa.delete(MEMBER).where(
        MEMBER.security_group_id == group_id,
        MEMBER.instance_uuid == instance_uuid)).rowcount)


@api.reader
def groups_by_instances(context, instance_uuids):
    """{instance uuid: [group rows]}."""
    result = {uuid: [] for uuid in instance_uuids}
    if not instance_uuids:
        return result
    members = _members_by_group(context, instance_uuids)
    if not members:
        return result
    # Each group read once, however many of the instances are in it.
    groups = {g.id: g for g in context.session.execute(
        sa.select(SG).where(SG.id.in_(
            {group_id for _u, group_id in members}))).scalars()}
    for uuid, group_id in members:
        if group_id in groups:  # the inner join of the memberships
            result[uuid].append(groups[group_id])
    return result


def _members_by_group(context, instance_uuids):
    """[(instance uuid, group id)] of the instances' memberships, each
    instance's in the order it joined its groups. Read a row per group
    (the database lists the group's instances): most servers of a page
    share one group, and a row per membership costs the most. Instances
    in several groups have their memberships read again in order."""
    grouped = context.session.execute(
        sa.select(MEMBER.security_group_id, sa.func.count(),
                  sa.func.aggregate_strings(MEMBER.instance_uuid, ','))
        .where(uuid_lists.among(MEMBER.instance_uuid, instance_uuids))
        .group_by(MEMBER.security_group_id)).all()
    members, seen, several = [], set(), set()
    for group_id, count, uuids in grouped:
        holders = uuids.split(',')
        if len(holders) != count:
            # Cut short (MySQL's group_concat_max_len): all in order.
            several = set(instance_uuids)
            break
        for uuid in holders:
            if uuid in seen:
                several.add(uuid)
            seen.add(uuid)
            members.append((uuid, group_id))
    if not several:
        return members
    ordered = context.session.execute(
        sa.select(MEMBER.instance_uuid, MEMBER.security_group_id).where(
            uuid_lists.among(MEMBER.instance_uuid, several))
        .order_by(MEMBER.id)).all()
    return [m for m in members if m[0] not in several] + [
        tuple(m) for m in ordered]


@api.reader
def instance_uuids_of(context, group_id):
    return context.session.execute(sa.select(MEMBER.instance_uuid).where(
        MEMBER.security_group_id == group_id)).scalars().all()


# Lookups by the Neutron API's ids --------------------------------------------

@api.reader
def get_by_uuid(context, group_uuid):
    row = context.session.execute(_query().where(
        SG.uuid == group_uuid)).scalar()
    return api.not_found_unless(row, errors.SecurityGroupNotFound,
                                security_group_id=group_uuid)


@api.reader
def uuids_of(context, group_ids):
    """{group id: group uuid}, deleted groups too."""
    if not group_ids:
        return {}
    return dict(context.session.execute(sa.select(SG.id, SG.uuid).where(
        SG.id.in_(list(group_ids)))).all())


@api.reader
def rule_get_by_uuid(context, rule_uuid):
    row = context.session.execute(sa.select(RULE).where(
        RULE.uuid == rule_uuid)).scalar()
    return api.not_found_unless(row, errors.SecurityGroupRuleNotFound,
                                rule_id=rule_uuid)
