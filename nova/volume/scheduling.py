"""Placing volumes on volume hosts (nova-volume services)."""

import nova.conf
from nova.db import volumes as db
from nova import objects
from nova import service as nova_service
from nova.volume import exception

CONF = nova.conf.CONF
BINARY = 'nova-volume'


def volume_zones(context):
    """Zones volumes may be created in (every host serves the configured
    storage_availability_zone)."""
    return {CONF.volume.storage_availability_zone}


def up_hosts(context):
    return [svc.host for svc in objects.ServiceList.get_all(
        context.elevated(), binary=BINARY)
        if not svc.disabled and nova_service.is_up(svc)]


def choose_host(context, request):
    """The up volume host with the fewest allocated GiB; a copy of a
    volume or snapshot goes where its source file lives."""
    hosts = up_hosts(context)
    if not hosts:
        raise exception.NoVolumeHost(zone=request['availability_zone'])
    admin = context.elevated()
    source_volume = request.get('source_volid')
    if request.get('snapshot_id'):
        source_volume = db.snapshot_get(admin,
                                        request['snapshot_id']).volume_uuid
    if source_volume:
        host = db.volume_get(admin, source_volume).host
        if host in hosts:
            return host
        raise exception.NoVolumeHost(zone=request['availability_zone'])
    allocated = dict.fromkeys(hosts, 0)
    for volume in db.volume_get_all(admin):
        if volume.host in allocated:
            allocated[volume.host] += volume.size
    return min(hosts, key=lambda h: (allocated[h], h))
