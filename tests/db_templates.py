"""Test databases at the newest schema without running every migration.

Migrating an empty database takes seconds on MariaDB and PostgreSQL, and
a second or more on SQLite on a loaded machine, while hundreds of tests
and test clouds each want a fresh database at head. So each test process
migrates one template per kind, once, and every new database starts as a
copy of it:

- SQLite: a copy of the template's file;
- PostgreSQL: CREATE DATABASE ... TEMPLATE;
- MariaDB (it has no templates): the template's own CREATE TABLE
  statements (SHOW CREATE TABLE) and rows, replayed.

The template is made by the migrations themselves, so a copy holds
exactly what they make. Tests of the migrations start from empty
databases and do not come here.
"""

import atexit
import os
import shutil
import tempfile
import threading
import uuid

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import migration

_lock = threading.Lock()
_templates = {}  # kind -> _SQLite, _PostgreSQL or _MariaDB


def create_at_head(database, reuse=False):
    """Create database (a tests.functional.cloud.Database) at head.

    With reuse, a MariaDB database given back by an earlier test of this
    process may serve again, its rows reset to the template's (about 90
    CREATE TABLEs cost seconds there; DELETEs of near-empty tables do
    not). Only for tests whose connections are all closed when they give
    the database back: a test cloud's killed daemons may still hold locks.
    """
    with _lock:
        template = _templates.get(database.kind)
        if template is None:
            template = _TEMPLATES[database.kind](database)
            _templates[database.kind] = template
    if reuse and isinstance(template, _MariaDB):
        template.lend(database)
    else:
        template.copy_to(database)


def give_back(database):
    """database, lent by create_at_head(reuse=True), may serve again."""
    _templates[database.kind].free.append(database.name)


def _migrate(url):
    """Run every migration on url, with nova's own engine setup."""
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=url)
    restore = db_api.context_manager.patch_factory(factory)
    try:
        migration.db_sync()
    finally:
        restore()
        factory.dispose_pool()


def _admin_engine(database):
    return sa.create_engine(database.admin_url(),
                            isolation_level='AUTOCOMMIT')


class _SQLite:
    def __init__(self, database):
        self.directory = tempfile.mkdtemp(prefix='nova-db-template-')
        atexit.register(shutil.rmtree, self.directory, True)
        self.path = os.path.join(self.directory, 'nova.sqlite')
        _migrate('sqlite:///%s' % self.path)

    def copy_to(self, database):
        shutil.copyfile(self.path, database.url[len('sqlite:///'):])


class _PostgreSQL:
    def __init__(self, database):
        self.name = 'nova_template_%s' % uuid.uuid4().hex[:12]
        self._admin(database, 'CREATE DATABASE %s' % self.name)
        atexit.register(self._admin, database,
                        'DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.name)
        _migrate(database.url.rsplit('/', 1)[0] + '/' + self.name)

    @staticmethod
    def _admin(database, statement):
        engine = _admin_engine(database)
        try:
            with engine.connect() as conn:
                conn.execute(sa.text(statement))
        finally:
            engine.dispose()

    def copy_to(self, database):
        self._admin(database, 'CREATE DATABASE %s TEMPLATE %s' % (
            database.name, self.name))


class _MariaDB:
    def __init__(self, database):
        self.free = []  # lent databases given back
        self.stale = []  # lent ones that could not be reset
        atexit.register(self._drop_free, database)
        name = 'nova_template_%s' % uuid.uuid4().hex[:12]
        admin = _admin_engine(database)
        url = database.url.replace(database.name, name)
        try:
            with admin.connect() as conn:
                conn.execute(sa.text('CREATE DATABASE %s' % name))
            try:
                _migrate(url)
                self.tables, self.rows, self.counters = self._read(url)
            finally:
                with admin.connect() as conn:
                    conn.execute(sa.text('DROP DATABASE %s' % name))
        finally:
            admin.dispose()

    @staticmethod
    def _read(url):
        engine = sa.create_engine(url)
        try:
            with engine.connect() as conn:
                names = [row[0] for row in conn.execute(sa.text(
                    "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'"))]
                tables = [conn.execute(sa.text(
                    'SHOW CREATE TABLE `%s`' % name)).one()[1]
                    for name in names]
                rows = {}
                for name in names:
                    found = [dict(row._mapping) for row in conn.execute(
                        sa.text('SELECT * FROM `%s`' % name))]
                    if found:
                        rows[name] = found
                counters = _counters(conn)
        finally:
            engine.dispose()
        return tables, rows, counters

    def lend(self, database):
        with _lock:
            name = self.free.pop() if self.free else None
        if name is None:
            self.copy_to(database)
            return
        database.name = name
        database.url = database.url.rsplit('/', 1)[0] + '/%s?%s' % (
            name, database.url.rsplit('?', 1)[1])
        try:
            self._reset(database.url)
        except sa.exc.DBAPIError:
            # Still locked by a session a test left open: a new copy, and
            # this one dropped at exit with the others.
            self.stale.append(name)
            database.name = 'nova_test_%s' % uuid.uuid4().hex[:12]
            database.url = database.url.replace(name, database.name)
            self.copy_to(database)

    def _reset(self, url):
        engine = sa.create_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text('SET SESSION innodb_lock_wait_timeout '
                                     '= 5'))
                conn.execute(sa.text('SET FOREIGN_KEY_CHECKS = 0'))
                for table, counter in _counters(conn).items():
                    conn.execute(sa.text('DELETE FROM `%s`' % table))
                    if counter != self.counters[table]:
                        # Ids start where a new copy's would.
                        conn.execute(sa.text(
                            'ALTER TABLE `%s` AUTO_INCREMENT = %d' % (
                                table, self.counters[table] or 1)))
                self._insert_rows(conn)
                conn.execute(sa.text('SET FOREIGN_KEY_CHECKS = 1'))
        finally:
            engine.dispose()

    def _drop_free(self, database):
        admin = _admin_engine(database)
        try:
            with admin.connect() as conn:
                for name in self.free + self.stale:
                    conn.execute(sa.text('DROP DATABASE IF EXISTS %s' % name))
        finally:
            admin.dispose()

    def _insert_rows(self, conn):
        for name, rows in self.rows.items():
            columns = list(rows[0])
            insert = 'INSERT INTO `%s` (%s) VALUES (%s)' % (
                name, ', '.join('`%s`' % c for c in columns),
                ', '.join(':%s' % c for c in columns))
            conn.execute(sa.text(insert), rows)

    def copy_to(self, database):
        admin = _admin_engine(database)
        try:
            with admin.connect() as conn:
                conn.execute(sa.text('CREATE DATABASE %s' % database.name))
        finally:
            admin.dispose()
        engine = sa.create_engine(database.url)
        try:
            with engine.begin() as conn:
                # Tables in any order: their foreign keys name each other.
                conn.execute(sa.text('SET FOREIGN_KEY_CHECKS = 0'))
                for statement in self.tables:
                    conn.exec_driver_sql(statement)
                self._insert_rows(conn)
                conn.execute(sa.text('SET FOREIGN_KEY_CHECKS = 1'))
        finally:
            engine.dispose()


def _counters(conn):
    """Each base table's next AUTO_INCREMENT value (None without one)."""
    return {row[0]: row[1] for row in conn.execute(sa.text(
        "SELECT table_name, auto_increment FROM information_schema.tables "
        "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"))}


_TEMPLATES = {'sqlite': _SQLite, 'postgresql': _PostgreSQL,
              'mysql': _MariaDB}
