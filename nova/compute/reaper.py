"""Guests nobody owns: destroyed (or reported) by their compute host.

A periodic task of nova-compute. A guest the driver runs whose server is
deleted, or now belongs to another host (a cleanup that failed after a
build failed, an evacuation while this host was down), only takes room:
running_deleted_instance_action says whether it is destroyed (reap),
logged (log) or left alone (noop). Guests of servers in a task or in
RESIZED are never touched: during a resize or migration the guest on
one side runs while the server still names the other host.
"""

from oslo_log import log as logging

import nova.conf
from nova.compute import vm_states
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class GuestReaper:
    def __init__(self, host, driver, tracker):
        self.host = host
        self.driver = driver
        self.tracker = tracker

    def reap_unowned_guests(self, context, records=None):
        """records: those of the driver's guests when read already (a
        group of simulated hosts reads those of many at once,
        nova.compute.host_group)."""
        action = CONF.running_deleted_instance_action
        if action == 'noop':
            return []
        if records is None:
            records = read_records(context, self.driver.list_instance_uuids())
        unowned = [i for i in records
                   if i.deleted or (i.host != self.host and
                                    i.task_state is None and
                                    i.vm_state != vm_states.RESIZED)]
        for instance in unowned:
            where = ('deleted' if instance.deleted else
                     'on host %s' % instance.host)
            if action == 'log':
                LOG.warning('Guest of instance %s runs on %s but the '
                            'server is %s', instance.uuid, self.host, where)
                continue
            LOG.warning('Destroying the guest of instance %s on %s: the '
                        'server is %s', instance.uuid, self.host, where)
            try:
                self.driver.destroy(context, instance)
            except Exception:
                LOG.exception('Could not destroy the guest of instance %s',
                              instance.uuid)
        if unowned and action == 'reap':
            self.tracker.refresh_usage(context)
        return unowned


def read_records(context, uuids):
    """The records of the guests uuids, deleted ones too. Guests nova
    never knew of (no row at all) are not ours to judge."""
    if not uuids:
        return []
    return objects.InstanceList.get_by_filters(
        context.elevated(read_deleted='yes'), {'uuid': list(uuids)},
        sort_keys=['created_at'], sort_dirs=['asc'])
