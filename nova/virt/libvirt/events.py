"""libvirt lifecycle events, handed to nova-compute's power state sync.

libvirt calls on its event thread, which must never block; each event is
queued to one worker thread that calls the listener the compute manager
registered (nova.compute.guest_events), which syncs that one server as
the periodic power state sync would, only at once. Events during a
task (a stop, a reboot) change nothing there: the task owns the state.
"""

import concurrent.futures

from oslo_log import log as logging

from nova.virt.libvirt import guest_spec

LOG = logging.getLogger(__name__)

# virDomainEventType names, for the log.
EVENT_NAMES = {0: 'defined', 1: 'undefined', 2: 'started', 3: 'suspended',
               4: 'resumed', 5: 'stopped', 6: 'shutdown', 7: 'pmsuspended',
               8: 'crashed'}


class LifecycleEvents:
    """Queues domain lifecycle events to the listener."""

    def __init__(self):
        self.listener = None
        self._worker = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix='libvirt-events')

    def on_libvirt_event(self, domain_name, event, detail):
        uuid = guest_spec.instance_uuid(domain_name)
        if uuid is None:
            return
        LOG.debug('Domain of instance %s: %s (%s)', uuid,
                  EVENT_NAMES.get(event, event), detail)
        if event in (0, 1) or self.listener is None:
            return  # definitions change no power state
        self._worker.submit(self._deliver, uuid)

    def _deliver(self, uuid):
        try:
            self.listener(uuid)
        except Exception:
            LOG.exception('Handling the lifecycle event of instance %s '
                          'failed', uuid)
