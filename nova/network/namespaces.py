"""Names and transit links of the per-network namespaces
([network] allow_overlapping_ips).

Each network's gateway addresses, dnsmasq and metadata proxy live in a
namespace of its own, so that networks may share an address range:

  nova-<bridge>     the namespace
  ngw-<hash>        host end of the veth pair on the (address-less)
                    Linux bridge; its peer inside the namespace is named
                    as the bridge and carries the subnets' host-side
                    addresses (dnsmasq's command line stays the same)
  nup-<hash>        host end of the uplink veth pair, first address of
                    the network's transit /30; its peer inside the
                    namespace is `uplink`, with the second address and
                    the namespace's default route

A network whose subnets are on several routers has a further transit
/30 on the same uplink for each router after its first (in the order of
their ids): the host source-NATs a subnet's traffic to its router's
gateway address by the transit address it comes from.

The transit /30s come from [network] namespace_transit_cidr, one per
network (and further router), recorded in
$state_path/networks/transit.json so that a network keeps its link
across restarts and no two networks share one.
"""

import contextlib
import fcntl
import hashlib
import ipaddress
import json
import os
import threading
import zlib

import nova.conf
from nova import exception

CONF = nova.conf.CONF

UPLINK = 'uplink'
TRANSIT_PREFIX = 30

_lock = threading.Lock()


class TransitRangeExhausted(exception.NovaException):
    msg_fmt = ('No free /30 left in [network] namespace_transit_cidr '
               '%(cidr)s for network %(network)s.')


def namespace(bridge):
    return 'nova-%s' % bridge


def _hash(bridge):
    return hashlib.sha1(bridge.encode()).hexdigest()[:8]


def gateway_port(bridge):
    """The host end of the bridge's veth pair (a port of the bridge)."""
    return 'ngw-%s' % _hash(bridge)


def uplink_port(bridge):
    """The host end of the namespace's uplink."""
    return 'nup-%s' % _hash(bridge)


def _slots(cidr):
    return list(cidr.subnets(new_prefix=TRANSIT_PREFIX))


@contextlib.contextmanager
def _transit_file():
    """The recorded links ({network id: cidr}), to read and change: one
    file for every process of this host using state_path."""
    folder = os.path.join(CONF.state_path, 'networks')
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, 'transit.json')
    with _lock, open(path + '.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(path) as f:
                known = json.load(f)
        except (OSError, ValueError):
            known = {}
        before = dict(known)
        yield known
        if known != before:
            with open(path + '.tmp', 'w') as f:
                json.dump(known, f, indent=1, sort_keys=True)
            os.replace(path + '.tmp', path)


def transit(network_id):
    """The network's transit /30 (an IPv4Network), allocated on first
    use: the slot its id hashes to, or the next free one."""
    cidr = ipaddress.ip_network(CONF.network.namespace_transit_cidr)
    slots = _slots(cidr)
    with _transit_file() as known:
        recorded = known.get(network_id)
        if recorded and ipaddress.ip_network(recorded) in slots:
            return ipaddress.ip_network(recorded)
        taken = set(known.values())
        start = zlib.crc32(network_id.encode()) % len(slots)
        for step in range(len(slots)):
            slot = slots[(start + step) % len(slots)]
            if str(slot) not in taken:
                break
        else:
            raise TransitRangeExhausted(cidr=str(cidr), network=network_id)
        known[network_id] = str(slot)
        return slot


def router_link(network_id, router_id):
    """The name transit() knows a network's link to a further router by."""
    return '%s/%s' % (network_id, router_id)


def release_routers(network_id, keep):
    """Free the links of the network's routers but those named keep
    (router_link names): a router gone from it leaves its /30."""
    with _transit_file() as known:
        for key in [k for k in known if k.startswith(network_id + '/') and
                    k not in keep]:
            del known[key]


def release(network_id):
    """Free the network's transit /30s, its routers' too (none recorded:
    nothing to do)."""
    with _transit_file() as known:
        for key in [k for k in known
                    if k == network_id or k.startswith(network_id + '/')]:
            del known[key]


def transit_ends(link):
    """(host end, namespace end) addresses of a transit /30."""
    first, second = list(link.hosts())[:2]
    return str(first), str(second)
