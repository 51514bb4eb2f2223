"""IsolatedHostsFilter: isolated images run only on isolated hosts and,
optionally, isolated hosts run only isolated images."""

from nova.conf import CONF
from nova.scheduler import filters


class IsolatedHostsFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        opts = CONF.filter_scheduler
        if not opts.isolated_images and not opts.isolated_hosts:
            return True
        image_isolated = spec.image_id in opts.isolated_images
        host_isolated = host_state.host in opts.isolated_hosts
        if opts.restrict_isolated_hosts_to_isolated_images:
            return image_isolated == host_isolated
        return not image_isolated or host_isolated
