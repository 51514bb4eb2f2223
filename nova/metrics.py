"""Prometheus metrics of this process (prometheus-client), one registry
per process: nova-all shows every service's, a split daemon its own.

Label values are bounded sets (route templates, RPC method names, filter
names, host names), never ids from requests, so series stay few."""

import contextlib
import ipaddress
import time

import oslo_messaging as messaging
from prometheus_client import core
from prometheus_client import exposition

from nova import exception

REGISTRY = core.CollectorRegistry()

# Seconds: API calls take milliseconds, builds seconds to minutes.
_FAST = (.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30)
_SLOW = (.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)

API_REQUESTS = core.Histogram(
    'nova_api_request_duration_seconds',
    'Time to answer an API request, by API, route template, method and '
    'status.', ['api', 'route', 'method', 'status'], buckets=_FAST,
    registry=REGISTRY)
RPC_CALLS = core.Histogram(
    'nova_rpc_call_duration_seconds',
    'Time of a blocking RPC call until its answer, by topic and method.',
    ['topic', 'method'], buckets=_FAST, registry=REGISTRY)
RPC_CASTS = core.Counter(
    'nova_rpc_casts', 'RPC casts sent, by topic and method.',
    ['topic', 'method'], registry=REGISTRY)
BUILD_PHASES = core.Histogram(
    'nova_build_phase_duration_seconds',
    'Time of each phase of a server build: scheduling (conductor), '
    'block_devices, network and spawn (compute), and create_to_active '
    '(from the API request to ACTIVE).', ['phase'], buckets=_SLOW,
    registry=REGISTRY)
SCHEDULER_DECISIONS = core.Counter(
    'nova_scheduler_decisions',
    'select_destinations outcomes: placed or no_valid_host.', ['result'],
    registry=REGISTRY)
NO_VALID_HOST = core.Counter(
    'nova_scheduler_no_valid_host',
    'Requests that found no host, by the filter that removed the last '
    'hosts (no_hosts: none to consider; lost_claims: all taken by '
    'concurrent requests).', ['reason'], registry=REGISTRY)
HOST_RESOURCES = core.Gauge(
    'nova_compute_node_resource',
    'Resources of each compute node as its tracker last saw them.',
    ['host', 'node', 'resource'], registry=REGISTRY)

_NODE_FIELDS = ('vcpus', 'vcpus_used', 'memory_mb', 'memory_mb_used',
                'local_gb', 'local_gb_used', 'running_vms')


def observe_node(node):
    for field in _NODE_FIELDS:
        HOST_RESOURCES.labels(node.host, node.hypervisor_hostname,
                              field).set(getattr(node, field) or 0)


def observe_build(instance):
    """create_to_active of an instance that just became ACTIVE."""
    created = instance.obj_attr_is_set('created_at') and instance.created_at
    if created and instance.launched_at:
        BUILD_PHASES.labels('create_to_active').observe(
            max(0.0, (instance.launched_at - created).total_seconds()))


def no_valid_host(report):
    """Count a NoValidHost by its reason (see scheduler/reasons.py)."""
    SCHEDULER_DECISIONS.labels('no_valid_host').inc()
    failed = report.passes[-1] if report.passes else None
    if failed is not None and failed.removed:
        reason = failed.removed[-1][0]
    elif failed is not None and failed.lost_claims:
        reason = 'lost_claims'
    else:
        reason = 'no_hosts'
    NO_VALID_HOST.labels(reason).inc()


def text():
    """The registry in Prometheus' text format."""
    return exposition.generate_latest(REGISTRY)


@contextlib.contextmanager
def _capped(client, topic, method):
    """A send above the [upgrade_levels] cap fails as ServiceTooOld (409)
    rather than an internal error."""
    try:
        yield
    except messaging.RPCVersionCapError:
        raise exception.ServiceTooOld(
            topic=topic, method=method,
            version=getattr(getattr(client, 'target', None), 'version',
                            None) or '?',
            cap=getattr(client, 'version_cap', None) or '?')


class TimedClient:
    """An oslo.messaging RPC client that times its calls, counts casts."""

    def __init__(self, client, topic):
        self._client = client
        self._topic = topic

    def prepare(self, *args, **kwargs):
        return TimedClient(self._client.prepare(*args, **kwargs),
                           self._topic)

    def call(self, ctxt, method, **kwargs):
        with RPC_CALLS.labels(self._topic, method).time(), \
                _capped(self._client, self._topic, method):
            return self._client.call(ctxt, method, **kwargs)

    def cast(self, ctxt, method, **kwargs):
        RPC_CASTS.labels(self._topic, method).inc()
        with _capped(self._client, self._topic, method):
            return self._client.cast(ctxt, method, **kwargs)

    def __getattr__(self, name):
        return getattr(self._client, name)


class Served:
    """GET /metrics on an API listener, for the allowed networks only;
    times every other request under the API's name."""

    PATH = '/metrics'

    def __init__(self, app, conf, api):
        self.app = app
        self.api = api
        self.enabled = conf.metrics.enabled
        self.allowed = [ipaddress.ip_network(net) for net in
                        conf.metrics.allowed_source_ranges]

    def _may_read(self, environ):
        try:
            address = ipaddress.ip_address(environ.get('REMOTE_ADDR', ''))
        except ValueError:
            return False
        return any(address in net for net in self.allowed
                   if net.version == address.version)

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if (self.enabled and path.rstrip('/') == self.PATH and
                environ['REQUEST_METHOD'] in ('GET', 'HEAD') and
                self._may_read(environ)):
            body = text()
            start_response('200 OK', [
                ('Content-Type', exposition.CONTENT_TYPE_LATEST),
                ('Content-Length', str(len(body)))])
            return [body]
        timer = API_REQUESTS
        holder = {}

        def start(status, headers, exc_info=None):
            holder['status'] = status.split(' ', 1)[0]
            return start_response(status, headers, exc_info)
        started = time.monotonic()
        try:
            return self.app(environ, start)
        finally:
            timer.labels(self.api, environ.get('nova.route', 'other'),
                         environ.get('REQUEST_METHOD', ''),
                         holder.get('status', '500')).observe(
                             time.monotonic() - started)


def serve_alone(conf):
    """The metrics-only listener of a daemon without an API."""
    if conf.metrics.enabled and conf.metrics.listen_port:
        exposition.start_http_server(conf.metrics.listen_port,
                                     addr=conf.metrics.listen,
                                     registry=REGISTRY)
