"""nova.db.checkouts: a pooled connection used moments ago is not pinged,
one whose transaction ended is not rolled back again on return, and
neither saving loses a rollback that is needed or a broken connection
for longer than one statement; on SQLite, MariaDB and PostgreSQL."""

import pytest
import sqlalchemy as sa

from nova.db import checkouts
from tests.functional import cloud


class _Counted:
    """Counts what the driver is asked to do beneath the dialect."""

    def __init__(self, dialect):
        self.calls = []
        for name in ('do_ping', 'do_commit', 'do_rollback'):
            setattr(dialect, name, self._counting(name,
                                                  getattr(dialect, name)))

    def _counting(self, name, real):
        def call(connection):
            self.calls.append(name)
            return real(connection)
        return call

    def count(self, name):
        return self.calls.count(name)


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def engine(request, tmp_path):
    database = cloud.Database(request.param, str(tmp_path))
    database.create()
    engine = sa.create_engine(database.url, pool_pre_ping=True,
                              poolclass=sa.pool.QueuePool, pool_size=1)
    engine.counted = _Counted(engine.dialect)
    checkouts.install(engine)
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE TABLE t (n INTEGER)'))
    engine.kind = request.param
    yield engine
    engine.dispose()
    database.drop()


def _rows(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text('SELECT COUNT(*) FROM t')).scalar()


def test_a_connection_used_moments_ago_is_not_pinged(engine):
    _rows(engine)
    before = engine.counted.count('do_ping')
    _rows(engine)
    assert engine.counted.count('do_ping') == before


def test_an_idle_connection_is_pinged(engine, monkeypatch):
    _rows(engine)
    monkeypatch.setattr(checkouts, 'TRUSTED_SECONDS', 0)
    before = engine.counted.count('do_ping')
    _rows(engine)
    assert engine.counted.count('do_ping') == before + 1


def test_no_second_rollback_after_a_commit(engine):
    with engine.connect() as conn:
        conn.execute(sa.text('INSERT INTO t VALUES (1)'))
        conn.commit()
        rollbacks = engine.counted.count('do_rollback')
    # Returned to the pool with nothing open: no rollback reached the
    # driver.
    assert engine.counted.count('do_rollback') == rollbacks
    assert _rows(engine) == 1


def test_what_ran_after_a_commit_is_still_rolled_back(engine):
    with engine.connect() as conn:
        conn.execute(sa.text('INSERT INTO t VALUES (1)'))
        conn.commit()
        conn.execute(sa.text('INSERT INTO t VALUES (2)'))
    assert _rows(engine) == 1
    # The driver was asked to roll back, and the next transaction still
    # commits normally.
    assert engine.counted.count('do_rollback') >= 1
    with engine.begin() as conn:
        conn.execute(sa.text('INSERT INTO t VALUES (3)'))
    assert _rows(engine) == 2


def _kill_pooled_connection(engine):
    with engine.connect() as conn:
        if engine.kind == 'mysql':
            own = conn.execute(sa.text('SELECT CONNECTION_ID()')).scalar()
            statement = 'KILL %d' % own
        else:
            own = conn.execute(sa.text('SELECT pg_backend_pid()')).scalar()
            statement = 'SELECT pg_terminate_backend(%d)' % own
    killer = sa.create_engine(engine.url, poolclass=sa.pool.NullPool)
    with killer.connect() as conn:
        conn.execute(sa.text(statement))
        conn.commit()
    killer.dispose()


def test_a_connection_broken_moments_ago_fails_one_statement(engine):
    if engine.kind == 'sqlite':
        pytest.skip('no server to lose the connection')
    _kill_pooled_connection(engine)
    with pytest.raises(sa.exc.DBAPIError) as raised:
        _rows(engine)
    assert raised.value.connection_invalidated
    # The pool dropped it: the next checkout connects anew.
    assert _rows(engine) == 0


def test_an_idle_broken_connection_is_replaced_unseen(engine, monkeypatch):
    if engine.kind == 'sqlite':
        pytest.skip('no server to lose the connection')
    _kill_pooled_connection(engine)
    monkeypatch.setattr(checkouts, 'TRUSTED_SECONDS', 0)
    assert _rows(engine) == 0
