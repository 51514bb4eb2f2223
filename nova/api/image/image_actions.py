"""The /v2/images/{image_id}/actions/... handlers: deactivate, reactivate
and the image's tasks (Glance's image actions and image tasks)."""

import webob

from nova.api.image import images


def deactivate(req, image_id):
    """POST .../actions/deactivate (204): an active image's data can no
    longer be downloaded but by administrators; deactivated stays so."""
    images.store(req).deactivate(images.context(req), image_id)
    return webob.Response(status=204, content_type=None)


def reactivate(req, image_id):
    """POST .../actions/reactivate (204): a deactivated image is active
    again; an active one stays so."""
    images.store(req).reactivate(images.context(req), image_id)
    return webob.Response(status=204, content_type=None)


def tasks(req, image_id):
    """GET /v2/images/{image_id}/tasks: the built-in store runs no import
    or location tasks, so an existing image has none (404 otherwise)."""
    images.store(req).get(images.context(req), image_id)
    return images.json_response({'tasks': []})
