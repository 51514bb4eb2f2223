"""AggregateMultiTenancyIsolation: hosts of aggregates with metadata
filter_tenant_id (or filter_tenant_id<suffix>, comma-separated values)
take only servers of those projects; other hosts take anyone's."""

from nova.scheduler import aggregates
from nova.scheduler import filters

KEY = 'filter_tenant_id'


class AggregateMultiTenancyIsolation(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        allowed = set()
        for key, values in aggregates.metadata_by_key(host_state).items():
            if key.startswith(KEY):
                allowed.update(values)
        return not allowed or spec.project_id in allowed
