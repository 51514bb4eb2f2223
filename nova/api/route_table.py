"""Path and method lookup over a route table, shared by the APIs.

A table is [(path template, {METHOD: handler})]. Each API answers a miss
in its own fault format, so lookups return what they found and leave the
refusal to the caller.
"""

from oslo_log import log as logging
import routes

from nova import exception

LOG = logging.getLogger(__name__)


class RouteTable:
    """The routes of one API. Each path is also served behind each of
    prefixes (a project in the URL) and with each of suffixes (a trailing
    slash, the old .json format suffix); all paths under one prefix are
    matched before any path under the next."""

    def __init__(self, table, prefixes=('',), suffixes=('',)):
        self.mapper = routes.Mapper()
        self.methods = [methods for _, methods in table]
        self.paths = [path for path, _ in table]  # the metrics' label
        for prefix in prefixes:
            for index, path in enumerate(self.paths):
                for suffix in suffixes:
                    if suffix == '/' and path.endswith('/'):
                        continue
                    self.mapper.connect(prefix + path + suffix,
                                        route_index=index)

    def match(self, req, path=None):
        """(methods, route arguments) of req's path, or None; names the
        route's template in the request environ (the metrics' label)."""
        match = self.mapper.match(req.path_info if path is None else path)
        if match is None:
            return None
        args = dict(match)
        index = int(args.pop('route_index'))
        req.environ['nova.route'] = self.paths[index]
        return self.methods[index], args


def for_method(methods, method):
    """The handler of method among methods (HEAD falls back to GET), or
    None."""
    handler = methods.get(method)
    if handler is None and method == 'HEAD':
        handler = methods.get('GET')
    return handler


def fault_for(error, faults):
    """The fault (in the format of the faults module given: outage() and
    from_nova()) answering error: a database or bus outage is a 503, a
    nova exception its own status; anything else goes on up."""
    fault = faults.outage(error)
    if fault is not None:
        LOG.warning('Answering 503: %s: %s', type(error).__name__, error)
        return fault
    if isinstance(error, exception.NovaException):
        return faults.from_nova(error)
    raise error
