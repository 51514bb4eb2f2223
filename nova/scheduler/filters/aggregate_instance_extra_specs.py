"""AggregateInstanceExtraSpecsFilter: flavor extra specs against the
metadata of the host's aggregates.

Keys scoped 'aggregate_instance_extra_specs:' and unscoped keys must be
matched (extra_specs_ops syntax) by a value some aggregate of the host
gives the key; keys of other scopes (hw:, quota:...) are not for us.
"""

from nova.scheduler import aggregates
from nova.scheduler import filters
from nova.scheduler.filters import extra_specs_ops

SCOPE = 'aggregate_instance_extra_specs'


def requirements(extra_specs):
    """(metadata key, requirement) pairs this filter checks."""
    for key, wanted in extra_specs.items():
        scope, sep, name = key.partition(':')
        if not sep:
            yield key, wanted
        elif scope == SCOPE:
            yield name, wanted


class AggregateInstanceExtraSpecsFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        extra_specs = spec.flavor.extra_specs or {}
        if not extra_specs:
            return True
        metadata = aggregates.metadata_by_key(host_state)
        return all(
            any(extra_specs_ops.match(value, wanted)
                for value in metadata.get(key, ()))
            for key, wanted in requirements(extra_specs))
