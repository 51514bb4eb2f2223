"""The inproc:// transport carries RPC like a broker, within one process."""

import threading
import uuid

from oslo_config import cfg
import oslo_messaging as messaging
from oslo_messaging import conffixture
import pytest


class CustomError(Exception):
    """Crosses RPC as itself when this module is an allowed exmod."""


class Endpoint:

    def __init__(self, name):
        self.name = name
        self.received = []
        self.cast_seen = threading.Event()
        self.release = threading.Event()

    def echo(self, ctxt, value):
        return value

    def whoami(self, ctxt):
        self.received.append('whoami')
        return self.name

    def append(self, ctxt, items):
        items.append(self.name)
        return items

    def remember(self, ctxt, value):
        self.received.append(value)
        self.cast_seen.set()

    def unimplemented(self, ctxt):
        raise NotImplementedError('not here')

    def custom(self, ctxt):
        raise CustomError('custom failure')

    def block(self, ctxt):
        self.release.wait(5)


@pytest.fixture
def make_transport():
    made = []

    def make(allowed=()):
        conf = cfg.ConfigOpts()
        conffixture.ConfFixture(conf, transport_url='inproc://')
        transport = messaging.get_rpc_transport(
            conf, allowed_remote_exmods=list(allowed))
        made.append(transport)
        return transport
    yield make
    for transport in made:
        transport.cleanup()


@pytest.fixture
def transport(make_transport):
    return make_transport(allowed=[__name__])


@pytest.fixture
def topic():
    # A topic per test, so nothing left from one test reaches another.
    return 'test-%s' % uuid.uuid4().hex


@pytest.fixture
def start_server(transport, topic):
    servers = []

    def start(name, endpoint=None, transport=transport):
        endpoint = endpoint or Endpoint(name)
        server = messaging.get_rpc_server(
            transport, messaging.Target(topic=topic, server=name),
            [endpoint], executor='threading')
        server.start()
        servers.append(server)
        return endpoint
    yield start
    for server in servers:
        server.stop()
        # wait() idles ~1 s in futurist's worker shutdown; don't hold the
        # suite for it. stop() has already detached the server.
        threading.Thread(target=server.wait, daemon=True).start()


def _client(transport, topic, **kwargs):
    return messaging.get_rpc_client(
        transport, messaging.Target(topic=topic, **kwargs), timeout=5)


def test_call_returns_the_value(transport, topic, start_server):
    start_server('a')
    value = {'k': [1, 2, {'x': None}], 'text': 'é'}
    assert _client(transport, topic).call({}, 'echo', value=value) == value


def test_messages_are_copies(transport, topic, start_server):
    start_server('a')
    items = ['caller']
    result = _client(transport, topic).call({}, 'append', items=items)
    assert result == ['caller', 'a']
    assert items == ['caller']
    assert result is not items


def test_cast_is_delivered(transport, topic, start_server):
    endpoint = start_server('a')
    _client(transport, topic).cast({}, 'remember', value=42)
    assert endpoint.cast_seen.wait(5)
    assert endpoint.received == [42]


def test_builtin_exception_propagates(transport, topic, start_server):
    start_server('a')
    with pytest.raises(NotImplementedError, match='not here'):
        _client(transport, topic).call({}, 'unimplemented')


def test_allowed_module_exception_keeps_its_class(transport, topic,
                                                  start_server):
    start_server('a')
    with pytest.raises(CustomError, match='custom failure'):
        _client(transport, topic).call({}, 'custom')


def test_other_module_exception_becomes_remote_error(make_transport, topic,
                                                     start_server):
    start_server('a')
    strict = make_transport()
    with pytest.raises(messaging.RemoteError) as caught:
        _client(strict, topic).call({}, 'custom')
    assert caught.value.exc_type == 'CustomError'


