"""The Compute API's request handling: handlers, responses and faults.

A handler is a function (req, **route_args) -> body dict | Response | None,
declared with @api(...), which states its contract next to it: the success
code, the errors it may answer, the body and query schemas, and the
microversion window it serves.
"""

import copy
import functools

from oslo_log import log as logging
import webob
import webob.exc

from nova.api import input_check
from nova.api.openstack import api_version
from nova.api.openstack import json_body
from nova.api import validation
from nova import exception
from nova import outages

LOG = logging.getLogger(__name__)

JSON = 'application/json'

FAULT_NAMES = {
    400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
    404: 'itemNotFound', 405: 'badMethod', 406: 'notAcceptable',
    409: 'conflict', 413: 'overLimit', 415: 'badMediaType',
    429: 'overLimit', 501: 'notImplemented', 503: 'serviceUnavailable',
}


class Request(webob.Request):
    """A request with the caller's context and negotiated microversion."""

    @property
    def context(self):
        return self.environ['nova.context']

    @property
    def api_version(self):
        return self.environ.get('nova.api_version', api_version.MIN)

    def is_version(self, minimum, maximum=None):
        # Views ask the same few questions for every server of a list:
        # each is answered once per request (and version).
        version = self.api_version
        known = self.environ.get('nova.version_checks')
        if known is None or known[0] is not version:
            known = self.environ['nova.version_checks'] = (version, {})
        try:
            return known[1][minimum, maximum]
        except KeyError:
            answer = known[1][minimum, maximum] = version.matches(minimum,
                                                                  maximum)
            return answer

    def json_body(self):
        if not self.body:
            return None
        content_type = (self.content_type or JSON).lower()
        if content_type not in (JSON, 'application/octet-stream', '') and \
                not content_type.endswith('+json'):
            raise Fault(415, 'Unsupported Content-Type')
        try:
            return input_check.load_json(self.body)
        except input_check.BadInput as error:
            raise Fault(400, str(error))

    def link_prefix(self):
        from nova import conf
        prefix = conf.CONF.api.compute_link_prefix
        return (prefix or self.host_url).rstrip('/')


class Response:
    """An explicit response: a body dict (or None), status and headers."""

    def __init__(self, body=None, status=None, headers=None):
        self.body = body
        self.status = status
        self.headers = headers or {}


class Fault(Exception):
    """An error answered in the Compute API fault format."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def to_response(self):
        name = FAULT_NAMES.get(self.status, 'computeFault')
        body = {name: {'code': self.status, 'message': self.message}}
        resp = json_response(body, self.status)
        for key, value in self.headers.items():
            resp.headers[key] = value
        return resp


def json_response(body, status=200):
    resp = webob.Response(status=status, content_type=JSON, charset='utf-8')
    if body is not None:
        resp.body = json_body.dump(body)
    return resp


def fault_from_exception(error, context=None):
    """Map an exception to a Fault; hide internals of unexpected ones."""
    if isinstance(error, Fault):
        return error
    outage = outages.message(error)
    if outage is not None:
        LOG.warning('Answering 503: %s: %s', type(error).__name__, error)
        return Fault(503, outage, headers={
            'Retry-After': outages.retry_after()})
    if isinstance(error, exception.NovaException):
        code = error.code if isinstance(error.code, int) else 500
        if code >= 500 and not error.safe:
            return Fault(500, 'Unexpected API Error. Please report this at '
                              'the project\'s bug tracker and attach the '
                              'Nova API log if possible.\n%s'
                         % type(error).__name__)
        return Fault(code, error.format_message())
    if isinstance(error, webob.exc.HTTPException):
        return Fault(error.code, error.explanation or error.title)
    refused = input_check.refused_by_database(error)
    if refused is not None:
        return Fault(*refused)
    LOG.exception('Unexpected error handling a request')
    return Fault(500, 'Unexpected API Error. Please report this at the '
                      'project\'s bug tracker and attach the Nova API log '
                      'if possible.\n%s' % type(error).__name__)


class Handler:
    """A handler function and its declared contract."""

    def __init__(self, func, success, errors, body, query, min_version,
                 max_version):
        self.func = func
        self.success = success
        self.errors = tuple(errors)
        self.body_schema = body
        self.query_schema = query
        self.min_version = api_version.APIVersion(min_version)
        self.max_version = (api_version.APIVersion(max_version)
                            if max_version else None)
        functools.update_wrapper(self, func)

    def serves(self, version):
        return version.matches(self.min_version, self.max_version)

    def __call__(self, req, **kwargs):
        if self.query_schema is not None:
            validation.validate(self.query_schema,
                                validation.query_to_dict(req.GET), 'query')
        if self.body_schema is not None:
            body = req.json_body()
            if body is None:
                raise Fault(400, 'The request body is missing or empty.')
            validation.validate(self.body_schema, body)
            kwargs['body'] = body
        result = self.func(req, **kwargs)
        if isinstance(result, Response):
            status = result.status or self.success
            resp = json_response(result.body, status)
            for key, value in result.headers.items():
                resp.headers[key] = value
            return resp
        if result is None and self.success in (202, 204):
            resp = webob.Response(status=self.success)
            resp.content_type = None
            return resp
        return json_response(result, self.success)


def served_until(handlers, last_version):
    """Copies of handlers that serve no version after last_version: a
    route that leaves the API at a version while its handlers stay."""
    last = api_version.APIVersion(last_version)
    capped = []
    for handler in handlers:
        if handler.min_version > last:
            continue
        handler = copy.copy(handler)
        if handler.max_version is None or handler.max_version > last:
            handler.max_version = last
        capped.append(handler)
    return capped


def api(success=200, errors=(), body=None, query=None, min_version='2.1',
        max_version=None):
    """Declare a handler's contract (see the module docstring)."""
    def decorate(func):
        return Handler(func, success, errors, body, query, min_version,
                       max_version)
    return decorate
