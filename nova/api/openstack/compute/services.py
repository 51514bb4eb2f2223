"""The services resource: every daemon's host, zone, status and state.

Administrators enable and disable services (the scheduler skips the hosts
of disabled nova-compute services) and delete the records of retired ones.
"""

from oslo_utils import strutils

from nova.api.openstack.compute import availability_zone
from nova.api.openstack.compute.schemas import services as schema
from nova.api.openstack import wsgi
from nova import availability_zones
from nova import exception
from nova import objects
from nova import policy
from nova import service as nova_service

# As upstream has shown service times up to 2.x: microseconds, no zone.
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


def _view(service, host_zones):
    updated = service.last_seen_up or service.updated_at
    return {
        'id': service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': availability_zone.zone_of(service, host_zones),
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if nova_service.is_up(service) else 'down',
        'updated_at': updated.strftime(_TIME_FORMAT) if updated else None,
        'disabled_reason': service.disabled_reason,
    }


@wsgi.api(errors=(403,), query=schema.index_query)
def index(req):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-services:list')
    services = objects.ServiceList.get_all(
        context, host=req.GET.get('host'), binary=req.GET.get('binary'))
    host_zones = availability_zones.host_zones(context)
    views = []
    for service in services:
        if service.binary in availability_zone.API_BINARIES:
            continue
        view = _view(service, host_zones)
        if req.is_version('2.11'):
            view['forced_down'] = service.forced_down
        views.append(view)
    return {'services': views}


def _service(context, host, binary):
    try:
        return objects.Service.get_by_host_and_binary(context, host, binary)
    except exception.ServiceNotFound:
        raise wsgi.Fault(404, 'No %s service on host %s: check both '
                              'against GET /os-services.' % (binary, host))


def _set_status(req, body, disabled, reason=None):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-services:update')
    service = _service(context, body['host'], body['binary'])
    service.disabled = disabled
    if not disabled:
        service.disabled_reason = None
    elif reason is not None:
        service.disabled_reason = reason
    service.save()
    view = {'host': service.host, 'binary': service.binary,
            'status': 'disabled' if disabled else 'enabled'}
    if reason is not None:
        view['disabled_reason'] = reason
    return {'service': view}


@wsgi.api(errors=(400, 403, 404), body=schema.update)
def enable(req, body):
    return _set_status(req, body, disabled=False)


@wsgi.api(errors=(400, 403, 404), body=schema.update)
def disable(req, body):
    return _set_status(req, body, disabled=True)


@wsgi.api(errors=(400, 403, 404), body=schema.disable_log_reason)
def disable_log_reason(req, body):
    return _set_status(req, body, disabled=True,
                       reason=body['disabled_reason'])


@wsgi.api(errors=(400, 403, 404), body=schema.force_down,
          min_version='2.11')
def force_down(req, body):
    """Mark a service down at once (fencing a failed host) or lift that;
    a forced-down compute service is skipped by the scheduler."""
    context = req.context
    policy.authorize(context, 'os_compute_api:os-services:update')
    service = _service(context, body['host'], body['binary'])
    service.forced_down = strutils.bool_from_string(body['forced_down'],
                                                    strict=True)
    service.save()
    return {'service': {'host': service.host, 'binary': service.binary,
                        'forced_down': service.forced_down}}


@wsgi.api(success=204, errors=(403, 404, 409))
def delete(req, service_id):
    """Delete a service record; a nova-compute service's compute nodes go
    with it, so they leave the hypervisors list and scheduling."""
    context = req.context
    policy.authorize(context, 'os_compute_api:os-services:delete')
    try:
        service = objects.Service.get_by_id(context, int(service_id))
    except (ValueError, exception.ServiceNotFound):
        raise wsgi.Fault(404, 'Service %s could not be found.' % service_id)
    if service.binary == 'nova-compute' and objects.InstanceList.\
            get_by_filters(context, {'host': service.host}, limit=1):
        raise wsgi.Fault(409, 'Unable to delete compute service that is '
                              'hosting instances. Migrate or delete the '
                              'instances first.')
    service.destroy()


ROUTES = [
    ('/os-services', {'GET': index}),
    ('/os-services/enable', {'PUT': enable}),
    ('/os-services/disable', {'PUT': disable}),
    ('/os-services/disable-log-reason', {'PUT': disable_log_reason}),
    ('/os-services/force-down', {'PUT': force_down}),
    ('/os-services/{service_id}', {'DELETE': delete}),
]
