"""Dispatches a request to the handler its path, method and version name."""

from oslo_log import log as logging

from nova.api.openstack import wsgi
from nova.api import route_table

LOG = logging.getLogger(__name__)


class Router:
    """WSGI app over a route table [(path, {METHOD: handler | [handlers]})].

    Paths are also served behind a leading /{project_id} for clients that
    put the project in the endpoint URL; it must match the caller's project.
    """

    def __init__(self, table):
        self.routes = route_table.RouteTable(
            [(path, {m: h if isinstance(h, (list, tuple)) else [h]
                     for m, h in methods.items()})
             for path, methods in table],
            prefixes=('', '/{project_id}'), suffixes=('', '/'))
        self.paths = self.routes.paths

    def __call__(self, environ, start_response):
        req = wsgi.Request(environ)
        try:
            resp = self.dispatch(req)
        except Exception as error:
            resp = wsgi.fault_from_exception(error).to_response()
        return resp(environ, start_response)

    def dispatch(self, req):
        found = self.routes.match(req)
        if found is None:
            raise wsgi.Fault(404, 'The resource could not be found.')
        methods, args = found
        project_id = args.pop('project_id', None)
        if project_id is not None and project_id != req.context.project_id:
            raise wsgi.Fault(
                400, 'Malformed request URL: URL\'s project_id \'%s\' '
                     'doesn\'t match Context\'s project_id \'%s\''
                % (project_id, req.context.project_id))
        handlers = route_table.for_method(methods, req.method)
        if handlers is None and req.path_info.endswith('/'):
            # "/images/" is the member path with an empty id, not the
            # collection: no such member (404, as upstream), rather than a
            # method the collection lacks (405).
            raise wsgi.Fault(404, 'The resource could not be found.')
        if handlers is None:
            raise wsgi.Fault(405, 'The method %s is not allowed for this '
                                  'resource.' % req.method,
                             headers={'Allow': ', '.join(sorted(methods))})
        for handler in handlers:
            if handler.serves(req.api_version):
                return handler(req, **args)
        raise wsgi.Fault(404, 'The resource could not be found.')
