"""Options of the HTTP servers the API services run."""

from oslo_config import cfg

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
               help='Number of processes nova-api serves the Compute API '
                    '(and the built-in image service) with. Above 1, '
                    'nova-api forks that many workers once it has loaded '
                    'its code, all listening on the same port (the kernel '
                    'spreads connections over them), each with its own '
                    'database and message bus connections and '
                    'api_worker_threads threads; it restarts a worker '
                    'that dies and stops them all on SIGTERM. Unset: 1 '
                    '(one process, threads only). Each worker adds its '
                    'own memory (30-35 MiB) and /metrics shows the '
                    'figures of the worker that answers. nova-all always '
                    'serves in one process. Related: api_worker_threads.'),
    cfg.IntOpt('api_worker_threads', default=16, min=1,
               help='Threads each process of an HTTP API answers requests '
                    'with: the Compute API and image service, the EC2 '
                    'API, the metadata service, and the built-in Neutron '
                    'and Block Storage APIs. Related: '
                    'osapi_compute_workers, ec2_workers, metadata_workers, '
                    '[network_api] api_workers, [volume_api] api_workers.'),
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

# oslo.middleware's max_request_body_size (default 114688 bytes, 112 KiB)
# is registered with its other options (nova.conf.middleware):
# nova.api.body_limit applies it to every API; image uploads have their
# own cap ([glance] image_size_cap).


def register_opts(conf):
    conf.register_opts(wsgi_opts)


def list_opts():
    return {'DEFAULT': wsgi_opts}
