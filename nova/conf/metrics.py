"""Options of the Prometheus metrics every service keeps."""

from oslo_config import cfg

metrics_group = cfg.OptGroup('metrics', title='Prometheus metrics')

metrics_opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Serve GET /metrics (Prometheus text format) on every '
                     'API listener of this process, without a token.'),
    cfg.ListOpt('allowed_source_ranges',
                default=['127.0.0.0/8', '::1/128'],
                help='Networks that may read /metrics on the API listeners; '
                     'others get 404. The metrics name routes, hosts and '
                     'failure reasons: open them only to the monitoring '
                     'network.'),
    cfg.HostAddressOpt('listen', default='127.0.0.1',
                       help='Address of the metrics listener of daemons '
                            'without an API (see listen_port).'),
    cfg.PortOpt('listen_port', default=0,
                help='Port of a metrics-only listener in nova-conductor, '
                     'nova-scheduler, nova-compute and nova-volume (0: '
                     'none). Each daemon on a host needs its own port, so '
                     'set it in a config file of that daemon only.'),
]


def register_opts(conf):
    conf.register_group(metrics_group)
    conf.register_opts(metrics_opts, group=metrics_group)


def list_opts():
    return {metrics_group: metrics_opts}
