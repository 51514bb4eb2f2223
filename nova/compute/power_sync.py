"""Power state sync: the database follows what the hypervisor says.

A periodic task of nova-compute. For each idle server of the host (no
task_state: a running task owns the state until it ends) it compares the
guest's power state, as the driver reports it, with the database: a guest
that shut down, paused, suspended or started on its own moves the server
to the matching vm_state; a guest that vanished puts the server in ERROR
with a fault. Upstream Nova calls the stop API for a guest that stopped
by itself; the outcome (STOPPED, power state shutdown) is the same.
"""

from oslo_log import log as logging

from nova.compute import power_state
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)

# vm_states the guest's power state decides; the others (building,
# rescued, resized, shelved, soft-deleted, error) only record the power
# state, as their guest's power says nothing about the action they await.
_FOLLOWS_GUEST = frozenset([vm_states.ACTIVE, vm_states.STOPPED,
                            vm_states.PAUSED, vm_states.SUSPENDED])
# vm_states whose guest must exist on the host.
_NEEDS_GUEST = _FOLLOWS_GUEST | {vm_states.RESCUED, vm_states.RESIZED}

_VM_STATE_OF_POWER = {
    power_state.RUNNING: vm_states.ACTIVE,
    power_state.SHUTDOWN: vm_states.STOPPED,
    power_state.CRASHED: vm_states.STOPPED,
    power_state.PAUSED: vm_states.PAUSED,
    power_state.SUSPENDED: vm_states.SUSPENDED,
}


def vm_state_for(vm_state, guest_power):
    """The vm_state a server in vm_state should have with its guest in
    guest_power (NOSTATE: unknown, keep vm_state)."""
    if vm_state not in _FOLLOWS_GUEST:
        return vm_state
    return _VM_STATE_OF_POWER.get(guest_power, vm_state)


def guest_power_state(driver, instance):
    """The guest's power state, or None when the driver has no guest."""
    try:
        return driver.get_info(instance).state
    except exception.InstanceNotFound:
        return None


class PowerStateSync:
    """Brings the host's idle servers in line with their guests."""

    def __init__(self, host, driver):
        self.host = host
        self.driver = driver

    def sync_power_states(self, context, instances=None):
        """instances: the host's servers when read already (a group of
        simulated hosts reads those of many at once,
        nova.compute.host_group)."""
        if instances is None:
            instances = objects.InstanceList.get_by_host(context, self.host)
        for instance in instances:
            if instance.task_state is not None:
                continue
            try:
                self._sync(context, instance)
            except Exception:
                LOG.exception('Power state sync of instance %s failed',
                              instance.uuid)

    def sync_instance(self, context, instance):
        """Sync one idle server now (a driver's lifecycle event)."""
        self._sync(context, instance)

    def _sync(self, context, instance):
        power = guest_power_state(self.driver, instance)
        if power is None:
            if instance.vm_state in _NEEDS_GUEST:
                self._guest_vanished(context, instance)
            return
        vm_state = vm_state_for(instance.vm_state, power)
        if (vm_state, power) == (instance.vm_state, instance.power_state):
            return
        if vm_state != instance.vm_state:
            LOG.warning('Instance %s: its guest on %s is %s by itself; '
                        'vm_state %s -> %s', instance.uuid, self.host,
                        power_state.STATE_MAP.get(power, power),
                        instance.vm_state, vm_state)
        self._save(instance, vm_state, power)

    def _guest_vanished(self, context, instance):
        error = exception.GuestVanished(
            instance_uuid=instance.uuid, host=self.host,
            vm_state=instance.vm_state)
        # The fault first, so the server is never seen in ERROR without it.
        compute_utils.record_fault(context, instance, error, host=self.host)
        if self._save(instance, vm_states.ERROR, power_state.NOSTATE):
            LOG.warning(error.format_message())

    @staticmethod
    def _save(instance, vm_state, power):
        """Save unless an action started or ended since the listing."""
        expected_vm_state = instance.vm_state
        instance.vm_state = vm_state
        instance.power_state = power
        try:
            instance.save(expected_vm_state=[expected_vm_state],
                          expected_task_state=[None])
            return True
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            return False
