"""Alembic environment: runs migrations on the connection nova hands in."""

from alembic import context

from nova.db import archive
from nova.db import models

target_metadata = models.Base.metadata


def run_migrations_online():
    connectable = context.config.attributes.get('connection')
    if connectable is None:
        from sqlalchemy import create_engine
        connectable = create_engine(
            context.config.get_main_option('sqlalchemy.url'))
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection):
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
        # Shadow tables follow the live ones (nova/db/archive.py), so no
        # migration has to repeat its changes for them.
        archive.sync_shadow_tables(connection)


run_migrations_online()
