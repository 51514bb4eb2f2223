"""Which server actions are allowed in which states, as one table of data.

Each action names the (vm_state, task_state) pairs it may start from, the
task_state it sets while it runs and the vm_state and power_state it
leaves on success. The API guards (nova.compute.api), the compute side
(nova.compute.power_actions) and the tests all read this table; no state
rule lives anywhere else.

Source: the "Requirements for Commands" table of the Nova developer docs.
How it maps onto our states:

- "Stopped" is vm_state stopped. "Shutoff" (a guest that shut itself down)
  and the "Resize Verify" task state have no state of their own here, so
  they add nothing.
- A required task state of "N/A" or "unset" means no task is running
  (task_state None): an action can only start when no other one runs,
  which is also what makes the API's conditional save race-free.
- lock and unlock are not in that table: they change no state, so every
  state allows them. delete follows upstream Nova rather than the table:
  any vm_state (a paused or suspended server can be deleted too) while no
  task other than a build step runs.
"""

import collections

from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception

ANY = None  # allowed_vm_states / allowed_task_states: no restriction

Transition = collections.namedtuple('Transition', [
    'name',                 # the action as messages name it
    'allowed_vm_states',    # frozenset, or ANY
    'allowed_task_states',  # frozenset (may hold None), or ANY
    'task_state',           # set while the action runs (None: no task)
    'vm_state',             # on success (None: unchanged)
    'power_state',          # what the guest reports on success (None: any)
])

_IDLE = frozenset([None])

TRANSITIONS = {
    'reboot_soft': Transition(
        'reboot', frozenset([vm_states.ACTIVE, vm_states.RESCUED]), _IDLE,
        task_states.REBOOTING, vm_states.ACTIVE, power_state.RUNNING),
    'reboot_hard': Transition(
        'reboot', frozenset([vm_states.ACTIVE, vm_states.RESCUED]), _IDLE,
        task_states.REBOOTING_HARD, vm_states.ACTIVE, power_state.RUNNING),
    'stop': Transition(
        'stop', frozenset([vm_states.ACTIVE, vm_states.RESCUED]), _IDLE,
        task_states.POWERING_OFF, vm_states.STOPPED, power_state.SHUTDOWN),
    'start': Transition(
        'start', frozenset([vm_states.STOPPED]), _IDLE,
        task_states.POWERING_ON, vm_states.ACTIVE, power_state.RUNNING),
    'pause': Transition(
        'pause', frozenset([vm_states.ACTIVE, vm_states.RESCUED]), _IDLE,
        task_states.PAUSING, vm_states.PAUSED, power_state.PAUSED),
    'unpause': Transition(
        'unpause', frozenset([vm_states.PAUSED]), _IDLE,
        task_states.UNPAUSING, vm_states.ACTIVE, power_state.RUNNING),
    'suspend': Transition(
        'suspend', frozenset([vm_states.ACTIVE]), _IDLE,
        task_states.SUSPENDING, vm_states.SUSPENDED, power_state.SUSPENDED),
    'resume': Transition(
        'resume', frozenset([vm_states.SUSPENDED]), _IDLE,
        task_states.RESUMING, vm_states.ACTIVE, power_state.RUNNING),
    'lock': Transition('lock', ANY, ANY, None, None, None),
    'unlock': Transition('unlock', ANY, ANY, None, None, None),
    'delete': Transition(
        'delete', ANY,
        frozenset([None, task_states.SCHEDULING, task_states.SPAWNING,
                   task_states.BLOCK_DEVICE_MAPPING,
                   task_states.NETWORKING]),
        task_states.DELETING, vm_states.DELETED, power_state.NOSTATE),
}


def allowed(vm_state, task_state, action):
    """Whether action may start from (vm_state, task_state)."""
    transition = TRANSITIONS[action]
    return ((transition.allowed_vm_states is ANY or
             vm_state in transition.allowed_vm_states) and
            (transition.allowed_task_states is ANY or
             task_state in transition.allowed_task_states))


def check(instance, action):
    """Raise InstanceInvalidState (409) unless instance may do action."""
    transition = TRANSITIONS[action]
    if transition.allowed_vm_states is not ANY and \
            instance.vm_state not in transition.allowed_vm_states:
        raise exception.InstanceInvalidState(
            action=transition.name, instance_uuid=instance.uuid,
            attr='vm_state', state=instance.vm_state)
    if transition.allowed_task_states is not ANY and \
            instance.task_state not in transition.allowed_task_states:
        raise exception.InstanceInvalidState(
            action=transition.name, instance_uuid=instance.uuid,
            attr='task_state', state=instance.task_state)
