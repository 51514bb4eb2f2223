"""Soft server group weighers: prefer, without requiring, hosts that keep
a group's servers together (soft-affinity) or apart (soft-anti-affinity).
"""

from nova.conf import CONF
from nova.objects import instance_group as group_obj
from nova.scheduler import weights


def _members_on(spec, host, policy):
    """1 if a server of the group is on host (group.hosts lists each host
    once), 0 if none is or the group has another policy."""
    group = spec.obj_attr_is_set('instance_group') and spec.instance_group
    if not group or group.policy != policy:
        return 0
    return group.hosts.count(host)


def _without_group(spec, policy):
    """Whether spec has no group of policy: all hosts weigh 0 then (a
    shortcut: the scheduler weighs thousands of hosts per request)."""
    group = spec.obj_attr_is_set('instance_group') and spec.instance_group
    return not group or group.policy != policy


class ServerGroupSoftAffinityWeigher(weights.BaseHostWeigher):
    """More of the group's servers on a host: a higher weight."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    def raw_weight(self, host_state, spec):
        return _members_on(spec, host_state.host, group_obj.SOFT_AFFINITY)

    def raw_weights(self, hosts, spec):
        if _without_group(spec, group_obj.SOFT_AFFINITY):
            return [0] * len(hosts)
        return super().raw_weights(hosts, spec)


class ServerGroupSoftAntiAffinityWeigher(weights.BaseHostWeigher):
    """More of the group's servers on a host: a lower weight."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    def raw_weight(self, host_state, spec):
        return -_members_on(spec, host_state.host,
                            group_obj.SOFT_ANTI_AFFINITY)

    def raw_weights(self, hosts, spec):
        if _without_group(spec, group_obj.SOFT_ANTI_AFFINITY):
            return [0] * len(hosts)
        return super().raw_weights(hosts, spec)
