"""Builds the image service WSGI app (a Glance v2 API subset).

The pipeline, outermost first:
  RequestId    every response carries x-openstack-request-id
  Guard        400 for a path or query that is not clean UTF-8 (input_check)
  BodyLimit    413 for bodies over max_request_body_size; image data
               uploads have their own cap and quota (nova.image.local)
  Catch        an unexpected error is a plain 500, never a traceback
  / /versions  version documents and /openapi.json, no token needed
  auth         noauth2 or keystonemiddleware, as the Compute API
  Router       the route table in router.py over the built-in store
"""

from oslo_log import log as logging
from oslo_middleware import request_id
import webob.exc

from nova.api import auth
from nova.api import body_limit
from nova.api.image import image_data
from nova.api.image import openapi
from nova.api import input_check
from nova.api import operations
from nova.api.image import router
from nova.api.image import versions
from nova.image import local

LOG = logging.getLogger(__name__)


class Catch:
    """Answer 500 for any error a handler did not turn into a status."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except webob.exc.HTTPException as e:
            return e(environ, start_response)
        except Exception:
            LOG.exception('Unexpected error in the image service')
            return webob.exc.HTTPInternalServerError()(environ,
                                                       start_response)


class Store:
    """Hand the handlers the store (environ['nova.image.store'])."""

    def __init__(self, app, store):
        self.app = app
        self.store = store

    def __call__(self, environ, start_response):
        environ['nova.image.store'] = self.store
        return self.app(environ, start_response)


class Dispatch:
    """Version documents at / and /versions; everything else is the API."""

    def __init__(self, api):
        self.api = api

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        if environ['REQUEST_METHOD'] in ('GET', 'HEAD'):
            if path.rstrip('/') in ('', '/versions'):
                return versions.versions(environ, start_response)
            if path == '/openapi.json':
                return openapi.serve(environ, start_response)
        return self.api(environ, start_response)


def loadapp(conf):
    """The image service as one WSGI app over the built-in store."""
    store = local.LocalStore(conf.glance.images_path)
    api = auth.wrap(Store(router.Router(), store), conf)
    return body_limit.declare(operations.wrap(request_id.RequestId(
        input_check.Guard(body_limit.BodyLimit(
            Catch(Dispatch(api)), conf, exempt=image_data.is_upload),
            _reject)), conf, 'image'))


def _reject(environ, start_response, message):
    return webob.exc.HTTPBadRequest(explanation=message)(environ,
                                                         start_response)
