"""Options of the HTTP servers the API services run."""

from oslo_config import cfg
from oslo_middleware import sizelimit

wsgi_opts = [
    cfg.HostAddressOpt('osapi_compute_listen', default=None,
                       help='Address the Compute API server listens on. '
                            'Unset: 127.0.0.1 with [api] auth_strategy = '
                            'noauth2, all addresses (0.0.0.0) with '
                            'keystone. See [api] '
                            'allow_unauthenticated_remote_access.'),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help='Port the Compute API server listens on.'),
    cfg.IntOpt('osapi_compute_workers', default=None, min=1,
               help='Number of threads serving Compute API requests. '
                    'Defaults to 16.'),
    cfg.HostAddressOpt('image_api_listen', default=None,
                       help='Address the built-in image service (Glance v2 '
                            'API subset) listens on in nova-all and '
                            'nova-api. Unset: 127.0.0.1 with noauth2, all '
                            'addresses with keystone.'),
    cfg.PortOpt('image_api_listen_port', default=9292,
                help='Port the built-in image service listens on. Set '
                     '[glance] api_servers to use a real Glance instead.'),
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               help='File name of the paste deploy configuration of the '
                    'API; found next to the config files or in etc/nova.'),
]


# oslo.middleware's max_request_body_size (default 114688 bytes, 112 KiB):
# nova.api.body_limit applies it to every API; image uploads have their
# own cap ([glance] image_size_cap).
middleware_opts = sizelimit.OPTS


def register_opts(conf):
    conf.register_opts(wsgi_opts)
    conf.register_opts(middleware_opts, group='oslo_middleware')


def list_opts():
    return {'DEFAULT': wsgi_opts, 'oslo_middleware': middleware_opts}
