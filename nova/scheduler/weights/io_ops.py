"""IoOpsWeigher: by default prefer hosts with fewer busy instances."""

from nova.conf import CONF
from nova.scheduler import weights


class IoOpsWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.io_ops_weight_multiplier

    def raw_weight(self, host_state, spec):
        return host_state.num_io_ops
