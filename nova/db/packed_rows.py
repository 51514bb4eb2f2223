"""Rows read as one JSON array each, built by the database.

The driver decodes a value per column of each row (PyMySQL in Python: a
page of 1,000 servers is 26,000 of them); json.loads reads a row in C.
"""

import collections
import datetime
import functools
import json

import sqlalchemy as sa

# The JSON array function of each dialect.
_JSON_ARRAY = {'mysql': sa.func.json_array,
               'postgresql': sa.func.json_build_array,
               'sqlite': sa.func.json_array}


def read(context, query, selected):
    """query's rows of the columns selected (query selects them), read
    as one JSON array per row: rows as the plain query gives them (named
    tuples of the same values, by the columns' names; times naive
    datetimes, flags booleans)."""
    dialect = context.session.get_bind().dialect.name
    packer = _JSON_ARRAY.get(dialect)
    if packer is None:
        return context.session.execute(query).all()
    row_type = _row_type(tuple(c.name for c in selected))
    times = [i for i, c in enumerate(selected)
             if isinstance(c.type, sa.DateTime)]
    flags = [i for i, c in enumerate(selected)
             if isinstance(c.type, sa.Boolean)]
    loads, from_text = json.loads, datetime.datetime.fromisoformat
    rows = []
    for (packed,) in context.session.execute(
            query.with_only_columns(packer(*selected))):
        # psycopg decodes json itself.
        values = packed if isinstance(packed, list) else loads(packed)
        for i in times:
            if values[i] is not None:
                values[i] = from_text(values[i])
        for i in flags:
            if values[i] is not None:
                values[i] = bool(values[i])
        rows.append(row_type._make(values))
    return rows


@functools.lru_cache(maxsize=64)
def _row_type(names):
    return collections.namedtuple('Columns', names, rename=True)
