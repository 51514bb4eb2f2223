"""Options of serial consoles (guests' serial ports over TCP) and their
proxy."""

from oslo_config import cfg

serial_group = cfg.OptGroup('serial_console', title='Serial console options')

serial_opts = [
    cfg.BoolOpt('enabled', default=False,
                help='Give guests a serial port reachable over TCP and '
                     'offer "serial" remote consoles through '
                     'nova-serialproxy. When false, asking for one '
                     'answers 400 "Unavailable console type".'),
    cfg.StrOpt('port_range', default='10000:20000',
               regex=r'^\d+:\d+$',
               help='MIN:MAX, the TCP ports a compute host gives its '
                    'guests\' serial consoles.'),
    cfg.URIOpt('base_url', default='ws://127.0.0.1:6083/',
               help='Public URL of nova-serialproxy; serial console URLs '
                    'are this plus "?token=<console token>".'),
    cfg.StrOpt('proxyclient_address', default='127.0.0.1',
               help='Address of this compute host that nova-serialproxy '
                    'connects to; the guests\' serial ports listen on '
                    'it.'),
    cfg.StrOpt('serialproxy_host', default='0.0.0.0',
               help='Address nova-serialproxy listens on.'),
    cfg.PortOpt('serialproxy_port', default=6083,
                help='Port nova-serialproxy listens on.'),
]


def register_opts(conf):
    conf.register_group(serial_group)
    conf.register_opts(serial_opts, group=serial_group)


def list_opts():
    return {serial_group: serial_opts}
