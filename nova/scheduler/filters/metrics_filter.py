"""MetricsFilter: hosts reporting every metric the metrics weigher uses."""

from nova.conf import CONF
from nova.scheduler import filters


def weight_setting():
    """[(metric name, ratio)] parsed from [metrics] weight_setting."""
    settings = []
    for item in CONF.metrics.weight_setting:
        name, sep, ratio = item.partition('=')
        try:
            settings.append((name.strip(), float(ratio)))
        except ValueError:
            continue  # a malformed pair weighs nothing
    return settings


class MetricsFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        return all(name in host_state.metrics
                   for name, _ratio in weight_setting())
