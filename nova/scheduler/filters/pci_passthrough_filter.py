"""PciPassthroughFilter: flavor 'pci_passthrough:alias' requests
('alias:count[,alias:count]') need that many devices in the host's pools."""

from nova.scheduler import filters


def requested_devices(spec):
    """{alias: count} asked by the flavor; a count defaults to 1."""
    wanted = {}
    text = spec.extra_specs.get('pci_passthrough:alias', '')
    for item in text.split(','):
        alias, _sep, count = item.strip().partition(':')
        if alias:
            try:
                wanted[alias] = wanted.get(alias, 0) + int(count or 1)
            except ValueError:
                wanted[alias] = wanted.get(alias, 0) + 1
    return wanted


class PciPassthroughFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        wanted = requested_devices(spec)
        if not wanted:
            return True
        free = {}
        for pool in host_state.pci_pools:
            name = pool.get('name')
            free[name] = free.get(name, 0) + int(pool.get('count', 0))
        return all(free.get(alias, 0) >= count
                   for alias, count in wanted.items())
