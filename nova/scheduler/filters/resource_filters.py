"""RamFilter, CoreFilter, DiskFilter: enough room under allocation ratios."""

from nova.scheduler import filters


class RamFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        return host_state.free_ram_mb >= spec.flavor.memory_mb


class CoreFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        return host_state.free_vcpus >= spec.flavor.vcpus


class DiskFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        needed = spec.flavor.root_gb + spec.flavor.ephemeral_gb
        return host_state.free_disk_gb >= needed
