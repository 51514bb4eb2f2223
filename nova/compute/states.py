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
- The table's rows are the minimum. Actions it lacks (migrate, live
  migrate, evacuate, shelve, console output, ...) follow upstream Nova;
  actions that change no state (lock, unlock, console output, network
  resets, reset_state) are allowed in every state.
- delete follows upstream Nova rather than the table: any vm_state (a
  paused or suspended server can be deleted too) while no task other
  than a build step runs.
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


def _vm(*names):
    return frozenset(names)


_A, _S = vm_states.ACTIVE, vm_states.STOPPED

TRANSITIONS = {
    # Power actions. Upstream refuses to reboot a rescued server (409):
    # the reboot would boot the server's own disk and end the rescue.
    'reboot_soft': Transition(
        'reboot', _vm(_A), _IDLE,
        task_states.REBOOTING, _A, power_state.RUNNING),
    'reboot_hard': Transition(
        'reboot', _vm(_A), _IDLE,
        task_states.REBOOTING_HARD, _A, power_state.RUNNING),
    'stop': Transition(
        'stop', _vm(_A, vm_states.RESCUED), _IDLE,
        task_states.POWERING_OFF, _S, power_state.SHUTDOWN),
    'start': Transition(
        'start', _vm(_S), _IDLE,
        task_states.POWERING_ON, _A, power_state.RUNNING),
    'pause': Transition(
        'pause', _vm(_A, vm_states.RESCUED), _IDLE,
        task_states.PAUSING, vm_states.PAUSED, power_state.PAUSED),
    'unpause': Transition(
        'unpause', _vm(vm_states.PAUSED), _IDLE,
        task_states.UNPAUSING, _A, power_state.RUNNING),
    'suspend': Transition(
        'suspend', _vm(_A), _IDLE,
        task_states.SUSPENDING, vm_states.SUSPENDED, power_state.SUSPENDED),
    'resume': Transition(
        'resume', _vm(vm_states.SUSPENDED), _IDLE,
        task_states.RESUMING, _A, power_state.RUNNING),
    'lock': Transition('lock', ANY, ANY, None, None, None),
    'unlock': Transition('unlock', ANY, ANY, None, None, None),

    # Actions on the guest where it is.
    'rescue': Transition(
        'rescue', _vm(_A, _S, vm_states.ERROR), _IDLE,
        task_states.RESCUING, vm_states.RESCUED, power_state.RUNNING),
    'unrescue': Transition(
        'unrescue', _vm(vm_states.RESCUED), _IDLE,
        task_states.UNRESCUING, _A, power_state.RUNNING),
    'set_admin_password': Transition(
        'changePassword', _vm(_A), _IDLE,
        task_states.UPDATING_PASSWORD, None, None),
    # Rebuild ends ACTIVE; one of a stopped server ends stopped again.
    'rebuild': Transition(
        'rebuild', _vm(_A, _S, vm_states.ERROR), _IDLE,
        task_states.REBUILDING, _A, power_state.RUNNING),
    'snapshot': Transition(
        'createImage', _vm(_A, _S, vm_states.PAUSED, vm_states.SUSPENDED),
        _IDLE, task_states.IMAGE_SNAPSHOT, None, None),
    'backup': Transition(
        'createBackup', _vm(_A, _S, vm_states.PAUSED, vm_states.SUSPENDED),
        _IDLE, task_states.IMAGE_BACKUP, None, None),
    'console_output': Transition(
        'get_console_output', ANY, ANY, None, None, None),
    'inject_network_info': Transition(
        'injectNetworkInfo', ANY, ANY, None, None, None),
    'reset_network': Transition(
        'resetNetwork', ANY, ANY, None, None, None),
    # A non-maskable interrupt: the guest's kernel dumps and reboots.
    'trigger_crash_dump': Transition(
        'trigger_crash_dump', _vm(_A, vm_states.PAUSED, vm_states.RESCUED,
                                  vm_states.RESIZED, vm_states.ERROR),
        _IDLE, None, None, None),
    # An admin's way out of any state: sets the state asked for.
    'reset_state': Transition('os-resetState', ANY, ANY, None, None, None),

    # Deferred delete (reclaim_instance_interval > 0).
    'soft_delete': Transition(
        'delete', _vm(_A, _S, vm_states.ERROR, vm_states.PAUSED,
                      vm_states.SUSPENDED, vm_states.RESCUED,
                      vm_states.SHELVED, vm_states.SHELVED_OFFLOADED),
        _IDLE, task_states.SOFT_DELETING, vm_states.SOFT_DELETED,
        power_state.SHUTDOWN),
    'restore': Transition(
        'restore', _vm(vm_states.SOFT_DELETED), _IDLE,
        task_states.RESTORING, _A, power_state.RUNNING),
    'force_delete': Transition(
        'forceDelete', _vm(vm_states.SOFT_DELETED), _IDLE,
        task_states.DELETING, vm_states.DELETED, power_state.NOSTATE),

    # Moves between hosts.
    'resize': Transition(
        'resize', _vm(_A, _S), _IDLE,
        task_states.RESIZE_PREP, vm_states.RESIZED, None),
    'confirm_resize': Transition(
        'confirmResize', _vm(vm_states.RESIZED), _IDLE,
        task_states.RESIZE_CONFIRMING, _A, None),
    'revert_resize': Transition(
        'revertResize', _vm(vm_states.RESIZED), _IDLE,
        task_states.RESIZE_REVERTING, _A, None),
    'migrate': Transition(
        'migrate', _vm(_A, _S), _IDLE,
        task_states.RESIZE_PREP, vm_states.RESIZED, None),
    'live_migrate': Transition(
        'os-migrateLive', _vm(_A, vm_states.PAUSED), _IDLE,
        task_states.MIGRATING, None, None),
    'evacuate': Transition(
        'evacuate', _vm(_A, _S, vm_states.ERROR), _IDLE,
        task_states.REBUILDING, _A, None),
    'shelve': Transition(
        'shelve', _vm(_A, _S, vm_states.PAUSED, vm_states.SUSPENDED), _IDLE,
        task_states.SHELVING, vm_states.SHELVED, power_state.SHUTDOWN),
    'shelve_offload': Transition(
        'shelveOffload', _vm(vm_states.SHELVED), _IDLE,
        task_states.SHELVING_OFFLOADING, vm_states.SHELVED_OFFLOADED,
        power_state.NOSTATE),
    'unshelve': Transition(
        'unshelve', _vm(vm_states.SHELVED, vm_states.SHELVED_OFFLOADED),
        _IDLE, task_states.UNSHELVING, _A, power_state.RUNNING),

    # Metadata changes run no task; upstream allows them in these states.
    'update_metadata': Transition(
        'update metadata', _vm(_A, _S, vm_states.PAUSED, vm_states.SUSPENDED),
        _IDLE, None, None, None),

    # A snapshot in progress does not hold a delete back (as upstream):
    # its next task state change fails and its image is deleted
    # (nova.compute.guest_actions).
    'delete': Transition(
        'delete', ANY,
        frozenset([None, task_states.SCHEDULING, task_states.SPAWNING,
                   task_states.BLOCK_DEVICE_MAPPING,
                   task_states.NETWORKING, task_states.IMAGE_SNAPSHOT,
                   task_states.IMAGE_SNAPSHOT_PENDING,
                   task_states.IMAGE_PENDING_UPLOAD,
                   task_states.IMAGE_UPLOADING, task_states.IMAGE_BACKUP]),
        task_states.DELETING, vm_states.DELETED, power_state.NOSTATE),
}


