"""The metrics layer: who may read /metrics, what it times, and the
metrics-only listener of daemons without an API."""

import socket
import urllib.request

from oslo_config import cfg
from oslo_config import fixture as config_fixture
import pytest
import webob

import nova.conf
from nova import metrics


@pytest.fixture
def conf():
    fixture = config_fixture.Config(nova.conf.CONF)
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


def _app(environ, start_response):
    environ['nova.route'] = '/things/{id}'
    start_response('404 Not Found', [('Content-Type', 'text/plain')])
    return [b'nothing']


def _get(app, path, remote='127.0.0.1'):
    req = webob.Request.blank(path, remote_addr=remote)
    return req.get_response(app)


def test_metrics_for_allowed_networks_only(conf):
    app = metrics.Served(_app, cfg.CONF, 'test')
    assert _get(app, '/metrics').status_int == 200
    assert b'nova_api_request_duration_seconds' in _get(app, '/metrics').body
    # Elsewhere the path is the API's own (here a 404).
    assert _get(app, '/metrics', remote='10.1.2.3').body == b'nothing'
    conf.config(allowed_source_ranges=['10.0.0.0/8'], group='metrics')
    app = metrics.Served(_app, cfg.CONF, 'test')
    assert _get(app, '/metrics', remote='10.1.2.3').status_int == 200
    conf.config(enabled=False, group='metrics')
    app = metrics.Served(_app, cfg.CONF, 'test')
    assert _get(app, '/metrics').body == b'nothing'


def test_requests_are_timed_by_route_template(conf):
    app = metrics.Served(_app, cfg.CONF, 'unit')
    labels = ('unit', '/things/{id}', 'GET', '404')

    def count():
        return metrics.REGISTRY.get_sample_value(
            'nova_api_request_duration_seconds_count',
            dict(zip(('api', 'route', 'method', 'status'), labels))) or 0
    first = count()
    _get(app, '/things/1')
    _get(app, '/things/2')
    assert count() == first + 2


def test_daemons_without_an_api_serve_metrics_alone(conf):
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    conf.config(listen_port=port, group='metrics')
    metrics.SCHEDULER_DECISIONS.labels('placed').inc()
    metrics.serve_alone(cfg.CONF)
    with urllib.request.urlopen('http://127.0.0.1:%d/' % port,
                                timeout=10) as resp:
        text = resp.read().decode()
    assert 'nova_scheduler_decisions_total{result="placed"}' in text


def test_no_listener_by_default(conf, monkeypatch):
    started = []
    monkeypatch.setattr(metrics.exposition, 'start_http_server',
                        lambda *a, **k: started.append(a))
    metrics.serve_alone(cfg.CONF)
    assert started == []


def test_the_dashboard_reads_only_metrics_that_exist():
    import json
    import os
    import re
    path = os.path.join(os.path.dirname(__file__), '..', '..', 'doc',
                        'source', 'admin', 'dashboards', 'nova-grafana.json')
    with open(path) as f:
        dashboard = json.load(f)
    exprs = [target['expr'] for panel in dashboard['panels']
             for target in panel['targets']]
    used = {re.sub(r'_(bucket|count|sum|total)$', '', name)
            for expr in exprs for name in re.findall(r'nova_[a-z_]+', expr)}
    known = {family.name for family in metrics.REGISTRY.collect()}
    assert used and used <= known, used - known
