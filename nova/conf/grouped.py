"""Registers an area's options given as {OptGroup or 'DEFAULT': [opts]}."""

from oslo_config import cfg


def register(conf, opts_by_group):
    for group, opts in opts_by_group.items():
        if isinstance(group, cfg.OptGroup):
            conf.register_group(group)
        conf.register_opts(opts, group=None if group == 'DEFAULT' else group)
