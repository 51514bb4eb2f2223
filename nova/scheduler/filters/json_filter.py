"""JsonFilter: hosts matching the JSON query of the 'query' hint, e.g.
["and", [">=", "$free_ram_mb", 1024], ["==", "$hypervisor_type", "fake"]].
"""

import json

from nova.scheduler import filters


def _less(args):
    return all(a < b for a, b in zip(args, args[1:]))


def _greater(args):
    return all(a > b for a, b in zip(args, args[1:]))


def _equal(args):
    return all(a == b for a, b in zip(args, args[1:]))


_COMMANDS = {
    '=': _equal,
    '==': _equal,
    '<': _less,
    '>': _greater,
    '<=': lambda args: not _greater(args),
    '>=': lambda args: not _less(args),
    'in': lambda args: args[0] in args[1:],
    'not': lambda args: not args[0] if args else True,
    'or': any,
    'and': all,
}


def _variable(host_state, name):
    """'$free_ram_mb' or '$stats.key': a host state attribute."""
    value = host_state
    for part in name[1:].split('.'):
        if isinstance(value, dict):
            value = value.get(part)
        else:
            value = getattr(value, part, None)
        if value is None:
            return None
    return value


def evaluate(query, host_state):
    """The query's value on host_state; None for an unknown term."""
    if not isinstance(query, list) or not query:
        return query
    command = _COMMANDS.get(query[0])
    if command is None:
        return None
    args = []
    for arg in query[1:]:
        if isinstance(arg, list):
            arg = evaluate(arg, host_state)
        elif isinstance(arg, str) and arg.startswith('$'):
            arg = _variable(host_state, arg)
        if arg is None and query[0] not in ('and', 'or', 'not'):
            return False  # unknown variables never match
        args.append(arg)
    try:
        return command(args)
    except TypeError:
        return False  # comparing a number to a string


class JsonFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        hint = spec.get_hint('query')
        if not hint:
            return True
        try:
            query = json.loads(hint[0])
        except ValueError:
            return False
        return bool(evaluate(query, host_state))
