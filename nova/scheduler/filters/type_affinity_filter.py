"""TypeAffinityFilter: a host runs servers of one flavor only."""

from nova.scheduler import filters


class TypeAffinityFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        flavor_id = spec.flavor.id
        return all(type_id == flavor_id
                   for type_id in host_state.instances.values())
