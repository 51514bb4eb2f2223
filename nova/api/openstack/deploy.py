"""Builds the Compute API WSGI application from a config object.

The pipeline, outermost first:
  operations    /healthcheck, CORS and proxy headers (api/operations.py)
  RequestId     every response carries x-openstack-request-id, even faults
  Guard         400 for a path or query that is not clean UTF-8 (input_check)
  BodyLimit     413 overLimit for bodies over max_request_body_size
  FaultWrapper  nothing escapes as a bare 500; faults use the API format
  RequestLog    one line per request with its status and time
  url map       / and /v2.1 version documents and /v2.1/openapi.json
                need no token; the rest:
    auth        noauth2 or keystonemiddleware, builds the RequestContext
    Microversion  negotiates the version, echoes it with Vary
    Router      the route table in compute/routes.py
In front of it all, openstacksdk's image calls that reach this endpoint
(auth type none gives one endpoint to every service) go to the built-in
image service (which limits its bodies itself); see
nova/api/image/compat.py. Likewise /v2.0/... and openstacksdk's network
calls go to the Neutron API (nova/api/network/compat.py), which limits
its bodies itself too.
"""

from nova.api import auth
from nova.api import body_limit
from nova.api import input_check
from nova.api import operations
from nova.api.image import compat as image_compat
from nova.api.network import compat as network_compat
from nova.api.openstack.compute import routes
from nova.api.openstack import middleware
from nova.api.openstack import openapi
from nova.api.openstack import router
from nova.api.openstack import versions
from nova.api.openstack import wsgi


class URLMap:
    """Route by path prefix; the version documents match exact paths."""

    def __init__(self, versioned_apps, exact_apps):
        # Longest prefix first so /v2.1 wins over /v2.
        self.versioned = sorted(versioned_apps.items(),
                                key=lambda item: -len(item[0]))
        self.exact = exact_apps

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        method = environ['REQUEST_METHOD']
        exact = self.exact.get(path.rstrip('/') or '/')
        if exact is not None and method in ('GET', 'HEAD'):
            return exact(environ, start_response)
        for prefix, app in self.versioned:
            if path == prefix or path.startswith(prefix + '/'):
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME',
                                                     '') + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        if method in ('GET', 'HEAD'):
            # Unknown paths list the versions (300 Multiple Choices).
            return versions.all_versions(environ, start_response)
        return wsgi.Fault(404, 'The resource could not be found.'
                          ).to_response()(environ, start_response)


def _reject(environ, start_response, message):
    return wsgi.Fault(400, message).to_response()(environ, start_response)


def loadapp(conf):
    """The whole Compute API as one WSGI app, configured by conf."""
    compute = router.Router(routes.ROUTES)
    compute = auth.wrap(middleware.Microversion(compute), conf)
    app = URLMap(
        versioned_apps={'/v2.1': compute, '/v2': compute},
        exact_apps={'/': versions.all_versions,
                    '/v2.1': versions.version_v21,
                    '/v2': versions.version_v20,
                    '/v2.1/openapi.json': openapi.serve})
    app = middleware.RequestId(input_check.Guard(body_limit.BodyLimit(
        middleware.FaultWrapper(middleware.RequestLog(app)), conf,
        fault=_too_large), _reject))
    app = image_compat.wrap(app, conf)
    if conf.network.backend == 'builtin':
        # With a Neutron the network calls are its own endpoint's.
        app = network_compat.wrap(app, conf)
    return body_limit.declare(operations.wrap(app, conf, 'compute'))


def _too_large(text):
    return wsgi.Fault(413, text).to_response()


def app_factory(global_config, **local_config):
    """paste.deploy entry point (etc/nova/api-paste.ini)."""
    from nova import conf
    return loadapp(conf.CONF)
