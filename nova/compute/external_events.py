"""Events other services send a compute host about its guests
(POST /os-server-external-events), and the waiters that block until an
expected one arrives.

A step that needs another service to finish first (a port plugged by the
networking service, a volume extended) prepares a waiter for the events'
keys *before* starting what triggers them, then waits with a deadline:

    with manager.event_waiters.expect(instance.uuid,
                                      ['network-vif-plugged-<port>']) as w:
        plug_the_port()
    w.wait(timeout=300)   # {key: status}; EventTimeout when late

Events nobody waits for still have their effect (network-changed and
network-vif-deleted refresh the guest's networking; volume-extended, whose
tag is the volume, has the hypervisor grow the guest's disk).
"""

import contextlib
import threading

from oslo_log import log as logging

from nova.compute import power_state
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception

LOG = logging.getLogger(__name__)

# Events after which the guest's networking is plugged again from the
# network service's current state.
_REFRESH_NETWORK = ('network-changed', 'network-vif-deleted')

# power-update (API 2.76): tag -> (power state, vm_state, action name).
POWER_UPDATES = {
    'POWER_ON': (power_state.RUNNING, vm_states.ACTIVE, 'start'),
    'POWER_OFF': (power_state.SHUTDOWN, vm_states.STOPPED, 'stop'),
}


class EventTimeout(exception.NovaException):
    msg_fmt = ('Instance %(instance_uuid)s did not get the events '
               '%(missing)s in %(timeout)s seconds')


class Waiter:
    """The events one step of one instance waits for."""

    def __init__(self, registry, instance_uuid, keys):
        self._registry = registry
        self.instance_uuid = instance_uuid
        self.keys = frozenset(keys)
        self.received = {}
        self._done = threading.Condition()

    def _deliver(self, key, status):
        with self._done:
            self.received[key] = status
            self._done.notify_all()

    def wait(self, timeout):
        """{key: status} once every key arrived; EventTimeout otherwise."""
        with self._done:
            arrived = self._done.wait_for(
                lambda: self.keys <= set(self.received), timeout)
            if not arrived:
                self._registry.forget(self)
                raise EventTimeout(
                    instance_uuid=self.instance_uuid, timeout=timeout,
                    missing=sorted(self.keys - set(self.received)))
            return dict(self.received)


class EventWaiters:
    """The waiters of one compute host, by (instance uuid, event key)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._waiters = {}

    @contextlib.contextmanager
    def expect(self, instance_uuid, keys):
        """Register a Waiter for keys while the block runs and after it,
        until it is waited on; events arriving in the meantime count."""
        waiter = Waiter(self, instance_uuid, keys)
        with self._lock:
            for key in waiter.keys:
                self._waiters.setdefault((instance_uuid, key),
                                         []).append(waiter)
        try:
            yield waiter
        except BaseException:
            self.forget(waiter)
            raise

    def forget(self, waiter):
        with self._lock:
            for key in waiter.keys:
                waiting = self._waiters.get((waiter.instance_uuid, key), [])
                if waiter in waiting:
                    waiting.remove(waiter)
                if not waiting:
                    self._waiters.pop((waiter.instance_uuid, key), None)

    def deliver(self, instance_uuid, key, status):
        """Hand the event to whoever waits for it; False if nobody."""
        with self._lock:
            waiting = self._waiters.pop((instance_uuid, key), [])
        for waiter in waiting:
            waiter._deliver(key, status)
        return bool(waiting)

    def pending(self, instance_uuid):
        """Keys some step of instance_uuid waits for."""
        with self._lock:
            return sorted(key for uuid, key in self._waiters
                          if uuid == instance_uuid)


class ExternalEventsMixin:
    """The compute RPC method (1.7) receiving external events."""

    @property
    def event_waiters(self):
        # Created on first use so ComputeManager.__init__ stays as it is.
        return self.__dict__.setdefault('_event_waiters', EventWaiters())

    def external_instance_event(self, context, instances, events):
        by_uuid = {instance.uuid: instance for instance in instances}
        for event in events:
            instance = by_uuid.get(event.instance_uuid)
            if instance is None or instance.host != self.host:
                LOG.info('Event %s of instance %s: not on host %s',
                         event.key, event.instance_uuid, self.host)
                continue
            waited = self.event_waiters.deliver(instance.uuid, event.key,
                                                event.status)
            LOG.info('Received event %s (%s) of instance %s%s', event.key,
                     event.status, instance.uuid,
                     '' if waited else ', which nothing waited for')
            if event.name in _REFRESH_NETWORK:
                self.refresh_instance_network(context, instance)
            elif event.name == 'volume-extended' and event.tag:
                self._extend_volume_quietly(context, instance, event.tag)
            elif event.name == 'power-update':
                self._power_update(context, instance, event.tag)

    def _power_update(self, context, instance, tag):
        """The guest's power changed outside this service (2.76): the
        database follows, recorded as a start or stop action. A server
        busy with a task, or already in that state, is left alone."""
        power, vm_state, action = POWER_UPDATES[tag]
        instance.refresh()
        if (instance.task_state is not None or
                instance.vm_state not in (vm_states.ACTIVE,
                                          vm_states.STOPPED) or
                (instance.vm_state, instance.power_state) ==
                (vm_state, power)):
            LOG.info('Ignoring power-update %s of instance %s in state '
                     '%s/%s', tag, instance.uuid, instance.vm_state,
                     instance.task_state)
            return
        compute_utils.record_action_start(context, instance, action)
        with compute_utils.EventReporter(context, 'compute_power_update',
                                         self.host, instance.uuid):
            try:
                self.driver.power_update_event(instance, power)
            except NotImplementedError:
                LOG.info('Driver of host %s is not told of power updates',
                         self.host)
            expected = instance.vm_state
            instance.vm_state = vm_state
            instance.power_state = power
            instance.save(expected_vm_state=[expected],
                          expected_task_state=[None])

    def _extend_volume_quietly(self, context, instance, volume_id):
        # The instance action event records the failure; the other
        # events of the same cast still go on.
        try:
            self.extend_volume(context, instance, volume_id)
        except Exception:
            LOG.exception('Could not extend volume %s of instance %s',
                          volume_id, instance.uuid)
