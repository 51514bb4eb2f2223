"""The migrations build exactly the schema the models describe (the
shadow tables of nova/db/archive.py are not models: test_db_archive
checks them)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from nova.db import api as db_api
from nova.db import models


def _not_shadow(obj, name, type_, reflected, compare_to):
    return not (type_ == 'table' and name.startswith('shadow_'))


def test_migrations_match_models(any_db):
    with db_api.get_engine().connect() as connection:
        context = MigrationContext.configure(
            connection, opts={'include_object': _not_shadow})
        differences = compare_metadata(context, models.Base.metadata)
    assert differences == []
