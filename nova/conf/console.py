"""Options the console proxies share: who may open them, and TLS."""

from oslo_config import cfg

console_group = cfg.OptGroup('console', title='Console proxy options')

console_opts = [
    cfg.ListOpt('allowed_origins', default=[],
                deprecated_opts=[cfg.DeprecatedOpt(
                    'console_allowed_origins', group='DEFAULT')],
                help='Host names, besides the one the browser connected '
                     'to (its Host header), that a console websocket\'s '
                     'Origin header may name. A browser page served from '
                     'elsewhere (a dashboard on another host) needs its '
                     'host listed here; clients that send no Origin '
                     '(not browsers) are not checked.'),
    cfg.StrOpt('ssl_ciphers',
               help='OpenSSL cipher list the proxies accept over TLS '
                    '(Python\'s default when unset). Related: '
                    '[DEFAULT] cert, key, ssl_only.'),
    cfg.StrOpt('ssl_minimum_version', default='default',
               choices=[('default', 'Python\'s default'),
                        ('tlsv1_2', 'TLS 1.2 or later'),
                        ('tlsv1_3', 'TLS 1.3 only')],
               help='Oldest TLS version the proxies accept.'),
]

# The proxies' TLS and web client options, in [DEFAULT] as upstream.
proxy_opts = [
    cfg.BoolOpt('ssl_only', default=False,
                help='Refuse console connections that are not TLS. '
                     'Related: cert, key.'),
    cfg.StrOpt('cert', default='self.pem',
               help='PEM certificate (and key, unless key is set) the '
                    'console proxies present to TLS clients. Without the '
                    'file, the proxies speak plain HTTP only.'),
    cfg.StrOpt('key',
               help='PEM private key of cert, when not inside cert.'),
    cfg.StrOpt('web', default='/usr/share/novnc',
               help='Directory of the noVNC web client that '
                    'nova-novncproxy serves (vnc_lite.html, vnc.html); '
                    'Debian\'s novnc package installs it here.'),
]


def register_opts(conf):
    conf.register_group(console_group)
    conf.register_opts(console_opts, group=console_group)
    conf.register_opts(proxy_opts)


def list_opts():
    return {console_group: console_opts, 'DEFAULT': proxy_opts}
