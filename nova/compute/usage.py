"""Usage of a period: hours each server ran and what it held meanwhile.

What the os-simple-tenant-usage API reports (and billing or audit tools
read): computed from the instance rows' launched_at and terminated_at
(or deleted_at), so deleted servers count for the time they existed.
"""

import collections

from oslo_serialization import jsonutils
from oslo_utils import timeutils

from nova.db import usage as db

ServerUsage = collections.namedtuple('ServerUsage', [
    'instance_id', 'name', 'tenant_id', 'flavor', 'hours', 'memory_mb',
    'local_gb', 'vcpus', 'started_at', 'ended_at', 'state', 'uptime'])


def _flavor_name(row):
    try:
        return jsonutils.loads(row.flavor)['nova_object.data']['name']
    except (TypeError, ValueError, KeyError):
        return None


def server_usage(row, start, end, now):
    """The usage of one instance row within [start, end)."""
    ended_at = row.terminated_at or row.deleted_at
    began = max(row.launched_at, start)
    finished = min(ended_at or now, end)
    hours = max((finished - began).total_seconds(), 0) / 3600.0
    if ended_at is not None:
        state, uptime = 'terminated', (ended_at - row.launched_at)
    else:
        state, uptime = row.vm_state, (now - row.launched_at)
    return ServerUsage(
        instance_id=row.uuid, name=row.display_name,
        tenant_id=row.project_id, flavor=_flavor_name(row), hours=hours,
        memory_mb=row.memory_mb, local_gb=row.root_gb + row.ephemeral_gb,
        vcpus=row.vcpus, started_at=row.launched_at, ended_at=ended_at,
        state=state, uptime=int(uptime.total_seconds()))


def usage_by_project(context, start, end, project_id=None):
    """{project_id: [ServerUsage]} of the servers that ran in the period."""
    now = timeutils.utcnow()
    usages = collections.OrderedDict()
    for row in db.instances_active_during(context, start, end,
                                          project_id=project_id):
        usages.setdefault(row.project_id, []).append(
            server_usage(row, start, end, now))
    return usages
