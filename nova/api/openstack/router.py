"""Dispatches a request to the handler its path, method and version name."""

from oslo_log import log as logging
import routes

from nova.api.openstack import wsgi

LOG = logging.getLogger(__name__)


class Router:
    """WSGI app over a route table [(path, {METHOD: handler | [handlers]})].

    Paths are also served behind a leading /{project_id} for clients that
    put the project in the endpoint URL; it must match the caller's project.
    """

    def __init__(self, table):
        self.table = []
        self.paths = []  # route templates, the metrics' route label
        self.mapper = routes.Mapper()
        for prefix in ('', '/{project_id}'):
            for path, methods in table:
                index = len(self.table)
                self.table.append({
                    m: h if isinstance(h, (list, tuple)) else [h]
                    for m, h in methods.items()})
                self.paths.append(path)
                self.mapper.connect(prefix + path, route_index=index)
                if not path.endswith('/'):
                    self.mapper.connect(prefix + path + '/',
                                        route_index=index)

    def __call__(self, environ, start_response):
        req = wsgi.Request(environ)
        try:
            resp = self.dispatch(req)
        except Exception as error:
            resp = wsgi.fault_from_exception(error).to_response()
        return resp(environ, start_response)

    def dispatch(self, req):
        match = self.mapper.match(req.path_info)
        if match is None:
            raise wsgi.Fault(404, 'The resource could not be found.')
        args = dict(match)
        index = int(args.pop('route_index'))
        methods = self.table[index]
        req.environ['nova.route'] = self.paths[index]
        project_id = args.pop('project_id', None)
        if project_id is not None and project_id != req.context.project_id:
            raise wsgi.Fault(
                400, 'Malformed request URL: URL\'s project_id \'%s\' '
                     'doesn\'t match Context\'s project_id \'%s\''
                % (project_id, req.context.project_id))
        handlers = methods.get(req.method)
        if handlers is None and req.method == 'HEAD':
            handlers = methods.get('GET')
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
