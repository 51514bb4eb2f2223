"""The image metadata proxy resource: an image's properties (up to 2.38).

Metadata are the image's extra properties. Upstream deprecated this proxy;
from microversion 2.39 on these paths answer 404.
"""

import nova.conf
from nova.api.openstack.compute.schemas import image_metadata as schema
from nova.api.openstack import wsgi
from nova import exception
from nova.image import api as image_api
from nova import policy

CONF = nova.conf.CONF
MAX_VERSION = '2.38'
# The first version without the proxy (and its quota on image metadata).
PROXY_END_VERSION = '2.39'


def _image(req, image_id, action):
    """The image, once the caller may do action on it."""
    image = image_api.API().get(req.context, image_id)
    policy.authorize(req.context, 'os_compute_api:image-metadata:%s' % action,
                     {'project_id': image.get('owner'),
                      'user_id': req.context.user_id})
    return image


def _check_quota(properties):
    allowed = CONF.quota.metadata_items
    if allowed >= 0 and len(properties) > allowed:
        raise exception.MetadataLimitExceeded(allowed=allowed)


def _save(req, image_id, properties):
    _check_quota(properties)
    return image_api.API().update(req.context, image_id,
                                  {'properties': properties},
                                  purge_props=True)['properties']


@wsgi.api(errors=(403, 404), query=schema.query, max_version=MAX_VERSION)
def index(req, image_id):
    return {'metadata': _image(req, image_id, 'index')['properties']}


@wsgi.api(errors=(403, 404), query=schema.query, max_version=MAX_VERSION)
def show(req, image_id, key):
    properties = _image(req, image_id, 'show')['properties']
    if key not in properties:
        raise exception.ImageMetadataKeyNotFound(image_id=image_id, key=key)
    return {'meta': {key: properties[key]}}


@wsgi.api(errors=(400, 403, 404), body=schema.create,
          max_version=MAX_VERSION)
def create(req, image_id, body):
    """Add or change the items given; the others stay."""
    properties = dict(_image(req, image_id, 'create')['properties'])
    properties.update(body['metadata'])
    return {'metadata': _save(req, image_id, properties)}


@wsgi.api(errors=(400, 403, 404), body=schema.update_all,
          max_version=MAX_VERSION)
def update_all(req, image_id, body):
    """Replace all of the image's metadata with the items given."""
    _image(req, image_id, 'update_all')
    _save(req, image_id, body['metadata'])
    return {'metadata': body['metadata']}


@wsgi.api(errors=(400, 403, 404), body=schema.update,
          max_version=MAX_VERSION)
def update(req, image_id, key, body):
    meta = body['meta']
    if key not in meta:
        raise wsgi.Fault(400, 'Request body and URI mismatch')
    properties = dict(_image(req, image_id, 'update')['properties'])
    properties[key] = meta[key]
    _save(req, image_id, properties)
    return {'meta': meta}


@wsgi.api(success=204, errors=(403, 404), max_version=MAX_VERSION)
def delete(req, image_id, key):
    properties = dict(_image(req, image_id, 'delete')['properties'])
    if key not in properties:
        raise exception.ImageMetadataKeyNotFound(image_id=image_id, key=key)
    del properties[key]
    _save(req, image_id, properties)


ROUTES = [
    ('/images/{image_id}/metadata', {'GET': index, 'POST': create,
                                     'PUT': update_all}),
    ('/images/{image_id}/metadata/{key}', {'GET': show, 'PUT': update,
                                           'DELETE': delete}),
]
