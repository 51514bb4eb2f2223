"""Queries on server tags: simple strings attached to an instance."""

import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova.db import uuid_lists
from nova import exception

MAX_TAGS = 50


def _check_instance(context, instance_uuid):
    """InstanceNotFound unless a live instance has this uuid."""
    found = context.session.execute(
        sa.select(models.Instance.id).where(
            models.Instance.uuid == instance_uuid,
            models.Instance.deleted == 0)).first()
    if found is None:
        raise exception.InstanceNotFound(instance_id=instance_uuid)


def _tags_of(context, resource_id):
    return sorted(context.session.scalars(
        sa.select(models.Tag.tag).where(
            models.Tag.resource_id == resource_id)))


@api.reader
def tag_get_by_resource_id(context, resource_id):
    return _tags_of(context, resource_id)


@api.reader
def tags_get_many(context, resource_ids):
    """{resource id: sorted tags} of many servers in one query."""
    found = {rid: [] for rid in resource_ids}
    if not found:
        return found
    for resource_id, tag in context.session.execute(
            sa.select(models.Tag.resource_id, models.Tag.tag).where(
                uuid_lists.among(models.Tag.resource_id, found)).order_by(
                models.Tag.tag)):
        found[resource_id].append(tag)
    return found


@api.writer
def tag_add(context, resource_id, tag):
    """Add tag; True when added, False when the server had it already.
    TooManyTags when the server has MAX_TAGS already."""
    _check_instance(context, resource_id)
    tags = _tags_of(context, resource_id)
    if tag in tags:
        return False
    if len(tags) >= MAX_TAGS:
        raise exception.TooManyTags(limit=MAX_TAGS)
    context.session.add(models.Tag(resource_id=resource_id, tag=tag))
    context.session.flush()
    return True


@api.writer
def tag_set(context, resource_id, tags):
    """Replace all the server's tags; returns them sorted."""
    _check_instance(context, resource_id)
    wanted = set(tags)
    if len(wanted) > MAX_TAGS:
        raise exception.TooManyTags(limit=MAX_TAGS)
    context.session.execute(sa.delete(models.Tag).where(
        models.Tag.resource_id == resource_id))
    context.session.add_all([models.Tag(resource_id=resource_id, tag=t)
                             for t in wanted])
    context.session.flush()
    return sorted(wanted)


@api.writer
def tag_delete(context, resource_id, tag):
    _check_instance(context, resource_id)
    deleted = context.session.execute(sa.delete(models.Tag).where(
        models.Tag.resource_id == resource_id, models.Tag.tag == tag))
    if not deleted.rowcount:
        raise exception.InstanceTagNotFound(instance_id=resource_id,
                                            tag=tag)


@api.writer
def tag_delete_all(context, resource_id):
    _check_instance(context, resource_id)
    delete_all_quietly(context, resource_id)


def delete_all_quietly(context, resource_id):
    """Drop a server's tags inside the caller's transaction."""
    context.session.execute(sa.delete(models.Tag).where(
        models.Tag.resource_id == resource_id))


def instance_filters(model, filters):
    """SQL conditions on instances for the tag filters of the server
    list: tags (all of), tags-any, not-tags (not all of), not-tags-any."""
    conditions = []

    def having(tag):
        return sa.exists().where(models.Tag.resource_id == model.uuid,
                                 models.Tag.tag == tag)
    if filters.get('tags'):
        conditions.extend(having(t) for t in filters['tags'])
    if filters.get('tags-any'):
        conditions.append(sa.or_(*[having(t) for t in filters['tags-any']]))
    if filters.get('not-tags'):
        conditions.append(sa.not_(sa.and_(
            *[having(t) for t in filters['not-tags']])))
    if filters.get('not-tags-any'):
        conditions.append(sa.not_(sa.or_(
            *[having(t) for t in filters['not-tags-any']])))
    return conditions
