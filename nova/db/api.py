"""The database engine and the helpers every query module shares."""

import contextlib
import functools
import os
import sqlite3
import traceback

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from nova import context as nova_context
from nova.db import checkouts
from nova.db import mysql_tls
from nova import exception

LOG = logging.getLogger(__name__)


# The request context carries its transaction (context.session ...);
# given here, not where the context is defined, so the daemons without a
# database (nova-compute) do not load SQLAlchemy (nova.cmd.no_database).
enginefacade.transaction_context_provider(nova_context.RequestContext)

context_manager = enginefacade.transaction_context()
reader = context_manager.reader
writer = context_manager.writer
context_manager.append_on_engine_create(checkouts.install)
context_manager.append_on_engine_create(mysql_tls.install)
# oslo.db sleeps on every connection's return so eventlet's green threads
# get a turn; with native threads that sleep only gives the CPU away
# (about 1 ms each under load, eight times per server create).
context_manager.configure(thread_checkin=False)


def in_transaction(context):
    """Whether the caller runs inside a transaction of its own context
    (a writer or reader block further up this thread)."""
    try:
        return context.transaction_ctx is not None
    except db_exc.NoEngineContextEstablished:
        return False


def retried(**options):
    """oslo.db's wrap_db_retry (deadlocks, plus options) for a function
    that may also run inside a caller's transaction. There it runs once: a
    deadlock has rolled back the caller's whole transaction on the server,
    and running the inner part again would commit it without the rest;
    the caller's own retry (outermost) runs the whole again."""
    options = dict({'max_retries': 5, 'retry_on_deadlock': True}, **options)

    def decorate(function):
        with_retries = oslo_db_api.wrap_db_retry(**options)(function)

        @functools.wraps(function)
        def call(context, *args, **kwargs):
            if in_transaction(context):
                return function(context, *args, **kwargs)
            return with_retries(context, *args, **kwargs)
        return call
    return decorate


retry_on_deadlock = retried()


@sa.event.listens_for(sa.engine.Engine, 'connect')
def _sqlite_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets readers run while one thread writes; the busy timeout makes
    # concurrent writers queue instead of failing.
    cursor.execute('PRAGMA journal_mode=WAL')
    # In WAL mode NORMAL stays consistent after a crash and skips an fsync
    # per commit; a power cut may lose the last few transactions.
    cursor.execute('PRAGMA synchronous=NORMAL')
    cursor.execute('PRAGMA busy_timeout=30000')
    cursor.execute('PRAGMA foreign_keys=ON')
    cursor.close()


@sa.event.listens_for(sa.engine.Engine, 'begin')
def _sqlite_begin(conn):
    # A deferred transaction that reads and then writes fails at once with
    # "database is locked" when another thread wrote meanwhile; taking the
    # write lock up front makes writers wait their turn (busy_timeout).
    # Readers use a read-only connection (see sqlite_reader_url) and keep
    # oslo.db's plain BEGIN, so they never wait for writers.
    if (conn.dialect.name == 'sqlite' and 'in_transaction' not in conn.info
            and conn.engine.url.query.get('mode') != 'ro'):
        conn.exec_driver_sql('BEGIN IMMEDIATE')
        conn.info['in_transaction'] = True


def sqlite_reader_url(url):
    """A read-only URL of the same SQLite file, or None for other databases.

    Used as oslo.db's slave_connection so @reader transactions run on
    connections that cannot take the write lock.
    """
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != 'sqlite' or not parsed.database or \
            parsed.database == ':memory:':
        return None
    return 'sqlite:///file:%s?mode=ro&uri=true' % parsed.database


def configure(conf):
    """Point the engine facade at conf's database, readers apart on SQLite."""
    reader_url = sqlite_reader_url(conf.database.connection)
    if reader_url:
        context_manager.configure(slave_connection=reader_url,
                                  synchronous_reader=False)


def begun(context):
    """Whether the caller's transaction has run a statement already."""
    transaction = context.session.get_transaction()
    return transaction is not None and bool(
        getattr(transaction, '_connections', True))