# Names of actions in the instance action history where they differ from
# the Transition's name (upstream's names: what clients display).
_HISTORY_NAMES = {
    'live_migrate': 'live-migration',
    'soft_delete': 'delete',
    'reset_state': 'resetState',
    'console_output': 'getConsoleOutput',
}


def history_name(action):
    """The name action is recorded under in os-instance-actions."""
    return _HISTORY_NAMES.get(action, TRANSITIONS[action].name)


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


# Deadlines -----------------------------------------------------------------
#
# Every task_state may last only so long (an option of [deadlines], see
# nova.conf.deadlines); nova.conductor.deadlines ends the tasks that ran
# past theirs. The outcome says how:
# - FAIL: vm_state ERROR with a fault. For steps that leave the guest or
#   its resources half made or half moved (builds, rebuilds and
#   evacuations, resizes and migrations, deletes, offloads, unshelves),
#   where only the user (delete, rebuild, reset-state) can decide.
# - SETTLE: task_state cleared, vm_state left as it was (a task changes
#   the vm_state only when it succeeds, so that is the stable state the
#   action started from), with a fault. For actions on a guest that stays
#   where it is; the power state sync corrects the power state later.

Deadline = collections.namedtuple('Deadline', ['option', 'outcome'])

FAIL = 'error'
SETTLE = 'settle'

