"""AggregateRamFilter, AggregateCoreFilter, AggregateDiskFilter.

Like RamFilter, CoreFilter and DiskFilter, but an aggregate's metadata
ram_allocation_ratio, cpu_allocation_ratio or disk_allocation_ratio
overrides the node's ratio (the smallest wins when several aggregates
set it). The database claim still checks the node's own ratio, so a ratio
above it cannot add room; lower ones reserve room per aggregate.
"""

from nova.scheduler import aggregates
from nova.scheduler import filters


def _free(host_state, key, capacity, node_ratio, used):
    ratio = aggregates.min_float(host_state, key, node_ratio)
    return capacity * ratio - used


class AggregateRamFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        node = host_state.node
        return _free(host_state, 'ram_allocation_ratio', node.memory_mb,
                     node.ram_allocation_ratio,
                     host_state.ram_used_mb) >= spec.flavor.memory_mb


class AggregateCoreFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        node = host_state.node
        if node.vcpus and spec.flavor.vcpus > node.vcpus:
            return False  # more vCPUs than the host has threads
        return _free(host_state, 'cpu_allocation_ratio', node.vcpus,
                     node.cpu_allocation_ratio,
                     host_state.vcpus_used) >= spec.flavor.vcpus


class AggregateDiskFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        node = host_state.node
        needed = spec.flavor.root_gb + spec.flavor.ephemeral_gb
        return _free(host_state, 'disk_allocation_ratio', node.local_gb,
                     node.disk_allocation_ratio,
                     host_state.disk_used_gb) >= needed
