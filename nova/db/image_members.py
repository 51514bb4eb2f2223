"""Image members of the built-in store: the projects a shared image is
offered to, and each one's answer.

Rules (as Glance's): only shared images have members; the image's owner
(or an administrator) offers and withdraws; only the member answers
(pending, accepted or rejected); the owner sees every member, a member
only itself, anyone else not even the image (404). Members come back as
dicts: image_id, member_id, status, created_at, updated_at.
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova.db import api
from nova.db import images
from nova.db import models
from nova import exception

Member = models.ImageMember


def _dict(row):
    return {'image_id': row.image_id, 'member_id': row.member,
            'status': row.status, 'created_at': row.created_at,
            'updated_at': row.updated_at or row.created_at}


def _shared_image(context, image_id):
    """The image row the caller sees; 403 unless it is shared."""
    row = images._get_row(context, image_id)
    if row.visibility != 'shared':
        raise exception.NotAuthorized(
            'Only shared images have members.')
    return row


def _owns(context, row):
    return context.is_admin or row.owner == context.project_id


def _member_row(context, image_id, member_id):
    row = context.session.scalars(sa.select(Member).where(
        Member.image_id == image_id, Member.member == member_id)).first()
    return api.not_found_unless(row, exception.NotFound)


@api.reader
def member_list(context, image_id):
    """The owner's view: all members; a member's: only itself."""
    row = _shared_image(context, image_id)
    query = sa.select(Member).where(Member.image_id == image_id)
    if not _owns(context, row):
        query = query.where(Member.member == context.project_id)
    return [_dict(m) for m in context.session.scalars(
        query.order_by(Member.created_at, Member.id))]


@api.reader
def member_get(context, image_id, member_id):
    """One member, to the owner or the member itself (404 otherwise)."""
    row = _shared_image(context, image_id)
    if not _owns(context, row) and member_id != context.project_id:
        raise exception.NotFound(
            'Member %s not found on image %s.' % (member_id, image_id))
    return _dict(_member_row(context, image_id, member_id))


@api.writer
def member_create(context, image_id, member_id):
    """Offer the image to a project (pending); only the owner may."""
    row = _shared_image(context, image_id)
    if not _owns(context, row):
        raise exception.NotAuthorized(
            'Only the owner of image %s may share it.' % image_id)
    member = Member(image_id=image_id, member=member_id, status='pending')
    try:
        with context.session.begin_nested():
            context.session.add(member)
    except db_exc.DBDuplicateEntry:
        raise exception.Conflict('Member %s already exists on image %s.'
                                 % (member_id, image_id))
    return _dict(member)


@api.writer
def member_update(context, image_id, member_id, status):
    """The member's answer; the owner may not answer for it (403)."""
    if status not in images.MEMBER_STATUSES:
        raise exception.Invalid(reason='Invalid member status %s: use one '
                                'of %s' % (status, ', '.join(
                                    images.MEMBER_STATUSES)))
    row = _shared_image(context, image_id)
    if member_id != context.project_id and not context.is_admin:
        if _owns(context, row):
            raise exception.NotAuthorized(
                'Only the member may change its status.')
        raise exception.NotFound(
            'Member %s not found on image %s.' % (member_id, image_id))
    member = _member_row(context, image_id, member_id)
    member.status = status
    context.session.flush()
    return _dict(member)


@api.writer
def member_delete(context, image_id, member_id):
    """Withdraw the offer; only the owner may (403 to the member)."""
    row = _shared_image(context, image_id)
    if not _owns(context, row):
        raise exception.NotAuthorized(
            'Only the owner of image %s may remove its members.' % image_id)
    context.session.delete(_member_row(context, image_id, member_id))
