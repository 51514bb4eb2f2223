"""Options every service shares: its host name, heartbeat and messaging."""

import socket

from oslo_config import cfg
from oslo_messaging import opts as messaging_opts

service_opts = [
    cfg.StrOpt('host',
               default=socket.gethostname(),
               sample_default='<current_hostname>',
               help='Name of this node. Compute messages are sent to the '
                    'topic compute.<host>, so it must be unique among the '
                    'compute services sharing one message bus.'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between two heartbeats a service writes to its '
                    'service record. Related: service_down_time.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='Seconds without a heartbeat after which a service is '
                    'shown as down and the scheduler stops using it. Must '
                    'be larger than report_interval.'),
]


def register_opts(conf):
    conf.register_opts(service_opts)
    # oslo.messaging owns transport_url; the embedded default is the
    # in-process transport of nova-all. Separate daemons set a broker URL
    # such as rabbit://guest:guest@127.0.0.1:5672/.
    for group, opts in messaging_opts.list_opts():
        if group is None:
            conf.register_opts(opts)
    conf.set_default('transport_url', 'inproc://')
    conf.set_default('control_exchange', 'nova')


def list_opts():
    return {'DEFAULT': service_opts}
