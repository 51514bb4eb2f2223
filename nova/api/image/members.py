"""The /v2/images/{image_id}/members handlers: share an image with other
projects (Glance v2 image members)."""

import webob

from nova.api.image import images
from nova.api.image import views
from nova.api import input_check


def _body(req, key):
    """The string under key in the request's JSON object (400 else)."""
    try:
        body = input_check.load_json(req.body)
    except input_check.BadInput as error:
        raise images._bad(str(error))
    if not isinstance(body, dict) or key not in body:
        raise images._bad('Expected a body of the form {"%s": "..."}.'
                          % key)
    if not isinstance(body[key], str) or not body[key].strip():
        raise images._bad('%s must be a non-empty string.' % key)
    return body[key]


def _view(member):
    return {'member_id': member['member_id'],
            'image_id': member['image_id'],
            'status': member['status'],
            'created_at': views.isotime(member['created_at']),
            'updated_at': views.isotime(member['updated_at']),
            'schema': '/v2/schemas/member'}


def list_members(req, image_id):
    """GET: the owner sees all members, a member only itself."""
    members = images.store(req).list_members(images.context(req), image_id)
    return images.json_response({'members': [_view(m) for m in members],
                                 'schema': '/v2/schemas/members'})


def add_member(req, image_id):
    """POST {"member": project}: offer the image (200, pending)."""
    member_id = _body(req, 'member')
    if len(member_id) > 255:
        raise images._bad('member is at most 255 characters long.')
    return images.json_response(_view(images.store(req).add_member(
        images.context(req), image_id, member_id)))


def show_member(req, image_id, member_id):
    """GET: one member, to the owner or that member."""
    return images.json_response(_view(images.store(req).get_member(
        images.context(req), image_id, member_id)))


def answer(req, image_id, member_id):
    """PUT {"status": ...}: the member's answer."""
    status = _body(req, 'status')
    return images.json_response(_view(images.store(req).update_member(
        images.context(req), image_id, member_id, status)))


def remove_member(req, image_id, member_id):
    """DELETE: stop sharing the image with that project (204)."""
    images.store(req).remove_member(images.context(req), image_id,
                                    member_id)
    return webob.Response(status=204, content_type=None)
