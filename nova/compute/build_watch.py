"""Builds of this host that stopped without an end: ended in ERROR.

A mixin of ComputeManager. A build runs in a worker thread; if the
thread ends without a final state (an exception nobody expected, most
often a message bus outage that lost the reply to a state save), the
server would stay in its build step until instance_build_timeout. The
manager notes the builds its workers run; a periodic task (every
[deadlines] check_interval) ends in ERROR, with a fault, every server of
this host in a build step that no worker is building, destroying what
the build left of its guest. The conductor then gives back its room and
addresses (nova.conductor.build_recovery). The save is conditional on the
step seen, so a build that ends at that moment wins.
"""

import threading

from oslo_log import log as logging

from nova.compute import task_outcome
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)

EVENT = 'compute_end_lost_build'
# The build steps a worker of this host runs; scheduling waits for one.
_STEPS = frozenset([task_states.SPAWNING, task_states.NETWORKING,
                    task_states.BLOCK_DEVICE_MAPPING])


class BuildWatchMixin:
    """Uses self.host, self.driver and self._destroy_quietly."""

    def _watch_init(self):
        self._building = set()
        self._building_lock = threading.Lock()

    def _run_build(self, build, context, instance, *args):
        """Run build(context, instance, *args) as a watched build."""
        with self._building_lock:
            self._building.add(instance.uuid)
        try:
            build(context, instance, *args)
        except Exception:
            LOG.exception('Build of instance %s stopped on an error',
                          instance.uuid)
        finally:
            with self._building_lock:
                self._building.discard(instance.uuid)

    def end_lost_builds(self, context):
        """The periodic task; returns how many builds it ended."""
        ended = 0
        for instance in objects.InstanceList.get_by_host(context, self.host):
            if (instance.vm_state != vm_states.BUILDING or
                    instance.task_state not in _STEPS):
                continue
            with self._building_lock:
                if instance.uuid in self._building:
                    continue
            ended += self._end_lost_build(context, instance)
        return ended

    def _end_lost_build(self, context, instance):
        error = exception.BuildAbortException(
            instance_uuid=instance.uuid,
            reason='its build on host %s stopped at step %s without '
                   'finishing (see the compute log)' % (
                       self.host, instance.task_state))
        if not task_outcome.end_task(context, instance, error, EVENT,
                                     self.host, vm_state=vm_states.ERROR):
            return 0
        self._destroy_quietly(context, instance)
        return 1
