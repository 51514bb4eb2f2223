"""In-process oslo.messaging driver: threads hand over messages, no polling."""

import collections
import queue
import sys
import threading
import time
import weakref

from oslo_log import log as logging
from oslo_serialization import jsonutils

from oslo_messaging._drivers import base
from oslo_messaging._drivers import common
from oslo_messaging import exceptions

LOG = logging.getLogger(__name__)

# A queue nobody consumes (notifications nobody listens to) must not grow
# without bound in a long-running nova-all; the oldest messages are dropped.
BACKLOG_LIMIT = 10000

_HEARTBEAT = object()


class _Queue:
    """A broker queue: buffers while unconsumed, else deals out in turn."""

    def __init__(self, address):
        self.address = address
        self.consumers = []
        self.backlog = collections.deque()
        self._turn = 0

    def put(self, envelope):
        if self.consumers:
            self._turn = (self._turn + 1) % len(self.consumers)
            self.consumers[self._turn].deliver(envelope)
            return
        if len(self.backlog) == BACKLOG_LIMIT:
            self.backlog.popleft()
            LOG.warning('In-process queue %s is full; dropping its oldest '
                        'message', self.address)
        self.backlog.append(envelope)

    def attach(self, listener):
        self.consumers.append(listener)
        while self.backlog:
            listener.deliver(self.backlog.popleft())

    def detach(self, listener):
        if listener in self.consumers:
            self.consumers.remove(listener)


class _Bus:
    """The process-wide broker shared by every inproc:// transport."""

    def __init__(self):
        self.lock = threading.Lock()
        self.drivers = 0
        self.reset()

    def reset(self):
        self.queues = {}      # address -> _Queue
        self.fanouts = {}     # (exchange, topic) -> [listener]
        self.pools = {}       # (exchange, topic) -> notification pools

    def _queue(self, address):
        if address not in self.queues:
            self.queues[address] = _Queue(address)
        return self.queues[address]

    def publish(self, exchange, target, envelope):
        with self.lock:
            if target.fanout:
                for listener in self.fanouts.get((exchange, target.topic), ()):
                    listener.deliver(envelope)
            elif target.server:
                self._queue(('server', exchange, target.topic,
                             target.server)).put(envelope)
            else:
                self._queue(('topic', exchange, target.topic)).put(envelope)

    def notify(self, exchange, topic, envelope):
        with self.lock:
            # Like a notifier's queue on a broker, the default pool (None)
            # keeps notifications until someone listens.
            for pool in self.pools.setdefault((exchange, topic), {None}):
                self._queue(('notify', exchange, topic, pool)).put(envelope)

    def subscribe(self, listener):
        with self.lock:
            for address in listener.addresses:
                if address[0] == 'notify':
                    self.pools.setdefault(address[1:3], {None}).add(
                        address[3])
                self._queue(address).attach(listener)
            for key in listener.fanouts:
                self.fanouts.setdefault(key, []).append(listener)

    def unsubscribe(self, listener):
        with self.lock:
            for address in listener.addresses:
                if address in self.queues:
                    self.queues[address].detach(listener)
            for key in listener.fanouts:
                if listener in self.fanouts.get(key, ()):
                    self.fanouts[key].remove(listener)

    def open(self):
        with self.lock:
            self.drivers += 1

    def close(self):
        with self.lock:
            self.drivers -= 1
            # Leftovers must not leak into the next transport (e.g. tests).
            if self.drivers <= 0:
                self.drivers = 0
                self.reset()


_BUS = _Bus()


class _Incoming(base.RpcIncomingMessage):

    def __init__(self, listener, envelope, ctxt, message):
        super().__init__(ctxt, message)
        self._listener = listener
        self._envelope = envelope
        self._reply_box = envelope[1]
        self.client_timeout = envelope[2]

    def reply(self, reply=None, failure=None):
        if self._reply_box is None:
            return
        try:
            if failure is not None:
                failure = common.serialize_remote_exception(failure)
            data = jsonutils.dumps({'result': reply, 'failure': failure})
        except Exception:
            # Tell the caller now rather than let it wait for its timeout.
            LOG.exception('Cannot serialize the reply to %s', self.msg_id)
            data = jsonutils.dumps({'result': None, 'failure':
                                    common.serialize_remote_exception(
                                        sys.exc_info())})
        self._reply_box.put(data)

    def heartbeat(self):
        if self._reply_box is not None:
            self._reply_box.put(_HEARTBEAT)

    def requeue(self):
        self._listener.deliver(self._envelope)


