"""nova.db.api.read_committed_on_mysql: a writer transaction that asks for
READ COMMITTED before its first statement (one SET TRANSACTION on
MariaDB) sees what other transactions commit while it runs, on MariaDB and
PostgreSQL."""

import concurrent.futures

from oslo_utils import uuidutils
import pytest

from nova import context as nova_context
from nova.db import api as db_api
from nova.db import instances as instances_db


def _add_instance():
    # Another thread: a transaction of its own, committed at once.
    instances_db.instance_create(nova_context.get_admin_context(), {
        'uuid': uuidutils.generate_uuid(), 'project_id': 'p',
        'user_id': 'u', 'memory_mb': 1, 'vcpus': 1, 'vm_state': 'building'})


def _count(context):
    return instances_db.instance_usage_by_project(context, 'p')['instances']


def test_later_commits_are_seen(any_admin_context, any_db):
    if any_db == 'sqlite':
        pytest.skip('SQLite serializes writers: no other commit meanwhile')
    seen = []

    @db_api.writer
    def read_twice(context):
        db_api.read_committed_on_mysql(context)
        seen.append(_count(context))
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(_add_instance).result()
        seen.append(_count(context))

    read_twice(any_admin_context)
    assert seen == [0, 1]
