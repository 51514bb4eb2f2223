"""The operators' layers around every API (Compute, EC2, metadata, image,
network), outermost first:

  /healthcheck   oslo.middleware's health app: 200, or 503 while the
                 disable file exists; needs no token
  /metrics       Prometheus text for [metrics] allowed_source_ranges;
                 times every other request (nova/metrics.py)
  CORS           [cors] allowed_origin lets browsers call the API
  proxy headers  with [oslo_middleware] enable_proxy_headers_parsing,
                 X-Forwarded-Proto/-Host (or Forwarded) become the
                 request's scheme and host, so links point at the proxy
"""

from oslo_middleware import cors
from oslo_middleware import healthcheck
from oslo_middleware import http_proxy_to_wsgi

from nova.conf import middleware as middleware_opts
from nova import metrics

HEALTH_PATH = '/healthcheck'


class _HealthAt:
    """Answers HEALTH_PATH with the health app, the rest with app."""

    def __init__(self, app, health):
        self.app = app
        self.health = health

    def __call__(self, environ, start_response):
        if (environ.get('PATH_INFO', '').rstrip('/') == HEALTH_PATH and
                environ['REQUEST_METHOD'] in ('GET', 'HEAD')):
            return self.health(environ, start_response)
        return self.app(environ, start_response)


def wrap(app, conf, api):
    """app (the API named api) inside the operators' layers; keeps app's
    body-limit mark."""
    middleware_opts.register_api_opts(conf)
    limits_body = getattr(app, 'limits_body', False)
    app = http_proxy_to_wsgi.HTTPProxyToWSGI(app, conf)
    app = cors.CORS(app, conf)
    app = metrics.Served(app, conf, api)
    app = _HealthAt(app, healthcheck.Healthcheck(None, conf))
    if limits_body:
        app.limits_body = True
    return app
