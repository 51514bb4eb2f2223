"""The conductor's database pool keeps its concurrent connections (up to
db_pool.CAP), unless the operator set [database] max_pool_size."""

from nova.conductor import db_pool


def test_pool_sized_for_the_rpc_threads(conf):
    db_pool.size_for_rpc_threads()
    assert conf.database.max_pool_size == min(db_pool.executor_threads(),
                                              db_pool.CAP)
    assert conf.database.max_pool_size > 5  # oslo.db's default


def test_the_operators_size_wins(conf):
    conf.set_override('max_pool_size', 3, group='database')
    db_pool.size_for_rpc_threads()
    assert conf.database.max_pool_size == 3
