"""The services resource: every daemon's host, zone, status and state.

Administrators enable and disable services (the scheduler skips the hosts
of disabled nova-compute services) and delete the records of retired ones.
"""

from oslo_utils import strutils
from oslo_utils import uuidutils

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


def _view(req, service, host_zones):
    """From 2.53 a service is known by its uuid."""
    updated = service.last_seen_up or service.updated_at
    return {
        'id': service.uuid if req.is_version('2.53') else service.id,
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
        view = _view(req, service, host_zones)
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


@wsgi.api(errors=(400, 403, 404), body=schema.update, max_version='2.52')
def enable(req, body):
    return _set_status(req, body, disabled=False)


@wsgi.api(errors=(400, 403, 404), body=schema.update, max_version='2.52')
def disable(req, body):
    return _set_status(req, body, disabled=True)


@wsgi.api(errors=(400, 403, 404), body=schema.disable_log_reason,
          max_version='2.52')
def disable_log_reason(req, body):
    return _set_status(req, body, disabled=True,
                       reason=body['disabled_reason'])


@wsgi.api(errors=(400, 403, 404), body=schema.force_down,
          min_version='2.11', max_version='2.52')
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


def _by_uuid(context, service_id):
    """2.53: the service of uuid service_id; 400 if it is no uuid."""
    if not uuidutils.is_uuid_like(service_id):
        raise wsgi.Fault(400, 'Invalid uuid %s' % service_id)
    try:
        return objects.Service.get_by_uuid(context, service_id)
    except exception.ServiceNotFound:
        raise wsgi.Fault(404, 'Service %s could not be found.' % service_id)


@wsgi.api(errors=(400, 403, 404), body=schema.update_v253,
          min_version='2.53')
def update(req, service_id, body):
    """2.53: one PUT for what enable, disable, disable-log-reason and
    force-down did, on a nova-compute service known by uuid; answers the
    whole service."""
    context = req.context
    policy.authorize(context, 'os_compute_api:os-services:update')
    service = _by_uuid(context, service_id)
    if service.binary != 'nova-compute':
        raise wsgi.Fault(400, 'Updating a %s service is not supported. '
                              'Only nova-compute services can be updated.'
                         % service.binary)
    status = body.get('status')
    if status == 'enabled':
        if body.get('disabled_reason'):
            raise wsgi.Fault(400, "Specifying 'disabled_reason' with status "
                                  "'enabled' is invalid.")
        service.disabled = False
        service.disabled_reason = None
    elif status == 'disabled':
        service.disabled = True
        service.disabled_reason = body.get('disabled_reason')
    if 'forced_down' in body:
        service.forced_down = strutils.bool_from_string(body['forced_down'],
                                                        strict=True)
    if status is None and 'forced_down' not in body:
        raise wsgi.Fault(400, "No updates were requested. Fields 'status' "
                              "or 'forced_down' should be specified.")
    service.save()
    view = _view(req, service,
                 availability_zones.host_zones(context))
    view['forced_down'] = service.forced_down
    return {'service': view}


@wsgi.api(success=204, errors=(400, 403, 404, 409))
def delete(req, service_id):
    """Delete a service record; a nova-compute service's compute nodes go
    with it, so they leave the hypervisors list and scheduling. From 2.53
    the service is known by uuid."""
    context = req.context
    policy.authorize(context, 'os_compute_api:os-services:delete')
    if req.is_version('2.53'):
        service = _by_uuid(context, service_id)
    else:
        try:
            service = objects.Service.get_by_id(context, int(service_id))
        except (ValueError, exception.ServiceNotFound):
            raise wsgi.Fault(404, 'Service %s could not be found.'
                             % service_id)
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
    ('/os-services/{service_id}', {'PUT': update, 'DELETE': delete}),
]
