"""Schema migrations: `nova-manage db sync` and `db version` run these."""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration

from nova.db import api as db_api

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), 'migrations')


def _alembic_config(connection):
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', MIGRATIONS_DIR)
    cfg.attributes['connection'] = connection
    return cfg


def db_sync(version=None):
    """Upgrade the database schema to version (default: the newest)."""
    engine = db_api.get_engine()
    with engine.begin() as connection:
        alembic_command.upgrade(_alembic_config(connection), version or 'head')


def db_version():
    """The schema revision the database is at, or None when empty."""
    engine = db_api.get_engine()
    with engine.connect() as connection:
        return alembic_migration.MigrationContext.configure(
            connection).get_current_revision()
