"""Availability zones: the zones of compute hosts, and the internal one.

Aggregates with 'availability_zone' metadata name the zones of their
hosts; other compute hosts are in [DEFAULT] default_availability_zone,
other services in "internal" (see nova.availability_zones).
"""

from nova.api.openstack.compute.schemas import availability_zone as schema
from nova.api.openstack import wsgi
from nova import availability_zones
from nova import objects
from nova import policy
from nova import service as nova_service

INTERNAL_ZONE = availability_zones.INTERNAL_ZONE
# The API's own services are no hosts of a zone (upstream hides them too).
API_BINARIES = ('nova-osapi_compute', 'nova-metadata')


def zone_of(service, host_zones):
    """A service's zone, given availability_zones.host_zones() (read once
    for all the services of a request)."""
    return availability_zones.zone_of_service(service, host_zones)


def _zones(context):
    """(available zones, unavailable zones, enabled services), in order.

    A zone is available while it has an enabled service.
    """
    services = [s for s in objects.ServiceList.get_all(context)
                if s.binary not in API_BINARIES]
    zones = availability_zones.host_zones(context)
    enabled = [(s, zone_of(s, zones)) for s in services if not s.disabled]
    available = []
    for _svc, zone in enabled:
        if zone not in available:
            available.append(zone)
    unavailable = []
    for svc in services:
        zone = zone_of(svc, zones)
        if zone not in available and zone not in unavailable:
            unavailable.append(zone)
    return available, unavailable, enabled


@wsgi.api(errors=(403,), query=schema.index_query)
def index(req):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-availability-zone:list')
    available, unavailable, _ = _zones(context)
    info = [{'zoneName': zone, 'zoneState': {'available': zone in available},
             'hosts': None}
            for zone in available + unavailable if zone != INTERNAL_ZONE]
    return {'availabilityZoneInfo': info}


def _service_state(service):
    updated = service.last_seen_up or service.updated_at
    return {'available': nova_service.is_up(service),
            'active': not service.disabled,
            'updated_at': updated.strftime('%Y-%m-%dT%H:%M:%S.%f')
            if updated else None}


@wsgi.api(errors=(403,), query=schema.detail_query)
def detail(req):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-availability-zone:detail')
    available, unavailable, enabled = _zones(context)
    info = []
    for zone in available:
        hosts = {}
        for svc, svc_zone in enabled:
            if svc_zone == zone:
                hosts.setdefault(svc.host, {})[svc.binary] = \
                    _service_state(svc)
        info.append({'zoneName': zone, 'zoneState': {'available': True},
                     'hosts': hosts})
    info.extend({'zoneName': zone, 'zoneState': {'available': False},
                 'hosts': None} for zone in unavailable)
    return {'availabilityZoneInfo': info}


ROUTES = [
    ('/os-availability-zone/detail', {'GET': detail}),
    ('/os-availability-zone', {'GET': index}),
]
