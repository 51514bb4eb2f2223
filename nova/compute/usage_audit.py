"""The periodic usage audit of a compute host: once each audit period has
ended, the host records in the task log how many instances ran on it
during the period and their instance-hours (os-instance_usage_audit_log
reports every host's record)."""

import time

from oslo_log import log as logging

import nova.conf
from nova.compute import usage
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# How often a host checks whether the last period's audit is recorded.
CHECK_SECONDS = 60


class UsageAudit:
    """The audit of one compute host."""

    def __init__(self, host):
        self.host = host

    def run(self, context):
        begin, end = usage.last_completed_audit_period(
            CONF.instance_usage_audit_period)
        started = time.monotonic()
        task = objects.TaskLog(context=context, host=self.host,
                               period_beginning=begin, period_ending=end)
        try:
            if not task.begin_usage_audit():
                return  # recorded already
        except exception.TaskAlreadyRunning:
            return  # another process of this host is at it
        task.errors = 0
        task.message = '%s Ran in %.2f seconds.' % (
            task.message.replace('started', 'ran'),
            time.monotonic() - started)
        task.end_task()
        LOG.info('Usage audit of %s to %s on %s: %d instances', begin, end,
                 self.host, task.task_items)
