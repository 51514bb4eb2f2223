"""Locks by name, held until the caller's write transaction ends.

For taking turns where no row is sure to exist to lock (a project's first
servers): PostgreSQL's advisory transaction locks; on MariaDB/MySQL
GET_LOCK, a lock of the connection's session, released when the
connection goes back to the pool, after its transaction ended; SQLite
writers take turns already (BEGIN IMMEDIATE, see nova.db.api). Galera
refuses GET_LOCK: there available() is False and callers keep a way
that needs no named lock.
"""

import hashlib
import weakref

from oslo_db import exception as db_exc
import sqlalchemy as sa

# Seconds a MariaDB/MySQL session waits for a lock: InnoDB's default wait
# for a row lock. PostgreSQL waits as long as for a row (lock_timeout).
WAIT_SECONDS = 50

# Names this connection holds (its pool record's info), to release.
_HELD = 'nova_named_locks'

# Engine -> whether it can lock by name (asked once per engine).
_available = weakref.WeakKeyDictionary()


def available(engine):
    """Whether lock() works on engine's database (not on Galera)."""
    known = _available.get(engine)
    if known is None:
        known = _available[engine] = _can_lock(engine)
    return known


def _can_lock(engine):
    if engine.dialect.name != 'mysql':
        return True
    with engine.connect() as connection:
        try:
            wsrep = connection.exec_driver_sql(
                'SELECT @@GLOBAL.wsrep_on').scalar()
        except sa.exc.DBAPIError:
            return True  # MySQL: no Galera variables
    return not wsrep


def lock(session, name):
    """Wait for name's lock and hold it until session's transaction ends
    (commit or rollback); a wait longer than WAIT_SECONDS raises
    DBDeadlock."""
    bind = session.get_bind()
    dialect = bind.dialect.name
    digest = _digest(bind.engine, name)
    if dialect == 'postgresql':
        session.execute(sa.text('SELECT pg_advisory_xact_lock(:key)'),
                        {'key': int.from_bytes(digest[:8], 'big',
                                               signed=True)})
    elif dialect == 'mysql':
        key = mysql_name(bind.engine, name)
        # Noted before asking: a wait cut short may still have taken it.
        session.connection().connection.info.setdefault(
            _HELD, set()).add(key)
        got = session.execute(sa.text('SELECT GET_LOCK(:key, :wait)'),
                              {'key': key, 'wait': WAIT_SECONDS}).scalar()
        if got != 1:
            raise db_exc.DBDeadlock('lock %s not granted' % name)


def _digest(engine, name):
    # MariaDB's lock names are the server's, not the database's: two
    # clouds (or test databases) on one server must not wait for each
    # other.
    return hashlib.sha1(('%s/%s' % (engine.url.database, name)).encode(
        'utf-8')).digest()


def mysql_name(engine, name):
    """The GET_LOCK name of name's lock (MySQL allows 64 characters)."""
    return 'nova-' + _digest(engine, name).hex()


def _release(dbapi_connection, connection_record):
    held = connection_record.info.pop(_HELD, None)
    if not held or dbapi_connection is None:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute('DO ' + ', '.join(
                ['RELEASE_LOCK(%s)'] * len(held)), sorted(held))
        finally:
            cursor.close()
    except Exception:
        # A session that cannot release them ends: that frees them.
        connection_record.invalidate()


# Every pool's connections give their locks back on checkin. Listened for
# on the Pool class once, at import: adding a listener to an engine while
# its connections are being checked in broke a checkin ("deque mutated
# during iteration", seen under load). _release costs a dict lookup for a
# connection that holds none.
sa.event.listen(sa.pool.Pool, 'checkin', _release)
