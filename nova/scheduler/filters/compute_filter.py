"""ComputeFilter: only hosts whose compute service is enabled and up."""

from nova.scheduler import filters
from nova.scheduler import host_manager


class ComputeFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        return host_manager.service_is_usable(host_state.service)
