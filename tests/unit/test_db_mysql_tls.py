"""nova.db.mysql_tls: PyMySQL connections that ask for no TLS share one
context (built once, not per connection), those whose URL asks for TLS
keep their own, and the connections work as before on MariaDB."""

import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import mysql_tls
from tests.functional import cloud


def _engine(url, **kwargs):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, **kwargs)
    mysql_tls.install(engine)
    return engine


def _driver_connection(engine):
    with engine.connect() as conn:
        assert conn.execute(sa.text('SELECT 1')).scalar() == 1
        return conn.connection.dbapi_connection


def test_connections_asking_for_no_tls_share_one_context(tmp_path):
    database = cloud.Database('mysql', str(tmp_path))
    database.create()
    engine = _engine(database.url)
    try:
        first = _driver_connection(engine)
        second = _driver_connection(engine)
    finally:
        engine.dispose()
        database.drop()
    assert first is not second  # NullPool: two connections opened
    assert isinstance(first, mysql_tls._Connection)
    assert first.ctx is second.ctx


def test_a_connection_asking_for_tls_gets_its_own_context():
    # Only the context is built (no server needed): with the options a
    # URL's ssl_* query gives, PyMySQL's own context, not the shared one.
    conn = mysql_tls._Connection(defer_connect=True, host='127.0.0.1',
                                 ssl={'check_hostname': False,
                                      'verify_mode': False})
    shared = mysql_tls._Connection(defer_connect=True, host='127.0.0.1')
    assert conn.ctx is not shared.ctx
    assert shared.ctx is mysql_tls._Connection(
        defer_connect=True, host='127.0.0.1').ctx


def test_other_engines_are_left_alone(tmp_path):
    engine = _engine('sqlite:///%s' % (tmp_path / 'db.sqlite'))
    assert not engine.dialect.dispatch.do_connect
    with engine.connect() as conn:
        assert conn.execute(sa.text('SELECT 1')).scalar() == 1


def test_the_engine_facade_installs_it():
    hooks = db_api.context_manager._factory._facade_cfg['on_engine_create']
    assert mysql_tls.install in hooks
