"""Usage of a period: hours each server ran and what it held meanwhile.

What the os-simple-tenant-usage API reports (and billing or audit tools
read): computed from the instance rows' launched_at and terminated_at
(or deleted_at), so deleted servers count for the time they existed.
"""

import collections
import datetime

from oslo_serialization import jsonutils
from oslo_utils import timeutils

from nova import lazy_import

db = lazy_import.module('nova.db.usage')

ServerUsage = collections.namedtuple('ServerUsage', [
    'instance_id', 'name', 'tenant_id', 'flavor', 'hours', 'memory_mb',
    'local_gb', 'vcpus', 'started_at', 'ended_at', 'state', 'uptime'])


def _flavor_name(row):
    try:
        return jsonutils.loads(row.flavor)['nova_object.data']['name']
    except (TypeError, ValueError, KeyError):
        return None


def hours_during(row, start, end, now):
    """Hours one instance row ran within [start, end) (now: if it runs)."""
    ended_at = row.terminated_at or row.deleted_at
    began = max(row.launched_at, start)
    finished = min(ended_at or now, end)
    return max((finished - began).total_seconds(), 0) / 3600.0


def server_usage(row, start, end, now):
    """The usage of one instance row within [start, end)."""
    ended_at = row.terminated_at or row.deleted_at
    hours = hours_during(row, start, end, now)
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


def usage_by_project(context, start, end, project_id=None, limit=None,
                     marker=None):
    """{project_id: [ServerUsage]} of the servers that ran in the period
    (at most limit servers, after the server of uuid marker)."""
    now = timeutils.utcnow()
    usages = collections.OrderedDict()
    for row in db.instances_active_during(context, start, end,
                                          project_id=project_id,
                                          limit=limit, marker=marker):
        usages.setdefault(row.project_id, []).append(
            server_usage(row, start, end, now))
    return usages


def _months_from(year, month, count):
    index = year * 12 + month - 1 + count
    return index // 12, index % 12 + 1


def last_completed_audit_period(period='month', before=None):
    """(begin, end) of the last audit period that ended by `before` (now).

    period is hour, day, month or year, optionally with @offset: the
    minute, hour, day of the month or month where a period starts (hour@15
    runs from :15 to :15; month@10 from the 10th to the 10th).
    """
    unit, _, offset = period.partition('@')
    offset = int(offset) if offset else None
    now = before or timeutils.utcnow()
    if unit == 'hour':
        end = now.replace(minute=offset or 0, second=0, microsecond=0)
        if end > now:
            end -= datetime.timedelta(hours=1)
        return end - datetime.timedelta(hours=1), end
    if unit == 'day':
        end = now.replace(hour=offset or 0, minute=0, second=0,
                          microsecond=0)
        if end > now:
            end -= datetime.timedelta(days=1)
        return end - datetime.timedelta(days=1), end
    if unit == 'month':
        day = min(max(offset or 1, 1), 28)
        end = datetime.datetime(now.year, now.month, day)
        if end > now:
            end = datetime.datetime(*_months_from(now.year, now.month, -1),
                                    day)
        begin = datetime.datetime(*_months_from(end.year, end.month, -1),
                                  day)
        return begin, end
    if unit == 'year':
        month = min(max(offset or 1, 1), 12)
        end = datetime.datetime(now.year, month, 1)
        if end > now:
            end = datetime.datetime(now.year - 1, month, 1)
        return datetime.datetime(end.year - 1, month, 1), end
    raise ValueError('Unknown audit period %r' % period)
