"""Availability zones: named by the 'availability_zone' metadata of host
aggregates; compute hosts outside any zone are in
[DEFAULT] default_availability_zone, other services in 'internal'."""

from nova.conf import CONF
from nova import objects

INTERNAL_ZONE = 'internal'
COMPUTE_BINARY = 'nova-compute'


def host_zones(context):
    """{host: zone} of every host an aggregate puts in a zone."""
    zones = {}
    for aggregate in objects.AggregateList.get_all(context):
        zone = aggregate.availability_zone
        if zone:
            for host in aggregate.hosts:
                # Rules below keep one zone per host; be stable if not.
                zones[host] = min(zone, zones.get(host, zone))
    return zones


def zone_of_service(service, zones):
    """The zone of a service, given host_zones()."""
    if service.binary != COMPUTE_BINARY:
        return INTERNAL_ZONE
    return zones.get(service.host, CONF.default_availability_zone)


def zone_of_host(context, host):
    return host_zones(context).get(host, CONF.default_availability_zone)


def conflicting_zones(context, hosts, zone, aggregate_id=None):
    """Zones other than zone that other aggregates give any of hosts.

    A host is in one zone at most, so these forbid putting hosts in zone.
    """
    hosts = set(hosts)
    return sorted({
        agg.availability_zone
        for agg in objects.AggregateList.get_all(context)
        if agg.id != aggregate_id and agg.availability_zone and
        agg.availability_zone != zone and hosts.intersection(agg.hosts)})


def compute_zones(context, only_available=False):
    """Zones of the compute services (only_available: of enabled ones)."""
    zones = host_zones(context)
    return {zone_of_service(svc, zones)
            for svc in objects.ServiceList.get_all(
                context, binary=COMPUTE_BINARY)
            if not (only_available and svc.disabled)}
