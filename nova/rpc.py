"""The message bus: transport, serializers, RPC clients and servers."""

import threading

import oslo_messaging as messaging

import nova.conf
from nova import context as nova_context
from nova import exception
from nova.messaging import rpc_server
from nova import metrics
from nova.objects import base as objects_base
from nova import upgrade_levels

CONF = nova.conf.CONF

# Exceptions that may cross RPC as themselves rather than RemoteError.
ALLOWED_EXMODS = ['nova.exception']

TRANSPORT = None
# The notification bus ([oslo_messaging_notifications] transport_url, else
# the RPC one) and its two notifiers, made on first use by get_notifiers.
NOTIFICATION_TRANSPORT = None
NOTIFIERS = None
_NOTIFIER_LOCK = threading.Lock()
# How often a client of this process tries again to reach the bus before
# sending fails (None: until it works). The API processes bound it.
SEND_RETRIES = None


class RequestContextSerializer(messaging.Serializer):
    """Carries the caller's RequestContext and versioned objects on RPC."""

    def __init__(self, base):
        self._base = base

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        # The host a shared server's consumer marked the message for
        # (nova.messaging.host_router) rides along, not in the context.
        host = context.pop('nova_rpc_host', None)
        ctxt = nova_context.RequestContext.from_dict(context)
        if host is not None:
            ctxt.rpc_host = host
        return ctxt


def init(conf=CONF, send_retries=None):
    global TRANSPORT, SEND_RETRIES
    SEND_RETRIES = send_retries
    if TRANSPORT is None:
        TRANSPORT = messaging.get_rpc_transport(
            conf, allowed_remote_exmods=ALLOWED_EXMODS)
    return TRANSPORT


def cleanup():
    global TRANSPORT
    if TRANSPORT is not None:
        TRANSPORT.cleanup()
        TRANSPORT = None
    cleanup_notifications()


def cleanup_notifications():
    """Close the notification bus; the next notification opens it anew."""
    global NOTIFICATION_TRANSPORT, NOTIFIERS
    with _NOTIFIER_LOCK:
        if NOTIFICATION_TRANSPORT is not None:
            NOTIFICATION_TRANSPORT.cleanup()
        NOTIFICATION_TRANSPORT = NOTIFIERS = None


def get_notifiers(conf=CONF):
    """(legacy, versioned) notifiers; one of them is a no-op unless
    [notifications] notification_format is 'both'."""
    global NOTIFICATION_TRANSPORT, NOTIFIERS
    with _NOTIFIER_LOCK:
        if NOTIFIERS is None:
            NOTIFICATION_TRANSPORT = messaging.get_notification_transport(
                conf, allowed_remote_exmods=ALLOWED_EXMODS)
            serializer = RequestContextSerializer(
                messaging.JsonPayloadSerializer())
            fmt = conf.notifications.notification_format
            if not conf.oslo_messaging_notifications.driver:
                # No driver sends nowhere: skip building payloads too.
                fmt = 'none'
            noop = dict(driver='noop')
            legacy = messaging.Notifier(
                NOTIFICATION_TRANSPORT, serializer=serializer,
                **(noop if fmt in ('versioned', 'none') else {}))
            versioned = messaging.Notifier(
                NOTIFICATION_TRANSPORT, serializer=serializer,
                topics=conf.notifications.versioned_notifications_topics,
                **(noop if fmt in ('unversioned', 'none') else {}))
            NOTIFIERS = (legacy, versioned)
        return NOTIFIERS


def is_in_process(conf=CONF):
    return conf.transport_url.startswith('inproc:')


def _serializer():
    return RequestContextSerializer(objects_base.NovaObjectSerializer())


def get_client(target, version_cap=None, pin=None):
    """An RPC client of target. pin: the [upgrade_levels] option that caps
    it (its topic), resolved when the client first sends, as an "auto"
    pin reads the services table (through the conductor where there is no
    database)."""
    if TRANSPORT is None:
        raise exception.ConfigError(reason='RPC is not initialized')
    if pin is not None:
        return PinnedClient(target, pin)
    return _client(target, version_cap)


def _client(target, version_cap):
    return metrics.TimedClient(
        messaging.get_rpc_client(TRANSPORT, target, version_cap=version_cap,
                                 serializer=_serializer(),
                                 retry=SEND_RETRIES),
        target.topic)


def require(client, topic, version, method):
    """ServiceTooOld unless client's cap lets version through: for an
    action to check before it changes any state."""
    if not client.can_send_version(version):
        raise exception.ServiceTooOld(topic=topic, method=method,
                                      version=version,
                                      cap=client.version_cap)


class PinnedClient:
    """A client capped by [upgrade_levels] <pin>, made on first use."""

    def __init__(self, target, pin):
        self._target = target
        self._pin = pin
        self._client = None
        self._lock = threading.Lock()

    def _get(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    cap = upgrade_levels.version_cap(self._pin)
                    client = _client(self._target, cap)
                    if cap is None and getattr(
                            CONF.upgrade_levels, self._pin) == \
                            upgrade_levels.AUTO:
                        # "auto" with no service registered yet: this
                        # send goes uncapped, the next one asks again.
                        return client
                    self._client = client
        return self._client

    @property
    def version_cap(self):
        return self._get().version_cap

    def prepare(self, *args, **kwargs):
        return self._get().prepare(*args, **kwargs)

    def can_send_version(self, version):
        return self._get().can_send_version(version)


def get_server(target, endpoints):
    if TRANSPORT is None:
        raise exception.ConfigError(reason='RPC is not initialized')
    return messaging.get_rpc_server(
        TRANSPORT, target, endpoints, executor='threading',
        serializer=_serializer(),
        access_policy=messaging.DefaultRPCAccessPolicy,
        server_cls=rpc_server.Server)


def get_shared_server(topic, managers):
    """One RPC server for the many simulated hosts of this process
    (host -> manager), None where the transport cannot share one (see
    nova.messaging.host_router)."""
    from nova.messaging import host_router
    if TRANSPORT is None:
        raise exception.ConfigError(reason='RPC is not initialized')
    if not host_router.supported(TRANSPORT):
        return None
    return host_router.get_server(TRANSPORT, topic, managers, _serializer())
