"""Middlewares of the API pipeline (their order is set in deploy.py)."""

from oslo_context import context as oslo_context
from oslo_log import log as logging
from oslo_utils import timeutils

from nova.api.openstack import api_version
from nova.api.openstack import wsgi
from nova import exception

LOG = logging.getLogger(__name__)


class RequestId:
    """Give each request an id, returned in both headers clients read."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request_id = oslo_context.generate_request_id()
        environ['openstack.request_id'] = request_id
        # The thread's logging context until authentication makes the
        # request's own: a request that never gets one (the version
        # documents, a refused token) would otherwise log the id of the
        # thread's previous request.
        oslo_context.RequestContext(request_id=request_id)

        def start(status, headers, exc_info=None):
            headers = [h for h in headers if h[0].lower() not in
                       ('x-openstack-request-id', 'x-compute-request-id')]
            headers.append(('x-openstack-request-id', request_id))
            headers.append(('x-compute-request-id', request_id))
            return start_response(status, headers, exc_info)
        return self.app(environ, start)


class FaultWrapper:
    """Turn any escaping exception into a Compute API fault."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception as error:
            return wsgi.fault_from_exception(error).to_response()(
                environ, start_response)


class RequestLog:
    """One log line per request: method, path, status, time."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = timeutils.utcnow_ts(microsecond=True)
        holder = {}

        def start(status, headers, exc_info=None):
            holder['status'] = status.split(' ', 1)[0]
            return start_response(status, headers, exc_info)
        result = self.app(environ, start)
        LOG.info('%s "%s %s" status: %s time: %.4f',
                 environ.get('REMOTE_ADDR'), environ.get('REQUEST_METHOD'),
                 environ.get('PATH_INFO'), holder.get('status'),
                 timeutils.utcnow_ts(microsecond=True) - started)
        return result


class Microversion:
    """Negotiate the microversion and echo it on the response."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        req = wsgi.Request(environ)
        try:
            version = api_version.requested_version(req.headers)
        except exception.InvalidAPIVersionString as error:
            return wsgi.Fault(400, error.format_message()).to_response()(
                environ, start_response)
        except api_version.VersionNotSupported as error:
            return wsgi.Fault(406, str(error)).to_response()(
                environ, start_response)
        environ['nova.api_version'] = version
        extra = list(api_version.response_headers(version).items())

        def start(status, headers, exc_info=None):
            return start_response(status, list(headers) + extra, exc_info)
        return self.app(environ, start)
