"""The deadline sweeper: ends tasks that ran past their deadline.

A periodic task of every nova-conductor. It finds, in one query, the
servers whose task_state has lasted longer than nova.compute.states
DEADLINES allows (measured from the server's last update, which every
save moves) and ends each task as the table says: ERROR with a fault, or
back to the stable state with the task cleared. The save is conditional
on the task_state seen, so a compute finishing at that very moment, or
another conductor sweeping at the same time, wins without harm.
"""

import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute import states
from nova.compute import task_outcome
from nova.compute import vm_states
from nova.db import instances as db
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

EVENT = 'conductor_task_deadline_expired'


def _cutoffs(now):
    """{task_state: latest last-update time still within its deadline}."""
    cutoffs = {}
    for task_state in states.DEADLINES:
        seconds = states.deadline_seconds(CONF, task_state)
        if seconds:
            cutoffs[task_state] = now - datetime.timedelta(seconds=seconds)
    return cutoffs


class DeadlineSweeper:
    """Ends overdue tasks; host is the conductor's, named in the events."""

    def __init__(self, host):
        self.host = host

    def expire_overdue_tasks(self, context):
        now = timeutils.utcnow()
        rows = db.instance_get_past_deadline(context, _cutoffs(now))
        expired = 0
        for row in rows:
            instance = objects.Instance._from_db(context, row)
            last_update = row.updated_at or row.created_at
            expired += self._expire(context, instance, now - last_update)
        return expired

    def _expire(self, context, instance, elapsed):
        deadline = states.DEADLINES[instance.task_state]
        error = exception.TaskTimedOut(
            elapsed=elapsed.total_seconds(), task_state=instance.task_state,
            host=instance.host or '(none chosen)',
            deadline=states.deadline_seconds(CONF, instance.task_state),
            option=deadline.option)
        vm_state = vm_states.ERROR if deadline.outcome == states.FAIL \
            else None
        return task_outcome.end_task(context, instance, error, EVENT,
                                     self.host, vm_state=vm_state)
