"""Rows read as one JSON array each, built by the database.

The driver decodes a value per column of each row (PyMySQL in Python: a
page of 1,000 servers is 26,000 of them); json.loads reads a row in C.
On MariaDB the whole page comes as one value too (the rows' arrays
joined by GROUP_CONCAT, in the query's order): PyMySQL then reads one
row, not 1,000 packets, and json.loads parses the page in one call.
"""

import collections
import datetime
import functools
import json

import sqlalchemy as sa
from sqlalchemy.sql import operators

# The JSON array function of each dialect.
_JSON_ARRAY = {'mysql': sa.func.json_array,
               'postgresql': sa.func.json_build_array,
               'sqlite': sa.func.json_array}
# GROUP_CONCAT cuts its value at group_concat_max_len (1 MB by
# default; a page of 1,000 servers is more): the pages' connections
# raise it once (a page too long for max_allowed_packet comes as NULL,
# and is read row by row).
_GROUP_CONCAT_MAX = 'SET SESSION group_concat_max_len = 1073741824'
_RAISED = 'nova.group_concat_max_len'


def read(context, query, selected):
    """query's rows of the columns selected (query selects them), read
    as one JSON array per row: rows as the plain query gives them (named
    tuples of the same values, by the columns' names; times naive
    datetimes, flags booleans)."""
    session = context.session
    dialect = session.get_bind().dialect
    packer = _JSON_ARRAY.get(dialect.name)
    if packer is None:
        return session.execute(query).all()
    packed = None
    if getattr(dialect, 'is_mariadb', False):
        packed = _read_joined(session, query, packer(*selected))
    if packed is None:
        loads = json.loads
        # psycopg decodes json itself.
        packed = [values if isinstance(values, list) else loads(values)
                  for (values,) in session.execute(
                      query.with_only_columns(packer(*selected)))]
    row_type = _row_type(tuple(c.name for c in selected))
    times = [i for i, c in enumerate(selected)
             if isinstance(c.type, sa.DateTime)]
    flags = [i for i, c in enumerate(selected)
             if isinstance(c.type, sa.Boolean)]
    from_text = datetime.datetime.fromisoformat
    make = row_type._make
    rows = []
    for values in packed:
        for i in times:
            if values[i] is not None:
                values[i] = from_text(values[i])
        for i in flags:
            if values[i] is not None:
                values[i] = bool(values[i])
        rows.append(make(values))
    return rows


def _read_joined(session, query, packed):
    """The rows' arrays of query in one value (MariaDB), as a list; None
    when the query's order is not plain columns or the value did not
    hold every row."""
    order = []
    for clause in query._order_by_clauses:
        descending = getattr(clause, 'modifier', None) is operators.desc_op
        column = clause.element if descending or getattr(
            clause, 'modifier', None) is operators.asc_op else clause
        if not isinstance(column, sa.Column):
            return None
        order.append((column, descending))
    # The derived table keeps the page (its LIMIT) but not its order:
    # GROUP_CONCAT sorts the page's rows again by the same keys.
    inner = query.with_only_columns(
        packed.label('j'), *[column.label('k%d' % i)
                             for i, (column, _d) in enumerate(order)]
    ).subquery('page')
    ordered = ', '.join('page.k%d%s' % (i, ' DESC' if descending else '')
                        for i, (_c, descending) in enumerate(order))
    joined = sa.select(sa.func.count(), sa.literal_column(
        "CONCAT('[', GROUP_CONCAT(page.j%s SEPARATOR ','), ']')" % (
            ' ORDER BY ' + ordered if ordered else ''))).select_from(inner)
    connection = session.connection()
    if not connection.info.get(_RAISED):
        connection.exec_driver_sql(_GROUP_CONCAT_MAX)
        connection.info[_RAISED] = True
    count, text = session.execute(joined).one()
    if not count:
        return []
    if text is None:
        return None
    try:
        rows = json.loads(text)
    except ValueError:
        return None
    return rows if len(rows) == count else None


@functools.lru_cache(maxsize=64)
def _row_type(names):
    return collections.namedtuple('Columns', names, rename=True)
