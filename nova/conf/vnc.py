"""Options of VNC remote consoles."""

from oslo_config import cfg

vnc_group = cfg.OptGroup('vnc', title='VNC console options')

vnc_opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Whether guests offer VNC consoles. When false, asking '
                     'for a novnc or xvpvnc console answers 400 '
                     '"Unavailable console type".'),
    cfg.URIOpt('novncproxy_base_url',
               default='http://127.0.0.1:6080/vnc_lite.html',
               help='Public URL of the noVNC page that users open in a '
                    'browser: vnc_lite.html connects at once (noVNC 1.x; '
                    'upstream\'s default vnc_auto.html is the full vnc.html '
                    'there, which waits for a click); novnc console URLs are '
                    'this plus "?path=%3Ftoken%3D<console token>", which '
                    'the page turns into its websocket\'s path.'),
    cfg.StrOpt('novncproxy_host', default='0.0.0.0',
               help='Address nova-novncproxy listens on.'),
    cfg.PortOpt('novncproxy_port', default=6080,
                help='Port nova-novncproxy listens on.'),
    cfg.StrOpt('server_listen', default='127.0.0.1',
               deprecated_opts=[cfg.DeprecatedOpt('vnc_listen',
                                                  group='libvirt')],
               help='Address the guests\' VNC servers listen on (their '
                    'port is chosen by libvirt). Related: '
                    'server_proxyclient_address.'),
    cfg.StrOpt('server_proxyclient_address', default='127.0.0.1',
               help='Address of this compute host that nova-novncproxy '
                    'connects to for its guests\' VNC servers (one of '
                    'those server_listen covers).'),
    cfg.URIOpt('xvpvncproxy_base_url',
               default='http://127.0.0.1:6081/console',
               help='Public URL of the XVP VNC proxy; xvpvnc console URLs '
                    'are this plus "?token=<console token>".'),
]


def register_opts(conf):
    conf.register_group(vnc_group)
    conf.register_opts(vnc_opts, group=vnc_group)


def list_opts():
    return {vnc_group: vnc_opts}
