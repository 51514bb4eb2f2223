"""Options of the HTTP servers the API services run."""

from oslo_config import cfg

wsgi_opts = [
    cfg.HostAddressOpt('osapi_compute_listen', default='0.0.0.0',
                       help='Address the Compute API server listens on.'),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help='Port the Compute API server listens on.'),
    cfg.IntOpt('osapi_compute_workers', default=None, min=1,
               help='Number of threads serving Compute API requests. '
                    'Defaults to 16.'),
    cfg.HostAddressOpt('image_api_listen', default='0.0.0.0',
                       help='Address the built-in image service (Glance v2 '
                            'API subset) listens on in nova-all and '
                            'nova-api.'),
    cfg.PortOpt('image_api_listen_port', default=9292,
                help='Port the built-in image service listens on. Set '
                     '[glance] api_servers to use a real Glance instead.'),
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               help='File name of the paste deploy configuration of the '
                    'API; found next to the config files or in etc/nova.'),
]


def register_opts(conf):
    conf.register_opts(wsgi_opts)


def list_opts():
    return {'DEFAULT': wsgi_opts}
