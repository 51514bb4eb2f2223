"""Host filters: each removes the hosts that cannot take a request."""

import importlib


class BaseHostFilter:
    """Subclasses answer host_passes(host_state, spec) -> bool."""

    def host_passes(self, host_state, spec):
        raise NotImplementedError()

    @property
    def name(self):
        return type(self).__name__


_FILTER_MODULES = {
    'AvailabilityZoneFilter': 'availability_zone_filter',
    'ComputeFilter': 'compute_filter',
    'RamFilter': 'resource_filters',
    'CoreFilter': 'resource_filters',
    'DiskFilter': 'resource_filters',
    'AllHostsFilter': 'all_hosts_filter',
}


def load_filters(names):
    filters = []
    for name in names:
        module = _FILTER_MODULES.get(name)
        if module is None:
            raise ValueError('Unknown scheduler filter %s' % name)
        mod = importlib.import_module('nova.scheduler.filters.' + module)
        filters.append(getattr(mod, name)())
    return filters