_T = task_states

DEADLINES = {
    # Builds.
    _T.SCHEDULING: Deadline('instance_build_timeout', FAIL),
    _T.BLOCK_DEVICE_MAPPING: Deadline('instance_build_timeout', FAIL),
    _T.NETWORKING: Deadline('instance_build_timeout', FAIL),
    _T.SPAWNING: Deadline('instance_build_timeout', FAIL),
    # Power actions.
    _T.REBOOTING: Deadline('reboot_timeout', SETTLE),
    _T.REBOOT_PENDING: Deadline('reboot_timeout', SETTLE),
    _T.REBOOT_STARTED: Deadline('reboot_timeout', SETTLE),
    _T.REBOOTING_HARD: Deadline('reboot_timeout', SETTLE),
    _T.REBOOT_PENDING_HARD: Deadline('reboot_timeout', SETTLE),
    _T.REBOOT_STARTED_HARD: Deadline('reboot_timeout', SETTLE),
    _T.POWERING_OFF: Deadline('power_action_timeout', SETTLE),
    _T.POWERING_ON: Deadline('power_action_timeout', SETTLE),
    _T.PAUSING: Deadline('power_action_timeout', SETTLE),
    _T.UNPAUSING: Deadline('power_action_timeout', SETTLE),
    _T.SUSPENDING: Deadline('power_action_timeout', SETTLE),
    _T.RESUMING: Deadline('power_action_timeout', SETTLE),
    # Actions on the guest where it runs.
    _T.RESCUING: Deadline('guest_action_timeout', SETTLE),
    _T.UNRESCUING: Deadline('guest_action_timeout', SETTLE),
    _T.UPDATING_PASSWORD: Deadline('guest_action_timeout', SETTLE),
    _T.REBUILDING: Deadline('rebuild_timeout', FAIL),
    _T.REBUILD_BLOCK_DEVICE_MAPPING: Deadline('rebuild_timeout', FAIL),
    _T.REBUILD_SPAWNING: Deadline('rebuild_timeout', FAIL),
    _T.IMAGE_SNAPSHOT: Deadline('snapshot_timeout', SETTLE),
    _T.IMAGE_SNAPSHOT_PENDING: Deadline('snapshot_timeout', SETTLE),
    _T.IMAGE_PENDING_UPLOAD: Deadline('snapshot_timeout', SETTLE),
    _T.IMAGE_BACKUP: Deadline('snapshot_timeout', SETTLE),
    _T.IMAGE_UPLOADING: Deadline('snapshot_timeout', SETTLE),
    # Moves between hosts: resources may be claimed on two hosts.
    _T.RESIZE_PREP: Deadline('resize_timeout', FAIL),
    _T.RESIZE_MIGRATING: Deadline('resize_timeout', FAIL),
    _T.RESIZE_MIGRATED: Deadline('resize_timeout', FAIL),
    _T.RESIZE_FINISH: Deadline('resize_timeout', FAIL),
    _T.RESIZE_REVERTING: Deadline('resize_timeout', FAIL),
    _T.RESIZE_CONFIRMING: Deadline('resize_timeout', FAIL),
    _T.MIGRATING: Deadline('live_migration_timeout', FAIL),
    # Deletes: a delete can always be asked for again from ERROR.
    _T.DELETING: Deadline('delete_timeout', FAIL),
    _T.SOFT_DELETING: Deadline('delete_timeout', SETTLE),
    _T.RESTORING: Deadline('delete_timeout', SETTLE),
    # Shelving keeps the guest until the offload.
    _T.SHELVING: Deadline('shelve_timeout', SETTLE),
    _T.SHELVING_IMAGE_PENDING_UPLOAD: Deadline('shelve_timeout', SETTLE),
    _T.SHELVING_IMAGE_UPLOADING: Deadline('shelve_timeout', SETTLE),
    _T.SHELVING_OFFLOADING: Deadline('shelve_timeout', FAIL),
    _T.UNSHELVING: Deadline('shelve_timeout', FAIL),
}


def deadline_seconds(conf, task_state):
    """Seconds task_state may last under conf (0: no deadline)."""
    return getattr(conf.deadlines, DEADLINES[task_state].option)
