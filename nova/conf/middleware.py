"""Options of the operators' middlewares every API has: /healthcheck,
CORS and proxy headers (oslo.middleware's own options, with this
project's defaults)."""

from oslo_config import cfg
from oslo_middleware import cors
from oslo_middleware.healthcheck import opts as healthcheck_opts
from oslo_middleware import http_proxy_to_wsgi

from nova.conf import paths

# Health answers 503 while this file exists, so a load balancer drains the
# node before maintenance ("touch" it, then remove it).
cfg.set_defaults(healthcheck_opts.HEALTHCHECK_OPTS,
                 backends=['disable_by_file'])
cfg.set_defaults(healthcheck_opts.DISABLE_BY_FILE_OPTS,
                 disable_by_file_path=paths.state_path_def(
                     'healthcheck_disable'))

# The headers a browser client (Horizon, a web console) sends and reads.
cors.set_defaults(
    allow_headers=['X-Auth-Token', 'X-Openstack-Request-Id',
                   'X-Identity-Status', 'X-Roles', 'X-Service-Catalog',
                   'X-User-Id', 'X-Tenant-Id', 'OpenStack-API-Version',
                   'X-OpenStack-Nova-API-Version'],
    expose_headers=['X-Auth-Token', 'X-Openstack-Request-Id',
                    'X-Subject-Token', 'X-Service-Token',
                    'OpenStack-API-Version', 'X-OpenStack-Nova-API-Version',
                    'Retry-After'],
    allow_methods=['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'])

GROUPS = {
    'healthcheck': (healthcheck_opts.HEALTHCHECK_OPTS +
                    healthcheck_opts.DISABLE_BY_FILE_OPTS),
    'cors': cors.CORS_OPTS,
    'oslo_middleware': http_proxy_to_wsgi.OPTS,
}


def register_opts(conf):
    for group, opts in GROUPS.items():
        conf.register_opts(opts, group=group)


def list_opts():
    return dict(GROUPS)
