"""Options of remote console tokens."""

from oslo_config import cfg

consoleauth_group = cfg.OptGroup('consoleauth',
                                 title='Remote console token options')

consoleauth_opts = [
    cfg.IntOpt('token_ttl', default=600, min=0,
               help='Seconds a remote console token stays valid after the '
                    'console was opened. A console proxy (and GET '
                    '/os-console-auth-tokens/{token}) refuses it '
                    'afterwards.'),
]


def register_opts(conf):
    conf.register_group(consoleauth_group)
    conf.register_opts(consoleauth_opts, group=consoleauth_group)


def list_opts():
    return {consoleauth_group: consoleauth_opts}
