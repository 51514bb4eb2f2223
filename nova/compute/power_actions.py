"""The compute service's power actions: reboot, stop, start, pause, ...

A mixin of ComputeManager. Each RPC method hands the driver call to the
worker pool through nova.compute.action_runner, which settles the
instance in the state nova.compute.states names for the action.
"""

from nova.compute import action_runner
from nova.compute import states


class PowerActionsMixin(action_runner.ActionRunnerMixin):
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
        # Both reboots record upstream's compute_reboot_instance.
        event = 'compute_%s_instance' % states.TRANSITIONS[action].name
        self._submit_action(context, instance, action, call, event)
