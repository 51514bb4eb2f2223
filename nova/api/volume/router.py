"""The Block Storage API's route table and its dispatcher.

Handlers are functions (req, project_id, **route_args) answering a body
dict (200), a (status, body dict or None) pair, or raising CinderFault;
nova exceptions become one by their status. The project in the URL must
be the caller's (Cinder answers 400 otherwise).
"""

import json

import webob

from nova.api import route_table
from nova.api.volume import faults
from nova.api.volume import types
from nova.api.volume import versions
from nova.api.volume import volumes

_P = '/v3/{project_id}'
ROUTES = [
    (_P + '/volumes', {'GET': volumes.index, 'POST': volumes.create}),
    (_P + '/volumes/detail', {'GET': volumes.detail}),
    (_P + '/volumes/{volume_id}', {'GET': volumes.show,
                                   'PUT': volumes.update,
                                   'DELETE': volumes.delete}),
    (_P + '/types', {'GET': types.index}),
    (_P + '/types/{type_id}', {'GET': types.show}),
]


def _json(status, body):
    resp = webob.Response(status=status)
    if body is not None:
        resp.content_type = 'application/json'
        resp.charset = 'UTF-8'
        resp.text = json.dumps(body)
    return resp


class Router:
    """WSGI app dispatching by path and method over ROUTES."""

    def __init__(self, table=ROUTES):
        self.routes = route_table.RouteTable(table)
        self.paths = self.routes.paths

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        version = versions.MIN_VERSION
        try:
            version = versions.requested(req)
            resp = self.dispatch(req)
        except faults.CinderFault as fault:
            resp = fault.response()
        except Exception as error:
            resp = route_table.fault_for(error, faults).response()
        return versions.stamp(resp, version)(environ, start_response)

    def dispatch(self, req):
        path = req.path_info.rstrip('/') or '/'
        found = self.routes.match(req, path)
        if found is None:
            raise faults.not_found()
        methods, args = found
        handler = route_table.for_method(methods, req.method)
        if handler is None:
            raise faults.CinderFault(405, 'The method %s is not allowed '
                                          'for this resource.' % req.method)
        req.context = req.environ['nova.context']
        if args['project_id'] != req.context.project_id:
            raise faults.bad_request('Malformed request url')
        result = handler(req, **args)
        if isinstance(result, tuple):
            return _json(*result)
        return _json(200, result)
