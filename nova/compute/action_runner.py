"""Runs one action's compute step and leaves the instance settled.

A mixin of ComputeManager (it uses self.driver, self.host and
self._workers) shared by the power and guest actions: the worker calls
the driver inside an instance action event, then gives the instance the
states nova.compute.states names for the action and clears its
task_state. A driver failure records a fault and clears the task_state,
leaving the vm_state as it was (or ERROR when asked): no action leaves a
server stuck in a task.
"""

from oslo_log import log as logging

from nova.compute import states
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception
from nova.notifications import emit as notify

LOG = logging.getLogger(__name__)

# The notification (instance.<name>.start/end/error) of each action.
NOTIFIED = {'stop': 'power_off', 'start': 'power_on',
            'reboot_hard': 'reboot', 'reboot_soft': 'reboot',
            'pause': 'pause', 'unpause': 'unpause', 'suspend': 'suspend',
            'resume': 'resume', 'rescue': 'rescue', 'unrescue': 'unrescue',
            'rebuild': 'rebuild', 'snapshot': 'snapshot',
            'trigger_crash_dump': 'trigger_crash_dump'}


class ActionRunnerMixin:
    """The common runner of ComputeManager's instance actions."""

    def _submit_action(self, context, instance, action, call, event,
                       **kwargs):
        self._workers.submit(self._run_action, context, instance, action,
                             call, event, **kwargs)

    def _run_action(self, context, instance, action, call, event,
                    vm_state=None, error_on_failure=False,
                    expected_task_state=None, reraise=False,
                    notify_fields=None):
        """Run call() as the compute step of action; True when it worked.

        event: the instance action event name to record.
        expected_task_state: a one-item list holding the task_state the
        instance has when the call returns (snapshots move it along).
        """
        transition = states.TRANSITIONS[action]
        expected = expected_task_state or [transition.task_state]
        notified = NOTIFIED.get(action)
        extra = notify_fields or {}
        if notified:
            notify.instance_action(context, instance, notified, 'start',
                                   host=self.host, **extra)
        try:
            with compute_utils.EventReporter(context, event, self.host,
                                             instance.uuid):
                call()
            instance.power_state = self.driver.get_info(instance).state
        except Exception as error:
            LOG.warning('%s of instance %s failed on %s: %s', action,
                        instance.uuid, self.host, error)
            compute_utils.record_fault(context, instance, error,
                                       host=self.host)
            if error_on_failure:
                instance.vm_state = vm_states.ERROR
            if transition.task_state is not None:
                instance.task_state = None
            self._save_action(instance, action, expected[-1:])
            if notified:
                notify.instance_action(context, instance, notified, 'error',
                                       error=error, host=self.host, **extra)
            if reraise:
                raise
            return False
        vm_state = vm_state or transition.vm_state
        if vm_state is not None:
            instance.vm_state = vm_state
        if transition.task_state is not None:
            instance.task_state = None
        if self._save_action(instance, action, expected[-1:]):
            LOG.info('%s of instance %s done on %s', action, instance.uuid,
                     self.host)
            if notified:
                notify.instance_action(context, instance, notified, 'end',
                                       host=self.host, **extra)
        return True

    @staticmethod
    def _save_action(instance, action, expected_task_state):
        """Save unless a delete took the instance over; True if saved."""
        if expected_task_state == [None]:
            expected_task_state = None  # an action without a task
        try:
            instance.save(expected_task_state=expected_task_state)
            return True
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            # Deleted (or taken over by a delete) meanwhile: that wins.
            LOG.info('Instance %s changed during %s; leaving it as it is',
                     instance.uuid, action)
            return False
