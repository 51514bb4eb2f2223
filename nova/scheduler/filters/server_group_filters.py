"""Server group filters: keep a group's servers on one host, or apart."""

from nova.objects import instance_group as group_obj
from nova.scheduler import filters


def group_hosts(spec, policy):
    """Hosts of the group's members if spec's group has policy, else None.

    The scheduler adds hosts it picked earlier in the same request, so a
    multi-create respects the policy across its own servers too.
    """
    group = spec.obj_attr_is_set('instance_group') and spec.instance_group
    if not group or group.policy != policy:
        return None
    return set(group.hosts)


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    """Only the host the group's servers are on, once one of them is."""

    def host_passes(self, host_state, spec):
        hosts = group_hosts(spec, group_obj.AFFINITY)
        return not hosts or host_state.host in hosts


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    """Only hosts without a server of the group, or with fewer than its
    max_server_per_host rule allows (API 2.64)."""

    def host_passes(self, host_state, spec):
        hosts = group_hosts(spec, group_obj.ANTI_AFFINITY)
        if not hosts or host_state.host not in hosts:
            return True
        group = spec.instance_group
        return group.members_on(host_state.host) < group.max_per_host()
