"""Volume quotas: volumes, gigabytes and snapshots, in all and per type.

Limits: the [volume] quota_* options, overridden per project by rows of
the quotas table (resources 'volumes', 'gigabytes', 'snapshots' and the
per-type 'volumes_<type>', 'gigabytes_<type>', 'snapshots_<type>', which
are unlimited unless set). A create reserves its deltas (a reservation
row), recounts, and backs out when concurrent creates took the room; the
reservation is deleted when the volume row counts (commit) or the create
fails (rollback). Volumes in error do not count.
"""

import nova.conf
from nova.db import quotas as quotas_db
from nova.db import volumes as db
from nova.volume import exception

CONF = nova.conf.CONF
RESOURCES = ('volumes', 'gigabytes', 'snapshots')


def limits(context, project_id):
    result = {'volumes': CONF.volume.quota_volumes,
              'gigabytes': CONF.volume.quota_gigabytes,
              'snapshots': CONF.volume.quota_snapshots}
    for resource, limit in quotas_db.quota_get_all(
            context, project_id).items():
        if resource.split('_', 1)[0] in RESOURCES:
            result[resource] = limit
    return result


def deltas_for(resource_counts, type_name=None):
    """{'volumes': 1, 'gigabytes': 10} plus the per-type resources."""
    deltas = dict(resource_counts)
    if type_name:
        for resource, delta in resource_counts.items():
            deltas['%s_%s' % (resource, type_name)] = delta
    return deltas


def _overs(context, project_id, deltas, used):
    limit = limits(context, project_id)
    return [r for r, d in deltas.items()
            if d > 0 and limit.get(r, -1) >= 0 and
            used.get(r, 0) > limit[r]]


def reserve(context, project_id, deltas):
    """Take room for deltas; returns a reservation id or raises
    VolumeLimitExceeded (403, upstream's message)."""
    reservation = db.reservation_create(context, project_id, deltas,
                                        CONF.volume.reservation_expire)
    used = db.quota_usage(context, project_id)
    overs = _overs(context, project_id, deltas, used)
    if overs:
        db.reservation_destroy(context, reservation)
        limit = limits(context, project_id)
        raise exception.VolumeLimitExceeded(
            overs=', '.join(overs),
            req=', '.join(str(deltas[r]) for r in overs),
            used=', '.join(str(used[r] - deltas[r]) for r in overs),
            allowed=', '.join(str(limit[r]) for r in overs))
    return reservation


def commit(context, reservation):
    """The new row counts now: the reservation is no longer needed."""
    db.reservation_destroy(context, reservation)


def rollback(context, reservation):
    db.reservation_destroy(context, reservation)
