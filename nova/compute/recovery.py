"""Recovery after a restart: no server of this host stays in a task.

A mixin of ComputeManager (it uses self.driver, self.host and
self._terminate), run by init_host before the service takes messages.
A task that was running when the service stopped cannot resume, so each
server of the host still in a task_state is ended by what is safe for
that task:

- scheduling: left alone. Its build message may still wait in this
  host's queue and runs once the service listens; if it never comes, the
  conductor's deadline sweeper ends it.
- other build steps: ERROR with a fault naming the last step.
- deleting: the delete is finished.
- steps nova.compute.states.DEADLINES marks FAIL (rebuilds, resizes,
  migrations, offloads, unshelves): ERROR with a fault naming the step,
  and the move they were part of ends in error. A step of a move that
  the other host runs (the server names one host while the step runs on
  the other) is left to that host, or to the deadline sweeper.
- the others (power actions, rescue, password, snapshots, shelving):
  the task is cleared and the vm_state and power_state follow what the
  guest is now; a fault tells the action did not finish. A missing guest
  means ERROR.
"""

from oslo_log import log as logging

from nova.compute import power_sync
from nova.compute import states
from nova.compute import task_outcome
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)

EVENT = 'compute_recover_interrupted_task'

# Steps of a move the destination host runs; the others run on the source.
_DEST_STEPS = frozenset([
    task_states.RESIZE_PREP, task_states.RESIZE_MIGRATED,
    task_states.RESIZE_FINISH, task_states.RESIZE_REVERTING,
    task_states.REBUILDING])  # an evacuation rebuilds on the destination

_NEEDS_USER = ('the task cannot resume, so the server is in ERROR: '
               'rebuild it, reset its state or delete it.')


class RecoveryMixin:
    """Ends the tasks a restart of this compute service interrupted."""

    def _recover_interrupted_tasks(self, context):
        # A group read the instances of many hosts at once: take ours.
        instances, self.prefetched_instances = getattr(
            self, 'prefetched_instances', None), None
        if instances is None:
            instances = objects.InstanceList.get_by_host(context, self.host)
        for instance in instances:
            if instance.task_state in (None, task_states.SCHEDULING):
                continue
            try:
                self._recover(context, instance)
            except Exception:
                LOG.exception('Recovery of instance %s (task_state %s) '
                              'failed', instance.uuid, instance.task_state)

    def _recover(self, context, instance):
        task_state = instance.task_state
        if task_state == task_states.DELETING:
            LOG.info('Finishing the interrupted delete of instance %s',
                     instance.uuid)
            self._terminate(context, instance)
            return
        if instance.vm_state == vm_states.BUILDING:
            error = exception.BuildAbortException(
                instance_uuid=instance.uuid,
                reason='the compute service on %s restarted during the '
                       'build (last step: %s)' % (self.host, task_state))
            self._end(context, instance, error, vm_states.ERROR)
            return
        deadline = states.DEADLINES.get(task_state)
        if deadline is None or deadline.outcome == states.FAIL:
            if self._step_runs_elsewhere(context, instance):
                LOG.info('Instance %s: task_state %s runs on the other '
                         'host of its move; leaving it', instance.uuid,
                         task_state)
                return
            self._end(context, instance,
                      self._interrupted(task_state, _NEEDS_USER),
                      vm_states.ERROR)
            return
        power = power_sync.guest_power_state(self.driver, instance)
        if power is None:
            self._end(context, instance, self._interrupted(
                task_state, 'its guest is gone, so the server is in '
                            'ERROR.'), vm_states.ERROR)
            return
        vm_state = power_sync.vm_state_for(instance.vm_state, power)
        self._end(context, instance, self._interrupted(
            task_state, 'the action did not finish; the server is %s as '
                        'its guest is.' % vm_state), vm_state, power)

    def _step_runs_elsewhere(self, context, instance):
        migration = task_outcome.in_flight_migration(context, instance.uuid)
        if migration is None:
            return False
        runner = (migration.dest_compute
                  if instance.task_state in _DEST_STEPS
                  else migration.source_compute)
        return runner != self.host

    def _interrupted(self, task_state, outcome):
        return exception.TaskInterrupted(host=self.host,
                                         task_state=task_state,
                                         outcome=outcome)

    def _end(self, context, instance, error, vm_state, power=None):
        task_outcome.end_task(context, instance, error, EVENT, self.host,
                              vm_state=vm_state, power_state=power)
