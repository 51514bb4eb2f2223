"""Serves openstacksdk's image calls that reach the Compute API endpoint.

With `openstack --os-auth-type none --os-endpoint http://host:8774/v2.1`,
keystoneauth gives that one endpoint to every service. The SDK's image
proxy then reads the compute version document at /v2.1, takes v2.1 for
image API v2.x and calls /v2.1/images..., the paths of the Compute API's
images proxy, whose shape it cannot read (no status, nested "image").

The SDK's compute calls always carry a compute microversion header; its
image calls never do. So a request from openstacksdk without one, for
/images or /schemas below the compute version prefix, goes to the image
service as /v2/...; everything else goes to the Compute API unchanged.
The cost: openstacksdk's deprecated compute image calls made without a
microversion (conn.compute.get_image) get the image service's answer.

The documented alternative needs no guessing: point the SDK at the image
service with OS_IMAGE_ENDPOINT_OVERRIDE=http://host:9292.
"""

import re

_PATH = re.compile(r'^/v2(?:\.1)?(/(?:images|schemas)(?:/.*)?)$')
_MICROVERSION_HEADERS = ('HTTP_OPENSTACK_API_VERSION',
                         'HTTP_X_OPENSTACK_NOVA_API_VERSION')


def is_sdk_image_request(environ):
    """The rewritten image service path of an SDK image call, or None."""
    if not environ.get('HTTP_USER_AGENT', '').startswith('openstacksdk/'):
        return None
    if any(environ.get(header) for header in _MICROVERSION_HEADERS):
        return None
    match = _PATH.match(environ.get('PATH_INFO', ''))
    return '/v2' + match.group(1) if match else None


class ImageRequests:
    """WSGI app: SDK image calls to image_app, the rest to compute_app."""

    def __init__(self, compute_app, image_app):
        self.compute_app = compute_app
        self.image_app = image_app

    def __call__(self, environ, start_response):
        path = is_sdk_image_request(environ)
        if path is None:
            return self.compute_app(environ, start_response)
        environ['PATH_INFO'] = path
        return self.image_app(environ, start_response)


def wrap(compute_app, conf):
    """compute_app, answering SDK image calls when the store is built in."""
    if conf.glance.backend != 'local':
        return compute_app
    from nova.api.image import deploy
    return ImageRequests(compute_app, deploy.loadapp(conf))
