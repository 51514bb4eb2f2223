"""The hosts resource (os-hosts), up to microversion 2.42.

Lists the hosts of the services with their zones, shows a compute host's
capacity and usage per project, enables or disables its compute service.
Maintenance mode and host power actions need driver support that none of
our drivers has: they answer 501 like upstream's libvirt driver.
"""

from nova.api.openstack.compute.schemas import hosts as schema
from nova.api.openstack import wsgi
from nova import availability_zones
from nova import exception
from nova import objects
from nova import policy
from nova import service as nova_service

# The API's own services are no hosts (as upstream hides them).
_API_BINARIES = ('nova-osapi_compute', 'nova-metadata')
_NOT_SUPPORTED = 'The requested functionality is not supported.'
# From 2.43 on os-hosts answers 404: os-hypervisors and os-services
# replace it.
MAX_VERSION = '2.42'


def _authorize(req, action):
    policy.authorize(req.context, 'os_compute_api:os-hosts:' + action)


def _topic(service):
    return service.topic or service.binary.replace('nova-', '', 1)


@wsgi.api(errors=(403,), query=schema.index_query, max_version=MAX_VERSION)
def index(req):
    """Hosts of the enabled services, optionally of one zone."""
    _authorize(req, 'list')
    context = req.context
    zones = availability_zones.host_zones(context)
    wanted = req.GET.get('zone')
    hosts = []
    for service in objects.ServiceList.get_all(context, disabled=False):
        if service.binary in _API_BINARIES:
            continue
        zone = availability_zones.zone_of_service(service, zones)
        if wanted and zone != wanted:
            continue
        hosts.append({'host_name': service.host, 'service': _topic(service),
                      'zone': zone})
    return {'hosts': hosts}


def _resource(host, project, cpu, memory_mb, disk_gb):
    return {'resource': {'host': host, 'project': project, 'cpu': cpu,
                         'memory_mb': memory_mb, 'disk_gb': disk_gb}}


@wsgi.api(errors=(403, 404), query=schema.show_query,
          max_version=MAX_VERSION)
def show(req, host_name):
    """Capacity (total), usage (used_now), the servers' sum (used_max),
    then the servers' sum per project."""
    _authorize(req, 'show')
    context = req.context
    nodes = objects.ComputeNodeList.get_all(context, host=host_name)
    if not nodes:
        raise exception.ComputeHostNotFound(host=host_name)
    node = nodes[0]  # as upstream: a host's first node
    instances = objects.InstanceList.get_by_filters(
        context, {'host': host_name}, expected_attrs=())
    rows = [_resource(host_name, '(total)', node.vcpus, node.memory_mb,
                      node.local_gb),
            _resource(host_name, '(used_now)', node.vcpus_used,
                      node.memory_mb_used, node.local_gb_used)]
    projects = {}
    total = [0, 0, 0]
    for inst in instances:
        usage = (inst.vcpus or 0, inst.memory_mb or 0,
                 (inst.root_gb or 0) + (inst.ephemeral_gb or 0))
        per_project = projects.setdefault(inst.project_id, [0, 0, 0])
        for index, value in enumerate(usage):
            per_project[index] += value
            total[index] += value
    rows.append(_resource(host_name, '(used_max)', *total))
    rows.extend(_resource(host_name, project, *usage)
                for project, usage in sorted(projects.items()))
    return {'host': rows}


def _compute_service(context, host_name):
    try:
        return objects.Service.get_by_host_and_binary(
            context, host_name, availability_zones.COMPUTE_BINARY)
    except exception.ServiceNotFound:
        raise wsgi.Fault(404, 'Host %s could not be found.' % host_name)


@wsgi.api(errors=(400, 403, 404, 501), body=schema.update,
          max_version=MAX_VERSION)
def update(req, host_name, body):
    """status: enable or disable the host's compute service (the scheduler
    skips disabled ones); maintenance_mode: not supported."""
    _authorize(req, 'update')
    context = req.context
    service = _compute_service(context, host_name)
    if 'maintenance_mode' in body:
        raise wsgi.Fault(501, _NOT_SUPPORTED)
    enable = body['status'].lower() == 'enable'
    service.disabled = not enable
    service.disabled_reason = None if enable else 'Disabled via os-hosts'
    service.save()
    return {'host': host_name,
            'status': 'enabled' if enable else 'disabled'}


def _power_action(action):
    @wsgi.api(errors=(400, 403, 404, 501), query=schema.power_query,
              max_version=MAX_VERSION)
    def power_action(req, host_name):
        _authorize(req, action)
        service = _compute_service(req.context, host_name)
        if not nova_service.is_up(service):
            raise wsgi.Fault(400, 'Compute service of %s is unavailable at '
                                  'this time.' % host_name)
        raise wsgi.Fault(501, _NOT_SUPPORTED)
    power_action.__name__ = action
    return power_action


ROUTES = [
    ('/os-hosts', {'GET': index}),
    ('/os-hosts/{host_name}/reboot', {'GET': _power_action('reboot')}),
    ('/os-hosts/{host_name}/shutdown', {'GET': _power_action('shutdown')}),
    ('/os-hosts/{host_name}/startup', {'GET': _power_action('start')}),
    ('/os-hosts/{host_name}', {'GET': show, 'PUT': update}),
]
