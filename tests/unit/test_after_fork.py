"""nova.after_fork: a forked worker forgets its parent's connections."""

from nova import after_fork
from nova.db import api as db_api
from nova import rpc


def test_database_pool_replaced_and_usable(db):
    engine = db_api.get_engine()
    with engine.connect():
        pass
    parent_pool = engine.pool
    after_fork.reset()
    assert engine.pool is not parent_pool
    # The child opens its own connection on first use.
    with engine.connect() as conn:
        assert conn.exec_driver_sql('select 1').scalar() == 1


def test_notifiers_made_anew(monkeypatch):
    monkeypatch.setattr(rpc, 'NOTIFIERS', ('parent', 'parent'))
    monkeypatch.setattr(rpc, 'NOTIFICATION_TRANSPORT', object())
    after_fork.reset()
    assert rpc.NOTIFIERS is None
    assert rpc.NOTIFICATION_TRANSPORT is None