def test_server_targeted_call_reaches_only_that_server(transport, topic,
                                                       start_server):
    endpoints = {name: start_server(name) for name in ('a', 'b', 'c')}
    for _ in range(4):
        assert _client(transport, topic, server='b').call(
            {}, 'whoami') == 'b'
    assert len(endpoints['b'].received) == 4
    assert endpoints['a'].received == endpoints['c'].received == []


def test_fanout_reaches_every_server(transport, topic, start_server):
    endpoints = [start_server(name) for name in ('a', 'b', 'c')]
    _client(transport, topic, fanout=True).cast({}, 'remember', value='hi')
    for endpoint in endpoints:
        assert endpoint.cast_seen.wait(5)
        assert endpoint.received == ['hi']


def test_call_without_reply_times_out(transport, topic, start_server):
    endpoint = start_server('a')
    client = messaging.get_rpc_client(
        transport, messaging.Target(topic=topic), timeout=0.2)
    with pytest.raises(messaging.MessagingTimeout):
        client.call({}, 'block')
    endpoint.release.set()


def test_call_to_topic_without_server_times_out(transport, topic):
    client = messaging.get_rpc_client(
        transport, messaging.Target(topic=topic), timeout=0.1)
    with pytest.raises(messaging.MessagingTimeout):
        client.call({}, 'echo', value=1)


def test_servers_on_one_topic_share_the_work(transport, topic, start_server):
    endpoints = [start_server(name) for name in ('a', 'b')]
    client = _client(transport, topic)
    answers = [client.call({}, 'whoami') for _ in range(10)]
    assert sorted(answers) == ['a'] * 5 + ['b'] * 5
    assert [len(e.received) for e in endpoints] == [5, 5]


def test_stopped_server_gets_no_more_work(transport, topic, start_server):
    start_server('a')
    spare = messaging.get_rpc_server(
        transport, messaging.Target(topic=topic, server='b'),
        [Endpoint('b')], executor='threading')
    spare.start()
    spare.stop()
    spare.wait()
    client = _client(transport, topic)
    assert {client.call({}, 'whoami') for _ in range(4)} == {'a'}


def test_notifications_reach_a_listener(make_transport, topic):
    conf = cfg.ConfigOpts()
    conffixture.ConfFixture(conf, transport_url='inproc://')
    transport = messaging.get_notification_transport(conf)
    got = []
    seen = threading.Event()

    class Sink:
        def info(self, ctxt, publisher_id, event_type, payload, metadata):
            got.append((publisher_id, event_type, payload))
            seen.set()

    notifier = messaging.Notifier(transport, 'compute.host1',
                                  driver='messaging', topics=[topic])
    # Sent before anyone listens: kept until the listener comes.
    notifier.info({}, 'instance.create', {'id': 1})
    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic=topic)], [Sink()],
        executor='threading')
    listener.start()
    try:
        assert seen.wait(5)
        assert got == [('compute.host1', 'instance.create', {'id': 1})]
    finally:
        listener.stop()
        threading.Thread(target=listener.wait, daemon=True).start()
        transport.cleanup()


def test_requeued_notification_comes_back(topic):
    conf = cfg.ConfigOpts()
    conffixture.ConfFixture(conf, transport_url='inproc://')
    transport = messaging.get_notification_transport(conf)
    attempts = []
    handled = threading.Event()

    class FlakySink:
        def info(self, ctxt, publisher_id, event_type, payload, metadata):
            attempts.append(payload)
            if len(attempts) == 1:
                return messaging.NotificationResult.REQUEUE
            handled.set()
            return messaging.NotificationResult.HANDLED

    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic=topic)], [FlakySink()],
        executor='threading', allow_requeue=True)
    listener.start()
    try:
        messaging.Notifier(transport, 'compute.host1', driver='messaging',
                           topics=[topic]).info({}, 'x.y', {'n': 7})
        assert handled.wait(5)
        assert attempts == [{'n': 7}, {'n': 7}]
    finally:
        listener.stop()
        threading.Thread(target=listener.wait, daemon=True).start()
        transport.cleanup()
