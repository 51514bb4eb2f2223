"""Where the project keeps its state on disk."""

import os

from oslo_config import cfg

path_opts = [
    cfg.StrOpt('state_path',
               default=os.path.join(os.path.expanduser('~'), '.nova'),
               help='Top-level directory for the state of this cloud: the '
                    'embedded SQLite database, the built-in image store and '
                    'instance files live below it. Other options refer to '
                    'it as $state_path.'),
]


def state_path_def(*parts):
    """Return a default that expands to a path below $state_path."""
    return os.path.join('$state_path', *parts)


def register_opts(conf):
    # Also a command-line option: `nova-all --state_path DIR` is the
    # quickest way to keep two clouds apart.
    conf.register_cli_opts(path_opts)


def list_opts():
    return {'DEFAULT': path_opts}
