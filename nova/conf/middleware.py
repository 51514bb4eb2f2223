"""Options of the operators' middlewares every API has: /healthcheck,
CORS and proxy headers (oslo.middleware's own options, with this
project's defaults)."""

import threading

from oslo_config import cfg

from nova.conf import paths

_lock = threading.Lock()
_groups = None


def groups():
    """{group: options}, oslo.middleware's with this project's defaults.

    Loaded on first use: oslo.middleware brings webob, paste and jinja2
    (~6 MiB), which only the processes serving an API need; they
    register these options when they build their middleware
    (register_opts), reading what the config files say then.
    """
    global _groups
    with _lock:
        if _groups is None:
            _groups = _load()
        return _groups


def _load():
    from oslo_middleware import cors
    from oslo_middleware.healthcheck import opts as healthcheck_opts
    from oslo_middleware import http_proxy_to_wsgi

    # Health answers 503 while this file exists, so a load balancer
    # drains the node before maintenance ("touch" it, then remove it).
    cfg.set_defaults(healthcheck_opts.HEALTHCHECK_OPTS,
                     backends=['disable_by_file'])
    cfg.set_defaults(healthcheck_opts.DISABLE_BY_FILE_OPTS,
                     disable_by_file_path=paths.state_path_def(
                         'healthcheck_disable'))

    # The headers a browser client (Horizon, a web console) sends and
    # reads.
    cors.set_defaults(
        allow_headers=['X-Auth-Token', 'X-Openstack-Request-Id',
                       'X-Identity-Status', 'X-Roles', 'X-Service-Catalog',
                       'X-User-Id', 'X-Tenant-Id', 'OpenStack-API-Version',
                       'X-OpenStack-Nova-API-Version'],
        expose_headers=['X-Auth-Token', 'X-Openstack-Request-Id',
                        'X-Subject-Token', 'X-Service-Token',
                        'OpenStack-API-Version',
                        'X-OpenStack-Nova-API-Version', 'Retry-After'],
        allow_methods=['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'])
    from oslo_middleware import sizelimit
    return {
        'healthcheck': (healthcheck_opts.HEALTHCHECK_OPTS +
                        healthcheck_opts.DISABLE_BY_FILE_OPTS),
        'cors': cors.CORS_OPTS,
        # http_proxy_to_wsgi's and sizelimit's options share the group.
        'oslo_middleware': http_proxy_to_wsgi.OPTS + sizelimit.OPTS,
    }


def register_opts(conf):
    """Nothing at nova.conf's import (see groups()); API builders call
    register_api_opts."""


def register_api_opts(conf):
    for group, opts in groups().items():
        conf.register_opts(opts, group=group)


def list_opts():
    return dict(groups())
