"""Builds the Block Storage v3 API WSGI app over the built-in volume
service.

The pipeline, outermost first:
  RequestId    every response carries x-openstack-request-id
  Guard        a path or query that is not clean UTF-8 is a 400
  BodyLimit    a body over [oslo_middleware] max_request_body_size is 413
  Catch        an unexpected error is a 500 in Cinder's fault format
  / and /v3/   the version documents, no token needed
  auth         noauth2 or keystonemiddleware, as the Compute API
  Router       the route table in router.py
"""

from oslo_log import log as logging
from oslo_middleware import request_id

from nova.api import auth
from nova.api import body_limit
from nova.api import input_check
from nova.api import operations
from nova.api.volume import faults
from nova.api.volume import router
from nova.api.volume import versions

LOG = logging.getLogger(__name__)


class Catch:
    """Answer a 500 for any error a handler let through."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception:
            LOG.exception('Unexpected error in the Block Storage API')
            return faults.internal().response()(environ, start_response)


class Dispatch:
    """The version documents at / and /v3/; everything else is the API."""

    def __init__(self, api):
        self.api = api

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        if environ['REQUEST_METHOD'] in ('GET', 'HEAD'):
            if path == '/':
                return versions.versions(environ, start_response)
            if path.rstrip('/') == '/v3':
                return versions.version(environ, start_response)
        return self.api(environ, start_response)


def loadapp(conf):
    """The Block Storage API as one WSGI app."""
    api = auth.wrap(router.Router(), conf)
    return body_limit.declare(operations.wrap(request_id.RequestId(
        input_check.Guard(body_limit.BodyLimit(
            Catch(Dispatch(api)), conf, fault=_too_large), _reject)),
        conf, 'volume'))


def _reject(environ, start_response, message):
    return faults.bad_request(message).response()(environ, start_response)


def _too_large(text):
    return faults.CinderFault(413, text).response()
