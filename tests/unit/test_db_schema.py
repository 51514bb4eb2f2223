"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from nova.db import api as db_api
from nova.db import models


def test_migrations_match_models(any_db):
    with db_api.get_engine().connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection), models.Base.metadata)
    assert differences == []
