"""os-simple-tenant-usage: what each project's servers used in a period
(`openstack usage list` / `usage show`)."""

import copy

from oslo_utils import timeutils

import nova.conf
from nova.api.openstack import common
from nova.api.openstack import wsgi
from nova.compute import usage
from nova import exception
from nova import policy

CONF = nova.conf.CONF

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
# 2.40: pages of servers: limit and marker (a server uuid).
_QUERY_V240 = copy.deepcopy(_QUERY)
_QUERY_V240['properties'].update({
    'limit': {'type': 'array',
              'items': {'type': 'string', 'pattern': '^[0-9]+$'}},
    'marker': {'type': 'array', 'items': {'type': 'string'}},
})


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


def _page(req, paged):
    """(limit, marker): the query's from 2.40; before, at most [api]
    max_limit servers, as upstream cut the older versions silently."""
    if paged:
        return common.pagination(req)
    return CONF.api.max_limit, None


def _usage(req, paged, project_id=None):
    """({project: [ServerUsage]}, the servers' links when paged)."""
    start, end = _period(req)
    limit, marker = _page(req, paged)
    try:
        usages = usage.usage_by_project(
            req.context.elevated(read_deleted='yes'), start, end,
            project_id=project_id, limit=limit, marker=marker)
    except exception.MarkerNotFound as error:
        raise wsgi.Fault(400, error.format_message())
    servers = [{'instance_id': s.instance_id}
               for project in usages.values() for s in project]
    links = common.collection_links(req, servers, limit,
                                    id_key='instance_id') if paged else []
    return start, end, usages, links


def _index(req, paged):
    context = req.context
    policy.authorize(context, _RULE % 'list', {})
    detailed = req.GET.get('detailed') == '1'
    start, end, usages, links = _usage(req, paged)
    body = {'tenant_usages': [
        _tenant_view(project_id, servers, start, end, detailed)
        for project_id, servers in usages.items()]}
    if links:
        body['tenant_usages_links'] = links
    return body


def _show(req, tenant_id, paged):
    policy.authorize(req.context, _RULE % 'show', {'project_id': tenant_id})
    start, end, usages, links = _usage(req, paged, project_id=tenant_id)
    servers = usages.get(tenant_id)
    body = {'tenant_usage': _tenant_view(tenant_id, servers, start, end,
                                         detailed=True) if servers else {}}
    if links:
        body['tenant_usage_links'] = links
    return body


@wsgi.api(errors=(400, 403), query=_QUERY, max_version='2.39')
def index(req):
    return _index(req, paged=False)


@wsgi.api(errors=(400, 403), query=_QUERY_V240, min_version='2.40')
def index_v240(req):
    """2.40: pages of servers (limit, marker) and their links."""
    return _index(req, paged=True)


@wsgi.api(errors=(400, 403), query=_QUERY, max_version='2.39')
def show(req, tenant_id):
    return _show(req, tenant_id, paged=False)


@wsgi.api(errors=(400, 403), query=_QUERY_V240, min_version='2.40')
def show_v240(req, tenant_id):
    """2.40: pages of servers (limit, marker) and their links."""
    return _show(req, tenant_id, paged=True)


@wsgi.api(errors=(404,), query=_QUERY)
def show_no_tenant(req):
    """The trailing slash names a project with an empty id: none such
    (upstream answers 404 rather than the list)."""
    raise wsgi.Fault(404, 'The resource could not be found.')


ROUTES = [
    # Before the list: its path would match the trailing slash too.
    ('/os-simple-tenant-usage/', {'GET': show_no_tenant}),
    ('/os-simple-tenant-usage', {'GET': [index, index_v240]}),
    ('/os-simple-tenant-usage/{tenant_id}', {'GET': [show, show_v240]}),
]
