"""Filters placing a server next to or away from other servers or IPs:
SameHostFilter, DifferentHostFilter (hints same_host / different_host:
server UUIDs) and SimpleCIDRAffinityFilter (hints cidr and
build_near_host_ip)."""

import ipaddress

from nova.scheduler import filters


class SameHostFilter(filters.BaseHostFilter):
    """Only hosts running every server of the same_host hint."""

    def host_passes(self, host_state, spec):
        wanted = spec.get_hint('same_host')
        return all(uuid in host_state.instances for uuid in wanted)


class DifferentHostFilter(filters.BaseHostFilter):
    """Only hosts running none of the servers of the different_host hint."""

    def host_passes(self, host_state, spec):
        unwanted = spec.get_hint('different_host')
        return not any(uuid in host_state.instances for uuid in unwanted)


class SimpleCIDRAffinityFilter(filters.BaseHostFilter):
    """Only hosts whose IP is in the network of build_near_host_ip/cidr."""

    def host_passes(self, host_state, spec):
        near = spec.get_hint('build_near_host_ip')
        if not near:
            return True
        cidr = (spec.get_hint('cidr') or ['/24'])[0]
        try:
            network = ipaddress.ip_network(near[0] + cidr, strict=False)
            return ipaddress.ip_address(host_state.host_ip) in network
        except (TypeError, ValueError):
            return False
