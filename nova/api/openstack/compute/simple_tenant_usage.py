"""os-simple-tenant-usage: what each project's servers used in a period
(`openstack usage list` / `usage show`)."""

from oslo_utils import timeutils

from nova.api.openstack import common
from nova.api.openstack import wsgi
from nova.compute import usage
from nova import policy

_RULE = 'os_compute_api:os-simple-tenant-usage:%s'
# Upstream writes these times as JSON writes a datetime.
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'

# Query values arrive as lists (a parameter may repeat).
_QUERY = {
    'type': 'object',
    'properties': {
        'start': {'type': 'array', 'items': {'type': 'string'}},
        'end': {'type': 'array', 'items': {'type': 'string'}},
        'detailed': {'type': 'array',
                     'items': {'type': 'string', 'enum': ['0', '1']}},
    },
}


def _time(value):
    return value.strftime(_TIME_FORMAT) if value is not None else None


def _period(req):
    """[start, end) from the query; both default to now, as upstream."""
    now = timeutils.utcnow()
    start = common.time_param(req, 'start') or now
    end = common.time_param(req, 'end') or now
    if start > end:
        raise wsgi.Fault(400, 'Invalid start time. The start time cannot '
                              'occur after the end time.')
    return start, end


def _server_view(server):
    return {'instance_id': server.instance_id, 'name': server.name,
            'tenant_id': server.tenant_id, 'flavor': server.flavor,
            'hours': server.hours, 'memory_mb': server.memory_mb,
            'local_gb': server.local_gb, 'vcpus': server.vcpus,
            'started_at': _time(server.started_at),
            'ended_at': _time(server.ended_at), 'state': server.state,
            'uptime': server.uptime}


def _tenant_view(project_id, servers, start, end, detailed):
    view = {
        'tenant_id': project_id,
        'start': _time(start), 'stop': _time(end),
        'total_hours': sum(s.hours for s in servers),
        'total_memory_mb_usage': sum(s.memory_mb * s.hours
                                     for s in servers),
        'total_local_gb_usage': sum(s.local_gb * s.hours for s in servers),
        'total_vcpus_usage': sum(s.vcpus * s.hours for s in servers),
    }
    if detailed:
        view['server_usages'] = [_server_view(s) for s in servers]
    return view


@wsgi.api(errors=(400, 403), query=_QUERY)
def index(req):
    context = req.context
    policy.authorize(context, _RULE % 'list', {})
    start, end = _period(req)
    detailed = req.GET.get('detailed') == '1'
    usages = usage.usage_by_project(context.elevated(read_deleted='yes'),
                                    start, end)
    return {'tenant_usages': [
        _tenant_view(project_id, servers, start, end, detailed)
        for project_id, servers in usages.items()]}


@wsgi.api(errors=(400, 403), query=_QUERY)
def show(req, tenant_id):
    context = req.context
    policy.authorize(context, _RULE % 'show', {'project_id': tenant_id})
    start, end = _period(req)
    servers = usage.usage_by_project(
        context.elevated(read_deleted='yes'), start, end,
        project_id=tenant_id).get(tenant_id)
    if not servers:
        return {'tenant_usage': {}}
    return {'tenant_usage': _tenant_view(tenant_id, servers, start, end,
                                         detailed=True)}


@wsgi.api(errors=(404,), query=_QUERY)
def show_no_tenant(req):
    """The trailing slash names a project with an empty id: none such
    (upstream answers 404 rather than the list)."""
    raise wsgi.Fault(404, 'The resource could not be found.')


ROUTES = [
    # Before the list: its path would match the trailing slash too.
    ('/os-simple-tenant-usage/', {'GET': show_no_tenant}),
    ('/os-simple-tenant-usage', {'GET': index}),
    ('/os-simple-tenant-usage/{tenant_id}', {'GET': show}),
]
