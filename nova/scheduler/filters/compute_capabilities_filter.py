"""ComputeCapabilitiesFilter: flavor extra specs vs host capabilities.

Keys scoped 'capabilities:' (or unscoped) name a host state attribute,
descending into dicts with further ':' parts, e.g.
'capabilities:cpu_info:arch' or 'capabilities:hypervisor_type'; stats
reported by the node are looked up too. Values use extra_specs_ops.
"""

from nova.scheduler import filters
from nova.scheduler.filters import extra_specs_ops

_MISSING = object()


def _capability(host_state, path):
    value = getattr(host_state, path[0], _MISSING)
    if value is _MISSING:
        value = host_state.stats.get(path[0], _MISSING)
    for part in path[1:]:
        if not isinstance(value, dict):
            return _MISSING
        value = value.get(part, _MISSING)
    return value


class ComputeCapabilitiesFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        for key, requirement in spec.extra_specs.items():
            path = key.split(':')
            if len(path) > 1:
                if path[0] != 'capabilities':
                    continue  # another filter's scope
                path = path[1:]
            value = _capability(host_state, path)
            if value is _MISSING or value is None:
                return False
            if not extra_specs_ops.match(value, requirement):
                return False
        return True
