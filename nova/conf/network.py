"""Options of the built-in networking (issue 6)."""

from oslo_config import cfg  # noqa: F401

OPTS = {}  # {OptGroup or 'DEFAULT': [opts]}


def register_opts(conf):
    for group, opts in OPTS.items():
        if isinstance(group, cfg.OptGroup):
            conf.register_group(group)
        conf.register_opts(opts, group=None if group == 'DEFAULT' else group)


def list_opts():
    return dict(OPTS)
