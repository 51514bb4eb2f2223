"""Queries on images of the built-in store, their properties and tags.

Images come back as dicts: the image columns, 'properties' ({name: value})
and 'tags' (a sorted list). Who sees what: public and community images are
visible to everyone, private ones to their owner project only, shared ones
to their owner and the projects they are offered to (image members, any
status); administrators see all. Lists show, like Glance, the caller's own
images, public ones and those shared with it that it accepted; other
projects' community images only when asked for with visibility=community
(or all); visibility=shared with member_status (pending, accepted,
rejected or all; accepted by default) lists the offers by their answer.
Images have no soft delete: a deleted image is gone.
"""

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova import exception

SORT_KEYS = ('name', 'status', 'container_format', 'disk_format', 'size',
             'id', 'created_at', 'updated_at', 'min_ram', 'min_disk',
             'visibility', 'owner')
# Filters whose value may be a list (Glance's "in:" operator).
_LIST_FILTERS = ('id', 'name', 'status', 'disk_format', 'container_format',
                 'visibility', 'owner')

Image = models.Image


def _dicts(context, rows):
    if not rows:
        return []
    ids = [row.id for row in rows]
    properties = {image_id: {} for image_id in ids}
    tags = {image_id: [] for image_id in ids}
    for prop in context.session.scalars(sa.select(models.ImageProperty).where(
            models.ImageProperty.image_id.in_(ids))):
        properties[prop.image_id][prop.name] = prop.value
    for tag in context.session.scalars(sa.select(models.ImageTag).where(
            models.ImageTag.image_id.in_(ids))):
        tags[tag.image_id].append(tag.value)
    result = []
    for row in rows:
        values = dict(row)
        values['properties'] = properties[row.id]
        values['tags'] = sorted(tags[row.id])
        result.append(values)
    return result


MEMBER_STATUSES = ('pending', 'accepted', 'rejected')


def _shared_with(context, member_status=None):
    """Shared images offered to the caller's project, with that answer
    (any answer when member_status is None or 'all')."""
    offers = sa.select(models.ImageMember.image_id).where(
        models.ImageMember.member == context.project_id)
    if member_status not in (None, 'all'):
        offers = offers.where(models.ImageMember.status == member_status)
    return sa.and_(Image.visibility == 'shared', Image.id.in_(offers))


def _readable(context):
    """Images the caller may read at all."""
    if context.is_admin:
        return sa.true()
    return sa.or_(Image.owner == context.project_id,
                  Image.visibility.in_(('public', 'community')),
                  _shared_with(context))


def _listed(context, visibility, member_status=None):
    """Images a list shows for a visibility filter (None: the default)."""
    member_status = member_status or 'accepted'
    if visibility is None:
        if context.is_admin:
            return sa.true()
        return sa.or_(Image.owner == context.project_id,
                      Image.visibility == 'public',
                      _shared_with(context, member_status))
    if visibility == 'all':
        return _readable(context)
    if visibility == 'shared' and not context.is_admin:
        return sa.or_(sa.and_(Image.visibility == 'shared',
                              Image.owner == context.project_id),
                      _shared_with(context, member_status))
    if isinstance(visibility, str):
        visibility = [visibility]
    clause = Image.visibility.in_(visibility)
    return sa.and_(clause, _readable(context))


def _get_row(context, image_id):
    row = context.session.scalars(sa.select(Image).where(
        Image.id == image_id, _readable(context))).first()
    return api.not_found_unless(row, exception.ImageNotFound,
                                image_id=image_id)


def _writable_row(context, image_id):
    """The row; 404 when invisible, 403 when seen but owned by another."""
    row = _get_row(context, image_id)
    if not context.is_admin and row.owner != context.project_id:
        raise exception.NotAuthorized(
            'You are not permitted to modify image %s: it belongs to '
            'another project.' % image_id)
    return row


def _set_properties(context, image_id, properties, purge=False):
    existing = {prop.name: prop for prop in context.session.scalars(
        sa.select(models.ImageProperty).where(
            models.ImageProperty.image_id == image_id))}
    for name, value in properties.items():
        if name in existing:
            existing[name].value = value
        else:
            context.session.add(models.ImageProperty(
                image_id=image_id, name=name, value=value))
    if purge:
        for name, prop in existing.items():
            if name not in properties:
                context.session.delete(prop)


@api.writer
def image_create(context, values, properties=None, tags=None):
    """A new image row (values has the id) with its properties and tags."""
    row = Image(**values)
    try:
        with context.session.begin_nested():
            context.session.add(row)
    except db_exc.DBDuplicateEntry:
        raise exception.Conflict('An image with ID %s already exists.'
                                 % values.get('id'))
    _set_properties(context, row.id, properties or {})
    _set_tags(context, row.id, tags or ())
    context.session.flush()
    return _dicts(context, [row])[0]


@api.reader
def image_get(context, image_id):
    """The image as a dict; ImageNotFound when missing or not visible."""
    return _dicts(context, [_get_row(context, image_id)])[0]


def _where(query, column, value):
    if isinstance(value, (list, tuple, set)):
        return query.where(column.in_(list(value)))
    return query.where(column == value)


