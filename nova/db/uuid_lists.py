"""A page's uuids in a query: written into its text, not bound one by one.

Each prefetch of a list (metadata, interfaces, groups, volumes, tags,
hints, faults) names the page's uuids, 1,000 of them. Bound, each is a
parameter SQLAlchemy builds, names and renders and PyMySQL escapes, in
Python: more than reading the rows cost. UUIDs made of letters, digits
and dashes only need no escaping, and are written into the statement;
a list with anything else is bound as usual.
"""

import re

import sqlalchemy as sa
from sqlalchemy.ext import compiler
from sqlalchemy.sql import expression

_PLAIN = re.compile(r'[0-9A-Za-z-]+\Z')


class _Written(expression.ColumnElement):
    """A parenthesised list of plain strings, as SQL text. Its text
    changes with every page: statements holding one are not cached."""

    inherit_cache = False
    type = sa.String()

    def __init__(self, values):
        self.text = "('%s')" % "','".join(values)


@compiler.compiles(_Written)
def _render(element, _compiler, **kw):
    return element.text


# The last few lists written, by their uuids: a page's prefetches name
# the same uuids five to eight times, checked and joined once.
_KEPT = {}
_KEEP = 4


def among(column, uuids):
    """column IN uuids."""
    uuids = tuple(uuids)
    written = _KEPT.get(uuids)
    if written is None:
        if not uuids or not all(map(_PLAIN.match, uuids)):
            return column.in_(uuids)
        if len(_KEPT) >= _KEEP:
            _KEPT.clear()
        written = _KEPT[uuids] = _Written(uuids)
    return column.op('IN')(written)