class _Listener(base.PollStyleListener):
    """An inbox the bus fills; poll blocks on a condition until it does."""

    def __init__(self, bus, addresses, fanouts=()):
        super().__init__()
        self.addresses = addresses
        self.fanouts = fanouts
        self._bus = bus
        self._cond = threading.Condition()
        self._inbox = collections.deque()
        self._stopped = False
        bus.subscribe(self)

    def deliver(self, envelope):
        with self._cond:
            self._inbox.append(envelope)
            self._cond.notify()

    @base.batch_poll_helper
    def poll(self, timeout=None):
        with self._cond:
            self._cond.wait_for(lambda: self._inbox or self._stopped, timeout)
            if not self._inbox:
                return None
            envelope = self._inbox.popleft()
        # Decoding a private copy is what keeps sender and receiver (and
        # fanout receivers) from sharing mutable objects.
        ctxt, message = jsonutils.loads(envelope[0])
        return _Incoming(self, envelope, ctxt, message)

    def stop(self):
        # Unsubscribe first so no delivery can land after poll gives up.
        self._bus.unsubscribe(self)
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def cleanup(self):
        self.stop()


class InProcessDriver(base.BaseDriver):
    """Delivers within the process, copying every message through JSON."""

    def __init__(self, conf, url, default_exchange=None,
                 allowed_remote_exmods=None):
        super().__init__(conf, url, default_exchange, allowed_remote_exmods)
        self._bus = _BUS
        self._listeners = weakref.WeakSet()
        self._closed = False
        self._bus.open()

    def require_features(self, requeue=False):
        pass  # requeue is supported

    def _exchange(self, target):
        return target.exchange or self._default_exchange

    def send(self, target, ctxt, message, wait_for_reply=None, timeout=None,
             call_monitor_timeout=None, retry=None, transport_options=None):
        # retry is moot: a hand-over within the process cannot fail.
        data = jsonutils.dumps([ctxt, message])
        reply_box = queue.Queue() if wait_for_reply else None
        self._bus.publish(self._exchange(target), target,
                          (data, reply_box, call_monitor_timeout))
        if reply_box is None:
            return None
        return self._wait(reply_box, target, timeout, call_monitor_timeout)

    def _wait(self, reply_box, target, timeout, call_monitor_timeout):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if call_monitor_timeout:
                # Heartbeats from a long call push this limit back.
                wait = (call_monitor_timeout if wait is None
                        else min(wait, call_monitor_timeout))
            try:
                reply = reply_box.get(
                    timeout=None if wait is None else max(wait, 0))
            except queue.Empty:
                raise exceptions.MessagingTimeout(
                    'No reply on topic %s within %s seconds'
                    % (target.topic, timeout)) from None
            if reply is not _HEARTBEAT:
                break
        reply = jsonutils.loads(reply)
        if reply['failure']:
            raise common.deserialize_remote_exception(
                reply['failure'], self._allowed_remote_exmods)
        return reply['result']

    def send_notification(self, target, ctxt, message, version, retry=None):
        self._bus.notify(self._exchange(target), target.topic,
                         (jsonutils.dumps([ctxt, message]), None, None))

    def _adapt(self, listener, batch_size, batch_timeout):
        self._listeners.add(listener)
        return base.PollStyleListenerAdapter(listener, batch_size,
                                             batch_timeout)

    def listen(self, target, batch_size, batch_timeout):
        exchange = self._exchange(target)
        listener = _Listener(
            self._bus,
            [('topic', exchange, target.topic),
             ('server', exchange, target.topic, target.server)],
            [(exchange, target.topic)])
        return self._adapt(listener, batch_size, batch_timeout)

    def listen_for_notifications(self, targets_and_priorities, pool,
                                 batch_size, batch_timeout):
        addresses = [('notify', self._exchange(target),
                      '%s.%s' % (target.topic, priority), pool)
                     for target, priority in targets_and_priorities]
        listener = _Listener(self._bus, addresses)
        return self._adapt(listener, batch_size, batch_timeout)

    def cleanup(self):
        # Only unsubscribe: a stopped listener whose server still runs would
        # make the adapter's poll loop spin.
        for listener in list(self._listeners):
            self._bus.unsubscribe(listener)
        if not self._closed:
            self._closed = True
            self._bus.close()
