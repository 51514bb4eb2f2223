"""Schema migrations: `nova-manage db sync` and `db version` run these."""

import os

from nova.db import api as db_api

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), 'migrations')

# alembic is imported where it is used: it costs about half a second, and
# most nova-manage commands (and every service past its start) never
# touch the schema.


def _alembic_config(connection):
    from alembic import config as alembic_config
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', MIGRATIONS_DIR)
    cfg.attributes['connection'] = connection
    return cfg


def db_sync(version=None):
    """Upgrade the database schema to version (default: the newest)."""
    from alembic import command as alembic_command
    engine = db_api.get_engine()
    with engine.begin() as connection:
        alembic_command.upgrade(_alembic_config(connection), version or 'head')


def db_version():
    """The schema revision the database is at, or None when empty."""
    from alembic import migration as alembic_migration
    engine = db_api.get_engine()
    with engine.connect() as connection:
        return alembic_migration.MigrationContext.configure(
            connection).get_current_revision()
