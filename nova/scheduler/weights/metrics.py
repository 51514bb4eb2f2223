"""MetricsWeigher: sum of the host's metrics times their ratios from
[metrics] weight_setting."""

from oslo_log import log as logging

from nova.conf import CONF
from nova.scheduler.filters import metrics_filter
from nova.scheduler import weights

LOG = logging.getLogger(__name__)


class MetricsWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.metrics.weight_multiplier

    def raw_weight(self, host_state, spec):
        total = 0.0
        for name, ratio in metrics_filter.weight_setting():
            if name not in host_state.metrics:
                if CONF.metrics.required:
                    LOG.warning('Host %s does not report metric %s; enable '
                                'MetricsFilter to skip such hosts',
                                host_state.host, name)
                return CONF.metrics.weight_of_unavailable
            total += host_state.metrics[name] * ratio
        return total
