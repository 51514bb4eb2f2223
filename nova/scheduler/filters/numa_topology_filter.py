"""NUMATopologyFilter: a flavor asking hw:numa_nodes=N needs a host with
at least N cells, each holding its share of the flavor's vCPUs and RAM."""

from nova.scheduler import filters


def requested_cells(spec):
    try:
        return max(0, int(spec.extra_specs.get('hw:numa_nodes', 0)))
    except ValueError:
        return 0


class NUMATopologyFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        wanted = requested_cells(spec)
        if not wanted:
            return True
        cells = host_state.numa_cells
        if wanted > len(cells):
            return False
        flavor = spec.flavor
        vcpus = -(-flavor.vcpus // wanted)
        memory_mb = -(-flavor.memory_mb // wanted)
        fitting = [c for c in cells
                   if c['vcpus'] >= vcpus and c['memory_mb'] >= memory_mb]
        return len(fitting) >= wanted
