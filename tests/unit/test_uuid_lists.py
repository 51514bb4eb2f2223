"""A page's uuids written into a statement: the same rows as bound ones,
anything that would need escaping bound, and no statement cached."""

import sqlalchemy as sa

from nova.db import uuid_lists


def test_written_lists_match_and_are_not_cached():
    engine = sa.create_engine('sqlite://')
    table = sa.table('t', sa.column('u'))
    with engine.connect() as conn:
        conn.exec_driver_sql('CREATE TABLE t (u VARCHAR(36))')
        conn.exec_driver_sql(
            "INSERT INTO t VALUES ('a-1'), ('b-2'), ('c''3 OR 1=1')")

        def among(values):
            return sorted(conn.execute(sa.select(table.c.u).where(
                uuid_lists.among(table.c.u, values))).scalars())

        assert among(['a-1']) == ['a-1']
        assert among(['b-2', 'a-1', 'none']) == ['a-1', 'b-2']
        # Each page's text is new: none kept in the compiled cache.
        assert len(engine._compiled_cache) == 0
        # A quote is bound, never written.
        assert among(["c'3 OR 1=1", 'a-1']) == ['a-1', "c'3 OR 1=1"]
        assert among(["x' OR '1'='1"]) == []
        assert among([]) == []


def test_plain_uuids_are_written():
    clause = uuid_lists.among(sa.column('u'), ['a-1', 'B2'])
    assert str(clause.compile()) == "u IN ('a-1','B2')"
    bound = uuid_lists.among(sa.column('u'), ["a'1"])
    assert "a'1" not in str(bound.compile())
