"""A running daemon: its service record, RPC server, heartbeat and timers."""

import random
import threading

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

import nova.conf
from nova import context as nova_context
from nova import objects
from nova import rpc

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def is_up(service):
    """Whether a service record shows a live daemon."""
    if service.forced_down:
        return False
    last = service.last_seen_up or service.updated_at or service.created_at
    if last is None:
        return False
    elapsed = timeutils.delta_seconds(last.replace(tzinfo=None),
                                      timeutils.utcnow())
    return abs(elapsed) <= CONF.service_down_time


class PeriodicRunner:
    """Runs a manager's periodic tasks on one named thread until stopped."""

    def __init__(self, name, tasks, stagger=False, wait_first=False):
        self._tasks = tasks  # [(interval_seconds, callable(context))]
        # Many runners of one process (simulated hosts) start their
        # tasks at random points of the first interval, not all at once;
        # wait_first: the tasks ran at start already.
        self._stagger = stagger
        self._wait_first = wait_first
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name='periodic-%s' % name)

    def start(self):
        if self._tasks:
            self._thread.start()

    def _run(self):
        context = nova_context.get_admin_context()
        now = timeutils.utcnow_ts(microsecond=True)
        next_run = {task: now + self._first_delay(task[0])
                    for task in self._tasks}
        while not self._stop.is_set():
            now = timeutils.utcnow_ts(microsecond=True)
            for task in self._tasks:
                interval, func = task
                if now >= next_run[task]:
                    next_run[task] = now + interval
                    try:
                        func(context)
                    except Exception:
                        LOG.exception('Periodic task %s failed',
                                      getattr(func, '__name__', func))
            wait = min(next_run.values()) - timeutils.utcnow_ts(
                microsecond=True)
            self._stop.wait(max(0.05, wait))

    def _first_delay(self, interval):
        if self._wait_first:
            return interval
        return random.uniform(0, interval) if self._stagger else 0.0

    def stop(self):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)


class Service:
    """A manager exposed on the bus under its topic, with a heartbeat."""

    def __init__(self, host, binary, topic, manager):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager = manager
        self.record = None
        self._rpc_server = None
        self._timers = None

    def _ensure_record(self, context):
        return objects.service.ensure_registered(
            context, self.host, self.binary, self.topic)

    def start(self, record=None, heartbeat=True, listen=True):
        """record: the service record when registered already (a batch of
        simulated hosts, nova.compute.host_group); heartbeat False when
        something else beats for this service, listen False when another
        RPC server takes its messages."""
        context = nova_context.get_admin_context()
        self.record = record or self._ensure_record(context)
        self.manager.service_record = self.record
        self.manager.init_host(context)
        if listen:
            target = messaging.Target(topic=self.topic, server=self.host)
            self._rpc_server = rpc.get_server(target, [self.manager])
            self._rpc_server.start()
        tasks = []
        if heartbeat:
            self.heartbeat(context)
            tasks.append((CONF.report_interval, self.heartbeat))
        tasks.extend(self.manager.periodic_tasks())
        self._timers = PeriodicRunner('%s-%s' % (self.binary, self.host),
                                      tasks, stagger=not heartbeat)
        self._timers.start()
        self.manager.post_start_hook(context)
        LOG.info('Started %s on host %s (topic %s)', self.binary, self.host,
                 self.topic)

    def heartbeat(self, context):
        try:
            self.record.heartbeat()
        except Exception:
            # A database or conductor outage must not kill the service;
            # it shows as down until the heartbeat gets through again.
            LOG.warning('Heartbeat of %s on %s failed', self.binary,
                        self.host, exc_info=True)

    def stop(self):
        if self._timers:
            self._timers.stop()
        if self._rpc_server:
            self._rpc_server.stop()
            self._rpc_server.wait()
        self.manager.cleanup_host()
