"""Builds the image service WSGI app (a Glance v2 API subset): the
built-in services' pipeline (nova.api.service_pipeline) with plain webob
faults, the version documents at / and /versions and /openapi.json, and
the route table in router.py over the built-in store. Image data uploads
have their own cap and quota (nova.image.local), not the body limit.
"""

import webob.exc

from nova.api.image import image_data
from nova.api.image import openapi
from nova.api.image import router
from nova.api.image import versions
from nova.api import service_pipeline
from nova.image import boot_cache
from nova.image import local


class Store:
    """Hand the handlers the store (environ['nova.image.store'])."""

    def __init__(self, app, store):
        self.app = app
        self.store = store

    def __call__(self, environ, start_response):
        environ['nova.image.store'] = self.store
        if environ.get('REQUEST_METHOD') not in ('GET', 'HEAD'):
            # Any change (an image's, its members', tags') applies to the
            # next server create at once (nova.image.boot_cache).
            boot_cache.forget()
        return self.app(environ, start_response)


def loadapp(conf):
    """The image service as one WSGI app over the built-in store."""
    store = local.LocalStore(conf.glance.images_path)
    return service_pipeline.build(
        conf, 'image', 'image service', Store(router.Router(), store),
        {'/': versions.versions, '/versions': versions.versions,
         '/openapi.json': openapi.serve},
        webob.exc.HTTPInternalServerError, _reject,
        exempt=image_data.is_upload)


def _reject(environ, start_response, message):
    return webob.exc.HTTPBadRequest(explanation=message)(environ,
                                                         start_response)