def read_committed_on_mysql(context):
    """Run the caller's writer transaction READ COMMITTED on MariaDB/MySQL
    (PostgreSQL runs it already, SQLite serializes writers).

    As the transaction's first statement that is one SET TRANSACTION for
    this transaction alone; the connection's session level stays as it
    is, so nothing has to be reset when it goes back to the pool (setting
    and resetting the session level costs four round trips). Once the
    transaction has a connection, the session level is asked for as
    before (SQLAlchemy applies it only to a connection not yet begun).
    """
    session = context.session
    if session.get_bind().dialect.name != 'mysql':
        return
    transaction = session.get_transaction()
    if transaction is not None and not getattr(transaction, '_connections',
                                               True):
        session.execute(sa.text(
            'SET TRANSACTION ISOLATION LEVEL READ COMMITTED'))
        return
    if transaction is not None:
        return  # begun already: too late to change its level
    session.connection(execution_options={'isolation_level':
                                          'READ COMMITTED'})


def writers_take_turns():
    """Whether the database runs one write transaction at a time
    (SQLite: every writer takes the whole file's lock)."""
    return get_engine().dialect.name == 'sqlite'


def get_engine():
    return context_manager.writer.get_engine()


# Frames of these packages are the machinery, not the caller to blame.
_MACHINERY = tuple(os.path.dirname(m.__file__) + os.sep for m in (
    sa, enginefacade)) + (os.path.dirname(__file__) + os.sep,
                          contextlib.__file__)


def _caller():
    """file:line (function) of the innermost frame outside the DB layer."""
    for frame in reversed(traceback.extract_stack()):
        if not frame.filename.startswith(_MACHINERY):
            return '%s:%d (%s)' % (frame.filename, frame.lineno, frame.name)
    return 'unknown'


class _DisabledFactory(enginefacade._TransactionFactory):
    """An engine factory that refuses to start: every reader/writer
    transaction, engine or session request fails with DBNotAllowed."""

    def __init__(self, binary):
        super().__init__()
        self.binary = binary

    def _start(self, *args, **kwargs):
        caller = _caller()
        LOG.error('%s tried to use the database from %s',
                  self.binary, caller)
        raise exception.DBNotAllowed(binary=self.binary, caller=caller)


def disable(binary):
    """Make any database use in this process fail loudly.

    For daemons that reach the database only through the conductor
    (nova-compute). Returns a callable that enables it again (tests).
    """
    LOG.info('Database access disabled in %s', binary)
    return context_manager.patch_factory(_DisabledFactory(binary))


def soft_delete(session, row):
    """Mark a soft-deletable row deleted so its unique keys can be reused."""
    row.deleted = row.id
    row.deleted_at = timeutils.utcnow()
    session.flush()


def read_deleted_filter(context, model, query):
    """Apply the context's read_deleted mode ('no', 'yes', 'only')."""
    mode = getattr(context, 'read_deleted', 'no')
    if mode == 'no':
        return query.where(model.deleted == 0)
    if mode == 'only':
        return query.where(model.deleted != 0)
    return query


def paginate(query, model, sort_keys, sort_dirs, limit=None, marker=None,
             marker_not_found=None):
    """Sort a query and cut one page after marker (a row of model).

    The primary key is always the last sort key, so the order is total and a
    marker names one position.
    """
    sort_keys = list(sort_keys)
    sort_dirs = list(sort_dirs)
    if 'id' not in sort_keys:
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[0] if sort_dirs else 'desc')
    columns = []
    for key, direction in zip(sort_keys, sort_dirs):
        column = getattr(model, key)
        columns.append((key, column, direction))
        query = query.order_by(
            column.desc() if direction == 'desc' else column.asc())
    if marker is not None:
        # Rows strictly after the marker in the (lexicographic) sort order.
        alternatives = []
        for i, (key, column, direction) in enumerate(columns):
            value = getattr(marker, key)
            equal = [c == getattr(marker, k) if getattr(marker, k) is not None
                     else c.is_(None) for k, c, _ in columns[:i]]
            if value is None:
                # NULL sorts first ascending (SQLite, PostgreSQL desc) - keep
                # the comparison portable by treating NULL as smallest.
                after = column.is_not(None) if direction == 'asc' else None
            elif direction == 'asc':
                after = column > value
            else:
                after = sa.or_(column < value, column.is_(None))
            if after is not None:
                alternatives.append(sa.and_(*equal, after))
        query = query.where(sa.or_(*alternatives)) if alternatives else \
            query.where(sa.false())
    if limit is not None:
        query = query.limit(limit)
    return query


def not_found_unless(row, exc_class, **kwargs):
    if row is None:
        raise exc_class(**kwargs)
    return row
