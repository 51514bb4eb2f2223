"""The hypervisors resource: compute nodes' capacity, usage and servers.

Every handler loads in bulk: one query for the compute nodes, one for the
nova-compute services and, for /servers, one for the instances; a node
whose service record is gone is not shown (upstream does the same).
"""

from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import hypervisors as schema
from nova.api.openstack import wsgi
from nova import exception
from nova import objects
from nova import policy
from nova import service as nova_service

_RULE = 'os_compute_api:os-hypervisors:'
_DETAIL_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                  'memory_mb_used', 'local_gb_used', 'hypervisor_type',
                  'hypervisor_version', 'free_ram_mb', 'free_disk_gb',
                  'current_workload', 'running_vms', 'disk_available_least',
                  'host_ip')
_STAT_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                'memory_mb_used', 'local_gb_used', 'free_ram_mb',
                'free_disk_gb', 'current_workload', 'running_vms',
                'disk_available_least')


def _nodes(context):
    """[(node, service)] of every compute node with a live service record."""
    nodes = objects.ComputeNodeList.get_all(context)
    services = objects.ServiceList.get_all(context, binary='nova-compute')
    by_id = {s.id: s for s in services}
    by_host = {s.host: s for s in services}
    result = []
    for node in nodes:
        service = (by_id.get(node.service_id) if node.service_id is not None
                   else by_host.get(node.host))
        if service is not None:
            result.append((node, service))
    return result


def _cpu_info(req, node):
    """A JSON string before 2.28, the object itself from 2.28 on."""
    if req.is_version('2.28'):
        return jsonutils.loads(node.cpu_info) if node.cpu_info else {}
    return node.cpu_info


def _uuids(req):
    """2.53: hypervisors and their services are known by uuid."""
    return req.is_version('2.53')


def _id(req, record):
    return record.uuid if _uuids(req) else record.id


def _page(req, found):
    """2.33: the page of (node, service) after ?marker (a hypervisor id;
    its uuid from 2.53) by id, at most ?limit long, and its next link."""
    limit, marker = common.pagination(req)
    found = sorted(found, key=lambda pair: pair[0].id)
    if marker is not None:
        ids = [str(_id(req, node)) for node, _ in found]
        if marker not in ids:
            raise exception.MarkerNotFound(marker=marker)
        found = found[ids.index(marker) + 1:]
    found = found[:limit]
    return found, common.collection_links(
        req, [{'id': _id(req, node)} for node, _ in found], limit)


def _listing(req, detail):
    found = _nodes(req.context)
    links = None
    pattern = req.GET.get('hypervisor_hostname_pattern')
    if pattern is not None:
        # 2.53: the search route's filter, without paging (as upstream).
        if 'limit' in req.GET or 'marker' in req.GET:
            raise wsgi.Fault(400, 'Paging over hypervisors with the '
                                  'hypervisor_hostname_pattern query '
                                  'parameter is not supported.')
        found = _matching(req.context, pattern)
    elif req.is_version('2.33'):
        found, links = _page(req, found)
    hosted = _hosted(req, found)
    body = {'hypervisors': [_view(n, s, detail=detail, req=req,
                                  servers=hosted.get(n.id))
                            for n, s in found]}
    if links:
        body['hypervisors_links'] = links
    return body


def _hosted(req, found):
    """2.53 ?with_servers: {node id: [its servers]}, one query."""
    if not (_uuids(req) and common.bool_param(req, 'with_servers')):
        return {}
    return {node.id: servers
            for (node, _), servers in zip(found,
                                          _servers_of(req.context, found))}


def _servers_of(context, found):
    """[[{'uuid', 'name'} of the servers on each node of found]]."""
    instances = objects.InstanceList.get_by_filters(
        context, {'host': sorted({n.host for n, _ in found})},
        sort_keys=['created_at'], sort_dirs=['asc']) if found else []
    on_node = {}
    for inst in instances:
        on_node.setdefault((inst.host, inst.node), []).append(
            {'uuid': inst.uuid, 'name': 'instance-%08x' % inst.id})
    return [on_node.get((node.host, node.hypervisor_hostname), [])
            for node, _ in found]


def _view(node, service, detail=False, req=None, servers=None):
    """servers: listed when there are any (2.53 with_servers and the
    /servers route leave the key out of a node without any, up to
    2.74)."""
    view = {
        'id': _id(req, node),
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if nova_service.is_up(service) else 'down',
        'status': 'disabled' if service.disabled else 'enabled',
    }
    if detail:
        view.update((name, getattr(node, name)) for name in _DETAIL_FIELDS)
        view['service'] = {'host': service.host,
                           'id': _id(req, service),
                           'disabled_reason': service.disabled_reason}
        view['cpu_info'] = _cpu_info(req, node)
    # From 2.75 a node asked about (with_servers) lists even no servers.
    if servers or (servers is not None and req is not None and
                   req.is_version('2.75')):
        view['servers'] = servers
    return view


def _one(req, hypervisor_id):
    if _uuids(req) and not uuidutils.is_uuid_like(hypervisor_id):
        raise wsgi.Fault(400, 'Invalid uuid %s' % hypervisor_id)
    for node, service in _nodes(req.context):
        if str(_id(req, node)) == hypervisor_id:
            return node, service
    raise wsgi.Fault(404, 'Hypervisor with ID \'%s\' could not be found.'
                     % hypervisor_id)


