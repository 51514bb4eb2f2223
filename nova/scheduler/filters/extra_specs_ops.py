"""Matching a host value against an extra spec requirement.

A requirement is a plain value (string equality) or starts with an
operator, as in upstream flavors:

  '= 4'          numeric, host value >= 4 (capacity-like)
  '== 4' '!= 4' '>= 4' '<= 4'   numeric comparisons
  's== a' 's!= a' 's< a' 's<= a' 's> a' 's>= a'   string comparisons
  '<in> sse'     the host value contains the substring
  '<all-in> a b' the host value (a list) contains every word
  '<or> a <or> b'  the host value equals one of the alternatives
"""

import operator


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _numeric(compare):
    def match(host_value, wanted):
        host, want = _float(host_value), _float(wanted)
        return host is not None and want is not None and compare(host, want)
    return match


def _string(compare):
    return lambda host_value, wanted: compare(str(host_value), wanted)


def _contains(host_value, wanted):
    return wanted in str(host_value)


def _all_in(host_value, wanted):
    if isinstance(host_value, str):
        host_value = host_value.split()
    words = wanted.split()
    return bool(words) and all(w in host_value for w in words)


_OPERATORS = {
    '=': _numeric(operator.ge),
    '==': _numeric(operator.eq),
    '!=': _numeric(operator.ne),
    '>=': _numeric(operator.ge),
    '<=': _numeric(operator.le),
    's==': _string(operator.eq),
    's!=': _string(operator.ne),
    's<': _string(operator.lt),
    's<=': _string(operator.le),
    's>': _string(operator.gt),
    's>=': _string(operator.ge),
    '<in>': _contains,
    '<all-in>': _all_in,
}


def match(host_value, requirement):
    """Whether host_value satisfies the extra spec requirement."""
    requirement = str(requirement).strip()
    words = requirement.split(None, 1)
    if not words:
        return str(host_value) == requirement
    if words[0] == '<or>' or ' <or> ' in requirement:
        choices = [c.strip() for c in requirement.split('<or>')]
        return str(host_value) in [c for c in choices if c]
    op = _OPERATORS.get(words[0])
    if op is None:
        return str(host_value) == requirement
    wanted = words[1].strip() if len(words) > 1 else ''
    return op(host_value, wanted)
