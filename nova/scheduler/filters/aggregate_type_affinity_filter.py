"""AggregateTypeAffinityFilter: hosts of aggregates with metadata
instance_type (flavor names, comma-separated) take only those flavors."""

from nova.scheduler import aggregates
from nova.scheduler import filters

KEY = 'instance_type'


class AggregateTypeAffinityFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        names = aggregates.metadata_by_key(host_state).get(KEY)
        return not names or spec.flavor.name in names
