"""The server state machine table: every action in every state."""

import itertools

import pytest

from nova.compute import states
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception

ALL_VM_STATES = [vm_states.ACTIVE, vm_states.BUILDING, vm_states.PAUSED,
                 vm_states.SUSPENDED, vm_states.STOPPED, vm_states.RESCUED,
                 vm_states.RESIZED, vm_states.ERROR, vm_states.SHELVED,
                 vm_states.SHELVED_OFFLOADED, vm_states.SOFT_DELETED]
SOME_TASK_STATES = [None, task_states.SCHEDULING, task_states.SPAWNING,
                    task_states.REBOOTING, task_states.REBOOTING_HARD,
                    task_states.POWERING_OFF, task_states.POWERING_ON,
                    task_states.PAUSING, task_states.SUSPENDING,
                    task_states.DELETING, task_states.RESIZE_PREP]

# Written out from the "Requirements for Commands" table (see the
# states module docstring for how its rows map onto our states), so a
# change of the table shows up here as a failing case.
EXPECTED = {
    'reboot_soft': ({'active'}, {None}),
    'reboot_hard': ({'active'}, {None}),
    'stop': ({'active', 'rescued'}, {None}),
    'start': ({'stopped'}, {None}),
    'pause': ({'active', 'rescued'}, {None}),
    'unpause': ({'paused'}, {None}),
    'suspend': ({'active'}, {None}),
    'resume': ({'suspended'}, {None}),
    'lock': (set(ALL_VM_STATES), set(SOME_TASK_STATES)),
    'unlock': (set(ALL_VM_STATES), set(SOME_TASK_STATES)),
    'delete': (set(ALL_VM_STATES), {None, 'scheduling', 'spawning'}),
    'rescue': ({'active', 'stopped', 'error'}, {None}),
    'unrescue': ({'rescued'}, {None}),
    'set_admin_password': ({'active'}, {None}),
    'rebuild': ({'active', 'stopped', 'error'}, {None}),
    'snapshot': ({'active', 'stopped', 'paused', 'suspended'}, {None}),
    'backup': ({'active', 'stopped', 'paused', 'suspended'}, {None}),
    'console_output': (set(ALL_VM_STATES), set(SOME_TASK_STATES)),
    'inject_network_info': (set(ALL_VM_STATES), set(SOME_TASK_STATES)),
    'reset_network': (set(ALL_VM_STATES), set(SOME_TASK_STATES)),
    'reset_state': (set(ALL_VM_STATES), set(SOME_TASK_STATES)),
    'soft_delete': ({'active', 'stopped', 'error', 'paused', 'suspended',
                     'rescued', 'shelved', 'shelved_offloaded'}, {None}),
    'restore': ({'soft-delete'}, {None}),
    'force_delete': ({'soft-delete'}, {None}),
    'resize': ({'active', 'stopped'}, {None}),
    'confirm_resize': ({'resized'}, {None}),
    'revert_resize': ({'resized'}, {None}),
    'migrate': ({'active', 'stopped'}, {None}),
    'live_migrate': ({'active', 'paused'}, {None}),
    'evacuate': ({'active', 'stopped', 'error'}, {None}),
    'shelve': ({'active', 'stopped', 'paused', 'suspended'}, {None}),
    'shelve_offload': ({'shelved'}, {None}),
    'unshelve': ({'shelved', 'shelved_offloaded'}, {None}),
    'update_metadata': ({'active', 'stopped', 'paused', 'suspended'},
                        {None}),
}


class FakeInstance:
    uuid = 'e4d909c2-90d0-4c3e-9d4b-4b4c2b3b1f00'

    def __init__(self, vm_state, task_state):
        self.vm_state = vm_state
        self.task_state = task_state


def test_every_action_has_an_expectation():
    assert set(states.TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize('action,vm_state,task_state', list(
    itertools.product(sorted(EXPECTED), ALL_VM_STATES, SOME_TASK_STATES)))
def test_check_raises_exactly_where_the_table_says(action, vm_state,
                                                   task_state):
    vm_ok, task_ok = EXPECTED[action]
    instance = FakeInstance(vm_state, task_state)
    if vm_state in vm_ok and task_state in task_ok:
        states.check(instance, action)
        assert states.allowed(vm_state, task_state, action)
        return
    with pytest.raises(exception.InstanceInvalidState) as raised:
        states.check(instance, action)
    assert not states.allowed(vm_state, task_state, action)
    assert raised.value.code == 409
    message = raised.value.format_message()
    name = states.TRANSITIONS[action].name
    assert message.startswith("Cannot '%s' instance %s while it is in "
                              % (name, instance.uuid)), message
    if vm_state not in vm_ok:
        assert message.endswith('vm_state %s' % vm_state), message
    else:
        assert message.endswith('task_state %s' % task_state), message


def test_the_message_names_action_and_state():
    with pytest.raises(exception.InstanceInvalidState) as raised:
        states.check(FakeInstance('stopped', None), 'pause')
    assert raised.value.format_message() == (
        "Cannot 'pause' instance %s while it is in vm_state stopped"
        % FakeInstance.uuid)


@pytest.mark.parametrize('action,task_state,vm_state,power', [
    ('reboot_soft', 'rebooting', 'active', 1),
    ('reboot_hard', 'rebooting_hard', 'active', 1),
    ('stop', 'powering-off', 'stopped', 4),
    ('start', 'powering-on', 'active', 1),
    ('pause', 'pausing', 'paused', 3),
    ('unpause', 'unpausing', 'active', 1),
    ('suspend', 'suspending', 'suspended', 7),
    ('resume', 'resuming', 'active', 1),
    ('delete', 'deleting', 'deleted', 0),
])
def test_running_task_state_and_outcome(action, task_state, vm_state, power):
    transition = states.TRANSITIONS[action]
    assert transition.task_state == task_state
    assert transition.vm_state == vm_state
    assert transition.power_state == power


def test_lock_and_unlock_change_no_state():
    for action in ('lock', 'unlock'):
        transition = states.TRANSITIONS[action]
        assert (transition.task_state, transition.vm_state,
                transition.power_state) == (None, None, None)