def _apply_filters(query, filters):
    for key in _LIST_FILTERS:
        if key in filters and key != 'visibility':
            query = _where(query, getattr(Image, key), filters[key])
    if 'protected' in filters:
        query = query.where(Image.protected == bool(filters['protected']))
    # Hidden images stay out of lists unless asked for (os_hidden=true).
    query = query.where(Image.os_hidden == bool(filters.get('os_hidden')))
    if filters.get('size_min') is not None:
        query = query.where(Image.size >= int(filters['size_min']))
    if filters.get('size_max') is not None:
        query = query.where(Image.size <= int(filters['size_max']))
    # min_ram / min_disk: images that need at least this much.
    if filters.get('min_ram') is not None:
        query = query.where(Image.min_ram >= int(filters['min_ram']))
    if filters.get('min_disk') is not None:
        query = query.where(Image.min_disk >= int(filters['min_disk']))
    if filters.get('changes_since') is not None:
        changed = sa.func.coalesce(Image.updated_at, Image.created_at)
        query = query.where(changed >= filters['changes_since'])
    tags = filters.get('tags') or ()
    for tag in ([tags] if isinstance(tags, str) else tags):
        query = query.where(Image.id.in_(sa.select(models.ImageTag.image_id)
                                         .where(models.ImageTag.value == tag)))
    for name, value in (filters.get('properties') or {}).items():
        query = query.where(Image.id.in_(
            sa.select(models.ImageProperty.image_id).where(
                models.ImageProperty.name == name,
                models.ImageProperty.value == str(value))))
    return query


@api.reader
def image_get_all(context, filters=None, limit=None, marker=None,
                  sort_keys=('created_at',), sort_dirs=('desc',)):
    """One page of the images the caller may list.

    filters: name, status, visibility (a visibility, 'all' or a list),
    owner, id, disk_format, container_format (each a value or a list),
    protected, os_hidden, size_min, size_max, min_ram, min_disk,
    member_status (with visibility shared or the default list),
    changes_since (datetime), tags (all of them), properties ({name: value}).
    marker is the id of the last image of the previous page.
    """
    filters = dict(filters or {})
    for key in sort_keys:
        if key not in SORT_KEYS:
            raise exception.InvalidSortKey(key=key)
    query = sa.select(Image).where(_listed(
        context, filters.get('visibility'), filters.get('member_status')))
    query = _apply_filters(query, filters)
    marker_row = None
    if marker is not None:
        marker_row = context.session.scalars(sa.select(Image).where(
            Image.id == marker, _readable(context))).first()
        if marker_row is None:
            raise exception.InvalidMarker(marker=marker)
    query = api.paginate(query, Image, sort_keys, sort_dirs, limit=limit,
                         marker=marker_row)
    return _dicts(context, context.session.scalars(query).all())


@api.writer
def image_update(context, image_id, values, properties=None,
                 purge_props=False, tags=None, expected_status=None):
    """Change columns, properties and tags; only the owner or an admin may.

    properties are merged in, or replace all of them with purge_props;
    tags, when given, replace the image's tags. expected_status makes the
    change conditional (Conflict otherwise), e.g. queued -> saving.
    """
    row = _writable_row(context, image_id)
    if expected_status is not None and row.status != expected_status:
        raise exception.Conflict(
            'Image %s is %s, not %s.' % (image_id, row.status,
                                         expected_status))
    for key, value in values.items():
        setattr(row, key, value)
    if properties is not None or purge_props:
        _set_properties(context, image_id, properties or {}, purge_props)
    if tags is not None:
        _set_tags(context, image_id, tags)
    # A property-only change still counts as an update of the image.
    row.updated_at = timeutils.utcnow()
    context.session.flush()
    return _dicts(context, [row])[0]


def _set_tags(context, image_id, tags):
    existing = {tag.value: tag for tag in context.session.scalars(
        sa.select(models.ImageTag).where(models.ImageTag.image_id ==
                                         image_id))}
    for value in set(tags) - set(existing):
        context.session.add(models.ImageTag(image_id=image_id, value=value))
    for value in set(existing) - set(tags):
        context.session.delete(existing[value])


@api.writer
def image_property_delete(context, image_id, name):
    _writable_row(context, image_id).updated_at = timeutils.utcnow()
    prop = context.session.scalars(sa.select(models.ImageProperty).where(
        models.ImageProperty.image_id == image_id,
        models.ImageProperty.name == name)).first()
    if prop is None:
        raise exception.ImageMetadataKeyNotFound(image_id=image_id, key=name)
    context.session.delete(prop)


def _touch_and_find_tag(context, image_id, tag):
    """Mark a writable image updated; its tag row (or None)."""
    _writable_row(context, image_id).updated_at = timeutils.utcnow()
    return context.session.scalars(sa.select(models.ImageTag).where(
        models.ImageTag.image_id == image_id,
        models.ImageTag.value == tag)).first()


@api.writer
def image_tag_add(context, image_id, tag):
    """Add a tag (adding one the image has already is a no-op)."""
    if _touch_and_find_tag(context, image_id, tag) is None:
        context.session.add(models.ImageTag(image_id=image_id, value=tag))


@api.writer
def image_tag_delete(context, image_id, tag):
    row = _touch_and_find_tag(context, image_id, tag)
    if row is None:
        raise exception.NotFound('Tag %s not found on image %s.'
                                 % (tag, image_id))
    context.session.delete(row)


@api.reader
def image_storage_used(context, project_id):
    """Bytes of image data the images owned by project_id hold."""
    return context.session.scalar(sa.select(
        sa.func.coalesce(sa.func.sum(models.Image.size), 0)).where(
            models.Image.owner == project_id)) or 0


@api.writer
def image_destroy(context, image_id):
    """Delete the image row, properties and tags; returns the last dict."""
    row = _writable_row(context, image_id)
    image = _dicts(context, [row])[0]
    for model in (models.ImageProperty, models.ImageTag,
                  models.ImageMember):
        context.session.execute(sa.delete(model).where(
            model.image_id == image_id))
    context.session.delete(row)
    return image
