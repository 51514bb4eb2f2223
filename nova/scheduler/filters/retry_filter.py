"""RetryFilter: skip hosts this request already failed on."""

from nova.scheduler import filters


class RetryFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        return host_state.host not in spec.ignore_hosts