def _matching(context, pattern):
    """Nodes whose hypervisor_hostname contains pattern; 404 when none."""
    found = [(node, service) for node, service in _nodes(context)
             if pattern in node.hypervisor_hostname]
    if not found:
        raise wsgi.Fault(404, 'No hypervisor matching \'%s\' could be '
                              'found.' % pattern)
    return found


@wsgi.api(errors=(403,), query=schema.index_query, max_version='2.32')
def index(req):
    policy.authorize(req.context, _RULE + 'list')
    return _listing(req, detail=False)


@wsgi.api(errors=(400, 403), query=schema.index_query_v233,
          min_version='2.33', max_version='2.52')
def index_v233(req):
    policy.authorize(req.context, _RULE + 'list')
    return _listing(req, detail=False)


@wsgi.api(errors=(400, 403, 404), query=schema.index_query_v253,
          min_version='2.53')
def index_v253(req):
    """2.53: ?hypervisor_hostname_pattern (as the search route did) and
    ?with_servers (as the servers route did)."""
    policy.authorize(req.context, _RULE + 'list')
    return _listing(req, detail=False)


@wsgi.api(errors=(403,), query=schema.detail_query, max_version='2.32')
def detail(req):
    policy.authorize(req.context, _RULE + 'list-detail')
    return _listing(req, detail=True)


@wsgi.api(errors=(400, 403), query=schema.index_query_v233,
          min_version='2.33', max_version='2.52')
def detail_v233(req):
    policy.authorize(req.context, _RULE + 'list-detail')
    return _listing(req, detail=True)


@wsgi.api(errors=(400, 403, 404), query=schema.index_query_v253,
          min_version='2.53')
def detail_v253(req):
    policy.authorize(req.context, _RULE + 'list-detail')
    return _listing(req, detail=True)


@wsgi.api(errors=(403, 404), query=schema.show_query, max_version='2.52')
def show(req, hypervisor_id):
    policy.authorize(req.context, _RULE + 'show')
    node, service = _one(req, hypervisor_id)
    return {'hypervisor': _view(node, service, detail=True, req=req)}


@wsgi.api(errors=(400, 403, 404), query=schema.show_query_v253,
          min_version='2.53')
def show_v253(req, hypervisor_id):
    """2.53: by uuid, with the node's servers on ?with_servers."""
    policy.authorize(req.context, _RULE + 'show')
    found = [_one(req, hypervisor_id)]
    node, service = found[0]
    servers = _hosted(req, found).get(node.id)
    return {'hypervisor': _view(node, service, detail=True, req=req,
                                servers=servers)}


@wsgi.api(errors=(403,), query=schema.statistics_query)
def statistics(req):
    """Sums over the nodes of enabled services, as upstream counts them."""
    policy.authorize(req.context, _RULE + 'statistics')
    nodes = [n for n, s in _nodes(req.context) if not s.disabled]
    stats = {'count': len(nodes)}
    for name in _STAT_FIELDS:
        stats[name] = sum(getattr(n, name) or 0 for n in nodes)
    return {'hypervisor_statistics': stats}


def _uptime_text(service, now):
    """An uptime(1)-like line: the time now and how long the service has
    been registered; the API never asks a hypervisor directly."""
    seconds = max(0, int(timeutils.delta_seconds(
        service.created_at.replace(tzinfo=None), now)))
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    return ' %s up %d day%s, %2d:%02d' % (
        now.strftime('%H:%M:%S'), days, '' if days == 1 else 's', hours,
        minutes)


@wsgi.api(errors=(400, 403, 404), query=schema.uptime_query)
def uptime(req, hypervisor_id):
    policy.authorize(req.context, _RULE + 'uptime')
    node, service = _one(req, hypervisor_id)
    if not nova_service.is_up(service):
        raise wsgi.Fault(400, 'Compute service of %s is unavailable at this '
                              'time.' % service.host)
    view = _view(node, service, req=req)
    view['uptime'] = _uptime_text(service, timeutils.utcnow())
    return {'hypervisor': view}


@wsgi.api(errors=(403, 404), query=schema.search_query, max_version='2.52')
def search(req, pattern):
    """Replaced at 2.53 by GET /os-hypervisors?hypervisor_hostname_pattern."""
    policy.authorize(req.context, _RULE + 'search')
    return {'hypervisors': [_view(n, s, req=req)
                            for n, s in _matching(req.context, pattern)]}


@wsgi.api(errors=(403, 404), query=schema.servers_query, max_version='2.52')
def servers(req, pattern):
    """Matching hypervisors, each with its servers ("servers" is left out
    of a hypervisor without any, as upstream does at 2.1). Replaced at
    2.53 by GET /os-hypervisors?with_servers."""
    context = req.context
    policy.authorize(context, _RULE + 'servers')
    found = _matching(context, pattern)
    return {'hypervisors': [
        _view(node, service, req=req, servers=hosted)
        for (node, service), hosted in zip(found,
                                           _servers_of(context, found))]}


ROUTES = [
    ('/os-hypervisors', {'GET': [index, index_v233, index_v253]}),
    ('/os-hypervisors/detail', {'GET': [detail, detail_v233, detail_v253]}),
    ('/os-hypervisors/statistics', {'GET': statistics}),
    ('/os-hypervisors/{pattern}/search', {'GET': search}),
    ('/os-hypervisors/{pattern}/servers', {'GET': servers}),
    ('/os-hypervisors/{hypervisor_id}/uptime', {'GET': uptime}),
    ('/os-hypervisors/{hypervisor_id}', {'GET': [show, show_v253]}),
]
