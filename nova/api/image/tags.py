"""The /v2/images/{image_id}/tags/{tag} handlers: add and remove tags."""

import webob
import webob.exc

from nova.api.image import images


def add(req, image_id, tag):
    """PUT: tag the image (204); tagging twice is harmless."""
    if len(tag) > 255:
        raise webob.exc.HTTPBadRequest(
            explanation='Tags are at most 255 characters long.')
    images.store(req).add_tag(images.context(req), image_id, tag)
    return webob.Response(status=204, content_type=None)


def remove(req, image_id, tag):
    """DELETE: untag the image (204); 404 when it has no such tag."""
    images.store(req).remove_tag(images.context(req), image_id, tag)
    return webob.Response(status=204, content_type=None)
