"""The pipeline the built-in services' APIs (image, network, volume)
share, outermost first:

  operations   health, metrics, CORS, proxy headers (nova.api.operations)
  RequestId    every response carries x-openstack-request-id
  Guard        a path or query that is not clean UTF-8 is a 400 in the
               service's fault format (input_check)
  BodyLimit    a body over [oslo_middleware] max_request_body_size is a
               413 in that format
  Catch        an unexpected error is a 500 in that format, never a trace
  Documents    the version documents (and /openapi.json), no token needed
  auth         noauth2 or keystonemiddleware, as the Compute API
  the API      the service's router
"""

from oslo_log import log as logging
from oslo_middleware import request_id
import webob.exc

from nova.api import auth
from nova.api import body_limit
from nova.api import input_check
from nova.api import operations

LOG = logging.getLogger(__name__)


class Catch:
    """Answer a 500 (internal_error(): a WSGI app in the service's
    format) for any error a handler let through; a webob HTTP error is
    an answer already."""

    def __init__(self, app, service, internal_error):
        self.app = app
        self.service = service
        self.internal_error = internal_error

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except webob.exc.HTTPException as e:
            return e(environ, start_response)
        except Exception:
            LOG.exception('Unexpected error in the %s', self.service)
            return self.internal_error()(environ, start_response)


class Documents:
    """GET and HEAD of the paths of documents (a path, trailing slashes
    aside, -> WSGI app) answer without a token; the rest is the API."""

    def __init__(self, api, documents):
        self.api = api
        self.documents = documents

    def __call__(self, environ, start_response):
        if environ['REQUEST_METHOD'] in ('GET', 'HEAD'):
            path = (environ.get('PATH_INFO', '') or '/').rstrip('/') or '/'
            document = self.documents.get(path)
            if document is not None:
                return document(environ, start_response)
        return self.api(environ, start_response)


def build(conf, name, service, router, documents, internal_error, reject,
          too_large=body_limit.plain_fault, exempt=None):
    """The API of a built-in service as one WSGI app.

    name: its operations name ('image', 'network', 'volume'); service:
    how logs name it; reject(environ, start_response, message): the 400
    of a malformed path or query; too_large(text): the 413 response;
    exempt(environ): requests with a cap of their own (uploads).
    """
    api = auth.wrap(router, conf)
    return body_limit.declare(operations.wrap(request_id.RequestId(
        input_check.Guard(body_limit.BodyLimit(
            Catch(Documents(api, documents), service, internal_error),
            conf, fault=too_large, exempt=exempt), reject)),
        conf, name))
