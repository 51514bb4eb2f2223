"""AggregateImagePropertiesIsolation: an image property that an aggregate
of the host also sets as metadata must have one of its values.

Only keys under [filter_scheduler]
aggregate_image_properties_isolation_namespace count when it is set.
"""

from nova.conf import CONF
from nova.scheduler import aggregates
from nova.scheduler import filters


class AggregateImagePropertiesIsolation(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        options = CONF.filter_scheduler
        namespace = options.aggregate_image_properties_isolation_namespace
        prefix = (namespace +
                  options.aggregate_image_properties_isolation_separator
                  if namespace else '')
        image_props = spec.image_properties
        for key, values in aggregates.metadata_by_key(host_state).items():
            if not key.startswith(prefix):
                continue
            prop = image_props.get(key)
            if prop and str(prop) not in values:
                return False
        return True
