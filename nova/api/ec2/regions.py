"""DescribeRegions and DescribeAvailabilityZones."""

import nova.conf
from nova.api.ec2 import request
from nova import availability_zones
from nova import bind_address
from nova import objects
from nova import service as nova_service

CONF = nova.conf.CONF


def describe_regions(context, args):
    host = CONF.ec2_listen or bind_address.default_host()
    if host in ('0.0.0.0', '::'):
        host = '127.0.0.1'
    name = CONF.ec2.region_name
    wanted = request.as_list(args, 'RegionName')
    regions = [{'regionName': name,
                'regionEndpoint': 'http://%s:%s/services/Cloud' % (
                    host, CONF.ec2_listen_port)}]
    return {'regionInfo': [r for r in regions
                           if not wanted or r['regionName'] in wanted]}


def _zones(context):
    """{zone: [services]} of every service, internal ones apart."""
    host_zones = availability_zones.host_zones(context)
    zones = {}
    for svc in objects.ServiceList.get_all(context):
        zones.setdefault(availability_zones.zone_of_service(
            svc, host_zones), []).append(svc)
    return zones


def _verbose(zones):
    """The admin's view: each zone, its hosts and their services."""
    result = []
    for zone, services in sorted(zones.items()):
        up = any(not s.disabled for s in services)
        result.append({'zoneName': zone,
                       'zoneState': 'available' if up else 'not available'})
        for host in sorted({s.host for s in services}):
            result.append({'zoneName': '|- %s' % host, 'zoneState': ''})
            for svc in sorted((s for s in services if s.host == host),
                              key=lambda s: s.binary):
                result.append({
                    'zoneName': '| |- %s' % svc.binary,
                    'zoneState': '%s %s %s' % (
                        'disabled' if svc.disabled else 'enabled',
                        ':-)' if nova_service.is_up(svc) else 'XXX',
                        svc.last_seen_up or svc.updated_at or
                        svc.created_at)})
    return result


def describe_availability_zones(context, args):
    """Zones with an enabled service are available; an admin asking for
    ZoneName "verbose" gets the hosts and services of each zone too."""
    wanted = request.as_list(args, 'ZoneName')
    zones = _zones(context.elevated())
    if 'verbose' in wanted and context.is_admin:
        return {'availabilityZoneInfo': _verbose(zones)}
    zones.pop(availability_zones.INTERNAL_ZONE, None)
    return {'availabilityZoneInfo': [
        {'zoneName': zone,
         'zoneState': 'available' if any(not s.disabled for s in services)
         else 'not available',
         'regionName': CONF.ec2.region_name, 'messageSet': []}
        for zone, services in sorted(zones.items())
        if not wanted or zone in wanted]}
