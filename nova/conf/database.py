"""Database options: oslo.db's [database] group with our embedded default."""

from oslo_db import options as db_options

from nova.conf import paths

DEFAULT_CONNECTION = 'sqlite:///' + paths.state_path_def('nova.sqlite')


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)


def list_opts():
    return {'database': db_options.database_opts}
