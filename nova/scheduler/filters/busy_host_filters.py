"""Filters on how busy a host is: NumInstancesFilter, IoOpsFilter."""

from nova.conf import CONF
from nova.scheduler import filters


class NumInstancesFilter(filters.BaseHostFilter):
    """Hosts with fewer than max_instances_per_host instances."""

    def host_passes(self, host_state, spec):
        return (host_state.num_instances <
                CONF.filter_scheduler.max_instances_per_host)


class IoOpsFilter(filters.BaseHostFilter):
    """Hosts with fewer than max_io_ops_per_host busy instances."""

    def host_passes(self, host_state, spec):
        limit = CONF.filter_scheduler.max_io_ops_per_host
        return host_state.num_io_ops < limit
