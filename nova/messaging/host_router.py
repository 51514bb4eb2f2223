"""One RPC server for the many simulated hosts of a process.

Casts to a compute host go to its own queue, compute.<host>. One RPC
server per simulated host (1,000 in a scale test) made a broker
connection, a polling thread and a heartbeat thread each. Over RabbitMQ
this server instead consumes every host's queue on one connection: the
consumer of each queue marks a message with the host it was sent to, and
one endpoint hands it to that host's manager. Other transports (the
in-process one costs no connection) keep one server per host.
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_messaging._drivers import amqpdriver
from oslo_messaging._drivers import base as driver_base
from oslo_messaging._drivers import common as driver_common
from oslo_messaging.rpc import dispatcher as rpc_dispatcher

from nova.messaging import rpc_server

LOG = logging.getLogger(__name__)

# Where the consumer's mark travels: a context key of the message, which
# nova.rpc.RequestContextSerializer takes off again (see HOST_ATTR).
_CONTEXT_KEY = '_context_nova_rpc_host'
CONTEXT_KEY = 'nova_rpc_host'
HOST_ATTR = 'rpc_host'


def supported(transport):
    """Whether transport's driver can share one listener (AMQP)."""
    return isinstance(getattr(transport, '_driver', None),
                      amqpdriver.AMQPDriverBase)


class _Marker:
    """The consumer callback of one host's queue."""

    def __init__(self, listener, host):
        self._listener = listener
        self._host = host

    def __call__(self, message):
        message[_CONTEXT_KEY] = self._host
        self._listener(message)


class HostRouter:
    """The endpoint: each message to the manager of the host it was sent
    to; every public method of the managers is reachable through it."""

    def __init__(self, target, managers):
        self.target = target
        self._managers = managers  # host -> manager

    def __getattr__(self, name):
        if name.startswith(('_', 'oslo_')):
            raise AttributeError(name)

        def route(ctxt, **kwargs):
            host = getattr(ctxt, HOST_ATTR, None)
            manager = self._managers.get(host)
            if manager is None or not hasattr(manager, name):
                raise messaging.NoSuchMethod(name)
            return getattr(manager, name)(ctxt, **kwargs)
        return route


class _SharedServer(rpc_server.Server):
    def __init__(self, transport, target, dispatcher, hosts):
        super().__init__(transport, target, dispatcher, 'threading')
        self._hosts = hosts

    def _create_listener(self):
        driver = self.transport._driver
        conn = driver._get_connection(driver_common.PURPOSE_LISTEN)
        listener = amqpdriver.RpcAMQPListener(driver, conn)
        exchange = driver._get_exchange(self._target)
        for host in self._hosts:
            conn.declare_topic_consumer(
                exchange_name=exchange,
                topic='%s.%s' % (self._target.topic, host),
                callback=_Marker(listener, host))
        LOG.info('Listening for %d hosts on topic %s over one connection',
                 len(self._hosts), self._target.topic)
        return driver_base.PollStyleListenerAdapter(listener, 1, None)


def get_server(transport, topic, managers, serializer):
    """One RPC server for every host in managers (host -> manager)."""
    version = next(iter(managers.values())).target.version
    target = messaging.Target(topic=topic, server='shared-%s' % topic)
    router = HostRouter(messaging.Target(version=version), managers)
    dispatcher = rpc_dispatcher.RPCDispatcher(
        [router], serializer, messaging.DefaultRPCAccessPolicy)
    return _SharedServer(transport, target, dispatcher, sorted(managers))
