"""The services resource: every daemon's host, zone, status and state."""

from nova.api.openstack.compute import availability_zone
from nova.api.openstack.compute.schemas import services as schema
from nova.api.openstack import wsgi
from nova import objects
from nova import policy
from nova import service as nova_service

# As upstream has shown service times up to 2.x: microseconds, no zone.
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


def _view(service):
    updated = service.last_seen_up or service.updated_at
    return {
        'id': service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': availability_zone.zone_of(service),
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
    return {'services': [
        _view(s) for s in services
        if s.binary not in availability_zone.API_BINARIES]}


ROUTES = [
    ('/os-services', {'GET': index}),
]
