"""Guest network interfaces from network_info: one virtio NIC per
interface, on the Linux bridge the networking service plugged it into
(nova.network.model.guest_interfaces).

Only bridges that exist on this host are used: with the networking
service's fake plumbing ([network] plumbing_driver = fake) nothing is
plugged, and a NIC on a missing bridge would stop the guest from
starting, so those interfaces are left out with a warning.
"""

import os

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


def bridge_exists(name):
    return bool(name) and os.path.isdir(os.path.join('/sys/class/net',
                                                     name))


def interfaces(instance, network_info):
    """[{'mac', 'bridge', 'devname', 'mtu'}] of the guest's NICs."""
    if not network_info:
        return []
    from nova.network import model
    wanted = model.guest_interfaces(network_info)
    kept = [vif for vif in wanted if bridge_exists(vif['bridge'])]
    for vif in wanted:
        if vif not in kept:
            LOG.warning('Instance %s: bridge %s of interface %s does not '
                        'exist on this host (is [network] plumbing_driver '
                        'linux_net?); the guest gets no NIC for it',
                        instance.uuid, vif['bridge'], vif['mac'])
    return kept
