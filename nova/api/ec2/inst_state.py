"""EC2 instance state names and codes, and the map from vm_state."""

from nova.compute import task_states
from nova.compute import vm_states

PENDING = 'pending'
RUNNING = 'running'
SHUTTING_DOWN = 'shutting-down'
TERMINATED = 'terminated'
STOPPING = 'stopping'
STOPPED = 'stopped'
# Not EC2's own, shown for the states EC2 does not have.
PAUSE = 'pause'
SUSPEND = 'suspend'
RESCUE = 'rescue'
RESIZE = 'resize'
MIGRATE = 'migrate'

_CODES = {
    PENDING: 0, RUNNING: 16, SHUTTING_DOWN: 32, TERMINATED: 48,
    STOPPING: 64, STOPPED: 80,
    # The nearest EC2 code of the others.
    PAUSE: 80, SUSPEND: 80, RESCUE: 16, RESIZE: 16, MIGRATE: 16,
}

_BY_VM_STATE = {
    None: PENDING,
    vm_states.ACTIVE: RUNNING,
    vm_states.BUILDING: PENDING,
    vm_states.DELETED: TERMINATED,
    vm_states.SOFT_DELETED: TERMINATED,
    vm_states.STOPPED: STOPPED,
    vm_states.PAUSED: PAUSE,
    vm_states.SUSPENDED: SUSPEND,
    vm_states.RESCUED: RESCUE,
    vm_states.RESIZED: RESIZE,
}


def name_to_code(name):
    return _CODES.get(name, _CODES[PENDING])


# EC2's own names of two transitions, which waiters watch for.
_BY_TASK_STATE = {
    task_states.DELETING: SHUTTING_DOWN,
    task_states.POWERING_OFF: STOPPING,
}


def describe(vm_state, task_state=None):
    """{'code', 'name'} of an instance in vm_state (and task_state)."""
    name = _BY_TASK_STATE.get(task_state)
    if name is None:
        name = _BY_VM_STATE.get(vm_state, vm_state)
    return {'code': name_to_code(name), 'name': name}
