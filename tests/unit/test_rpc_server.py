"""nova.messaging.rpc_server: a service's RPC server stops without
waiting on its idle workers, and still finishes the messages it has."""

import threading
import time

from oslo_config import cfg
import oslo_messaging as messaging
from oslo_messaging import conffixture
from oslo_messaging.rpc import server as oslo_rpc_server
import pytest

from nova.messaging import rpc_server


class Endpoint:

    def __init__(self):
        self.started = threading.Event()
        self.release = threading.Event()
        self.done = []

    def echo(self, ctxt, value):
        return value

    def slow(self, ctxt):
        self.started.set()
        self.release.wait(10)
        self.done.append('slow')


@pytest.fixture
def transport():
    conf = cfg.ConfigOpts()
    conffixture.ConfFixture(conf, transport_url='inproc://')
    made = messaging.get_rpc_transport(conf)
    yield made
    made.cleanup()


def _served(transport, endpoint, server_cls):
    target = messaging.Target(topic='t-%s' % id(endpoint), server='s')
    server = messaging.get_rpc_server(
        transport, target, [endpoint], executor='threading',
        server_cls=server_cls)
    server.start()
    return server, messaging.get_rpc_client(transport, target)


def _stop_seconds(server):
    begin = time.monotonic()
    server.stop()
    server.wait()
    return time.monotonic() - begin


def test_stop_does_not_wait_on_idle_workers(transport):
    """Root cause of a second more in every daemon's stop: futurist's
    pool (oslo.messaging's own) has its idle workers look for their stop
    flag once a second, and wait() joined them."""
    endpoint = Endpoint()
    server, client = _served(transport, endpoint, rpc_server.Server)
    for value in range(3):
        assert client.call({}, 'echo', value=value) == value
    assert _stop_seconds(server) < 0.5


def test_oslo_messagings_own_server_waits_on_them(transport):
    """What the test above guards against, shown on the stock server (if
    futurist changes, this one fails and the module can go)."""
    endpoint = Endpoint()
    server, client = _served(transport, endpoint,
                             oslo_rpc_server.RPCServer)
    assert client.call({}, 'echo', value=1) == 1
    # The worker has gone idle: it polls its queue with a 1 s timeout.
    time.sleep(0.1)
    assert _stop_seconds(server) >= 0.5


def test_a_message_in_progress_finishes_before_wait_returns(transport):
    endpoint = Endpoint()
    server, client = _served(transport, endpoint, rpc_server.Server)
    client.cast({}, 'slow')
    assert endpoint.started.wait(10)
    threading.Timer(0.3, endpoint.release.set).start()
    server.stop()
    server.wait()
    assert endpoint.done == ['slow']


def test_its_workers_are_named_after_the_topic(transport):
    endpoint = Endpoint()
    server, client = _served(transport, endpoint, rpc_server.Server)
    client.cast({}, 'slow')
    assert endpoint.started.wait(10)
    names = [t.name for t in threading.enumerate()]
    endpoint.release.set()
    server.stop()
    server.wait()
    assert any(name.startswith('rpc-t-') for name in names)
