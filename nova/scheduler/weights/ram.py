"""RAMWeigher: prefer hosts with more free RAM (spread), or less (stack)."""

from nova.conf import CONF
from nova.scheduler import weights


class RAMWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.ram_weight_multiplier

    def raw_weight(self, host_state, spec):
        return host_state.free_ram_mb

    def raw_weights(self, hosts, spec):
        # free_ram_mb inlined: one property call less per host.
        return [h.total_ram_mb - h.ram_used_mb for h in hosts]
