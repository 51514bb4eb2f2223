"""The compute service's power actions: reboot, stop, start, pause, ...

A mixin of ComputeManager (it uses self.driver, self.host and
self._workers). Each RPC method hands the work to the worker pool; the
worker calls the driver and then leaves the instance in the state
nova.compute.states names for the action, clearing its task_state. A
driver failure records a fault and clears the task_state, leaving the
vm_state as it was: no action leaves a server stuck in a task.
"""

from oslo_log import log as logging

from nova.compute import states
from nova.compute import utils as compute_utils
from nova import exception

LOG = logging.getLogger(__name__)


class PowerActionsMixin:
    """RPC methods 1.1: the power actions of ComputeManager."""

    def reboot_instance(self, context, instance, reboot_type):
        action = 'reboot_hard' if reboot_type == 'HARD' else 'reboot_soft'
        self._submit_power_action(
            context, instance, action, lambda: self.driver.reboot(
                context, instance, None, reboot_type))

    def stop_instance(self, context, instance):
        self._submit_power_action(context, instance, 'stop',
                                  lambda: self.driver.power_off(instance))

    def start_instance(self, context, instance):
        self._submit_power_action(context, instance, 'start',
                                  lambda: self.driver.power_on(
                                      context, instance, None))

    def pause_instance(self, context, instance):
        self._submit_power_action(context, instance, 'pause',
                                  lambda: self.driver.pause(instance))

    def unpause_instance(self, context, instance):
        self._submit_power_action(context, instance, 'unpause',
                                  lambda: self.driver.unpause(instance))

    def suspend_instance(self, context, instance):
        self._submit_power_action(context, instance, 'suspend',
                                  lambda: self.driver.suspend(
                                      context, instance))

    def resume_instance(self, context, instance):
        self._submit_power_action(context, instance, 'resume',
                                  lambda: self.driver.resume(
                                      context, instance, None))

    def _submit_power_action(self, context, instance, action, call):
        self._workers.submit(self._run_power_action, context, instance,
                             action, call)

    def _run_power_action(self, context, instance, action, call):
        transition = states.TRANSITIONS[action]
        event = 'compute_%s_instance' % transition.name
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
            instance.task_state = None
            self._save_power_action(instance, transition)
            return
        instance.vm_state = transition.vm_state
        instance.task_state = None
        if self._save_power_action(instance, transition):
            LOG.info('%s of instance %s done on %s', action, instance.uuid,
                     self.host)

    @staticmethod
    def _save_power_action(instance, transition):
        try:
            instance.save(expected_task_state=[transition.task_state])
            return True
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            # Deleted (or taken over by a delete) meanwhile: that wins.
            LOG.info('Instance %s changed during %s; leaving it as it is',
                     instance.uuid, transition.name)
            return False
