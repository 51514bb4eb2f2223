"""AvailabilityZoneFilter: only hosts in the zone the request names."""

from nova.scheduler import aggregates  # noqa: F401 (loads host zones)
from nova.scheduler import filters


class AvailabilityZoneFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        zone = spec.availability_zone
        return not zone or zone == host_state.availability_zone
