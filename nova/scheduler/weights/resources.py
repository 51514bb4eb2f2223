"""CPUWeigher and DiskWeigher: prefer hosts with more free vCPUs or disk
(positive multipliers spread servers, negative ones stack them)."""

from nova.conf import CONF
from nova.scheduler import weights


class CPUWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.cpu_weight_multiplier

    def raw_weight(self, host_state, spec):
        return host_state.free_vcpus


class DiskWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.disk_weight_multiplier

    def raw_weight(self, host_state, spec):
        return host_state.free_disk_gb
