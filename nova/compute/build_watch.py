"""Builds and deletes of this host that stopped without an end.

A mixin of ComputeManager. Builds and deletes run in worker threads; if
a thread ends without a final state (an exception nobody expected, most
often a database or message bus outage that lost a state save or its
reply), the server would stay in its task until the task's deadline.
The manager notes the builds and deletes it has taken; a periodic task
(every [deadlines] check_interval) looks at this host's servers, and one
seen twice in a row in a build step or deleting with no worker on it
is ended: a build in ERROR with a fault (destroying what it left of its
guest; the conductor then gives back its room and addresses, see
nova.conductor.build_recovery), a delete by running it again. The saves
are conditional on the task seen, so a task that ends at that moment
wins.
"""

import threading

from oslo_log import log as logging

from nova.compute import task_outcome
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)

EVENT = 'compute_end_lost_build'
# The build steps a worker of this host runs; scheduling waits for one.
_STEPS = frozenset([task_states.SPAWNING, task_states.NETWORKING,
                    task_states.BLOCK_DEVICE_MAPPING])
# Every task state the watch can take up: a reader of many hosts reads
# only the servers in one (nova.compute.host_group).
WATCHED_TASK_STATES = _STEPS | {task_states.DELETING}


class BuildWatchMixin:
    """Uses self.host, self._workers, self._terminate and
    self._destroy_quietly."""

    def _watch_init(self):
        self._taken = set()
        self._suspects = set()
        self._watch_lock = threading.Lock()

    def _submit_watched(self, task, context, instance, *args):
        """Run task(context, instance, *args) on a worker, watched from
        now (while it waits for a worker too)."""
        with self._watch_lock:
            self._taken.add(instance.uuid)
        self._workers.submit(self._run_watched, task, context, instance,
                             *args)

    def _run_watched(self, task, context, instance, *args):
        try:
            task(context, instance, *args)
        except Exception:
            LOG.exception('Task %s of instance %s stopped on an error',
                          task.__name__, instance.uuid)
        finally:
            with self._watch_lock:
                self._taken.discard(instance.uuid)

    def end_lost_builds(self, context, instances=None):
        """The periodic task; returns how many tasks it took up.
        instances: this host's, when a group read them for many hosts."""
        lost = set()
        if instances is None:
            instances = objects.InstanceList.get_by_host(context, self.host)
        with self._watch_lock:
            for instance in instances:
                if (instance.uuid not in self._taken and
                        (instance.task_state == task_states.DELETING or
                         (instance.vm_state == vm_states.BUILDING and
                          instance.task_state in _STEPS))):
                    lost.add(instance.uuid)
            confirmed, self._suspects = lost & self._suspects, lost
        ended = 0
        for instance in instances:
            if instance.uuid not in confirmed:
                continue
            if instance.task_state == task_states.DELETING:
                LOG.info('Finishing the delete of instance %s, which no '
                         'worker runs', instance.uuid)
                self._submit_watched(self._terminate, context, instance)
                ended += 1
            else:
                ended += self._end_lost_build(context, instance)
        return ended

    def _end_lost_build(self, context, instance):
        error = exception.BuildAbortException(
            instance_uuid=instance.uuid,
            reason='its build on host %s stopped at step %s without '
                   'finishing (see the compute log)' % (
                       self.host, instance.task_state))
        if not task_outcome.end_task(context, instance, error, EVENT,
                                     self.host, vm_state=vm_states.ERROR):
            return 0
        self._destroy_quietly(context, instance)
        return 1
