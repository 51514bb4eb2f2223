"""POST /os-aggregates/{aggregate_id}/images (API 2.81): the hosts of an
aggregate cache images ahead of use.

The images must exist and be visible to the caller (400 otherwise); each
host of the aggregate gets one cast with every image and fetches them in
the background (nova.compute.image_cache), so the answer is a 202 with
no body.
"""

from nova.api.openstack.compute import aggregates
from nova.api.openstack.compute.schemas import aggregates as schema
from nova.api.openstack import wsgi
from nova.compute import rpcapi as compute_rpcapi
from nova import exception
from nova.image import api as image_api
from nova import policy

_COMPUTE = None


def _compute():
    global _COMPUTE
    if _COMPUTE is None:
        _COMPUTE = compute_rpcapi.ComputeAPI()
    return _COMPUTE


@wsgi.api(success=202, errors=(400, 403, 404), body=schema.images,
          min_version='2.81')
def cache(req, aggregate_id, body):
    context = req.context
    policy.authorize(context, 'compute:aggregates:images', {})
    aggregate = aggregates._get(context, aggregate_id)
    image_ids = [item['id'] for item in body['cache']]
    images = image_api.API()
    for image_id in image_ids:
        try:
            images.get(context, image_id)
        except exception.ImageNotFound:
            raise wsgi.Fault(400, 'Image %s could not be found.' % image_id)
    for host in aggregate.hosts:
        _compute().cache_images(context, host, image_ids)


ROUTES = [
    ('/os-aggregates/{aggregate_id}/images', {'POST': cache}),
]
