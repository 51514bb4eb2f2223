"""The data plane on a compute host, behind one small interface.

Plumbing.plug / unplug turn an instance's network_info and firewall rules
into steps: a bridge per network (with its gateway address and VLAN), a
DHCP host entry per interface, the network's outbound NAT and metadata
route, the instance's security group table and its floating IP NAT.
When the host's last guest on a network leaves (nova.network.
network_users), plan_teardown removes the network's part too.
Drivers differ only in what they do with a step: LinuxNetPlumbing
(nova.network.linux_net) runs it on the host; FakePlumbing records it
where a test can read it ([network] plumbing_driver).
"""

import ipaddress
import json
import os
import threading

from oslo_log import log as logging

import nova.conf
from nova.network import firewall
from nova.network import ipv6
from nova.network import namespaces
from nova.network import network_users

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

_DRIVERS = {}


def get_plumbing():
    """The configured plumbing driver (one per process)."""
    name = CONF.network.plumbing_driver
    if name not in _DRIVERS:
        if name == 'linux_net':
            from nova.network import linux_net
            _DRIVERS[name] = linux_net.LinuxNetPlumbing()
        else:
            _DRIVERS[name] = FakePlumbing()
    return _DRIVERS[name]


def _metadata_host(subnet):
    return CONF.network.metadata_host or _host_side(subnet)


def _host_side(subnet):
    """The bridge's own address: the gateway when it is on the subnet
    (Neutron lets it lie outside, reached on the link), else the DHCP
    server's."""
    gateway = subnet['gateway']
    if gateway and ipaddress.ip_address(gateway) in ipaddress.ip_network(
            subnet['cidr']):
        return gateway
    return subnet.get('dhcp_server') or gateway


def _addresses(ranges):
    """The bridge-side addresses (with prefix) of IPv4 subnets."""
    return ['%s/%d' % (_host_side(s), ipaddress.ip_network(
        s['cidr']).prefixlen) for s in ranges]


def _dhcp_args(bridge, ranges, ranges6=()):
    """ensure_dhcp's arguments for the subnets with DHCP and the IPv6
    subnets the host advertises (None: none)."""
    served = [s for s in ranges if s.get('dhcp_server')]
    advertised = ipv6.dnsmasq_ranges(ranges6)
    if not served and not advertised:
        return None
    if served:
        first = served[0]
        args = {'bridge': bridge, 'cidr': first['cidr'],
                'listen': _host_side(first),
                'gateway': first['gateway'], 'dns': first['dns']}
    else:  # dnsmasq serves IPv6 only
        args = {'bridge': bridge, 'cidr': None, 'listen': None,
                'gateway': None, 'dns': []}
    if len(served) > 1:
        args['more'] = [{'cidr': s['cidr'], 'listen': _host_side(s),
                         'gateway': s['gateway']} for s in served[1:]]
    if advertised:
        args['v6'] = advertised
    return args


def _dhcp_host(instance, vif, own):
    """The interface's DHCP host entry: DHCP hands a MAC one address, its
    first of a subnet with DHCP (others are configured in the guest, as
    with Neutron), and DHCPv6 its addresses of stateful DHCPv6 subnets.
    [] when no subnet of the interface has DHCP."""
    address = next((s['ips'][0]['address'] for s in own
                    if s.get('dhcp_server') and s['ips']), None)
    addresses6 = ipv6.stateful_addresses(vif['network']['subnets'])
    if address is None and not addresses6:
        return []
    args = {'bridge': vif['network']['bridge'],
            'instance_uuid': instance.uuid, 'mac': vif['address'],
            'address': address, 'hostname': instance.hostname}
    if addresses6:
        args['addresses6'] = addresses6
    return [('dhcp_host', args)]


def _plumbed(network):
    """Whether the plan plumbs an interface's network: one with an IPv4
    subnet, or IPv6 ones."""
    return any(s['version'] == 4 for s in network['subnets']) or bool(
        ipv6.subnets(network))


def _bridges(network_info):
    """{bridge: network id} of the interfaces the plan plumbs."""
    return {vif['network']['bridge']: vif['network']['id']
            for vif in network_info if _plumbed(vif['network'])}


def _routers(net, ranges):
    """{cidr: its router as firewall.subnet_router gives it} of a
    network's IPv4 subnets."""
    return {s['cidr']: firewall.subnet_router(net, s) for s in ranges}


def _forwarding(routers):
    """The distinct routers that forward, in the order of their ids."""
    found = {r['id']: r for r in routers.values() if r and r['forwarding']}
    return [found[i] for i in sorted(found)]


def _bind_gateways(routers):
    """The host answers for the gateway address of each router that
    source-NATs, as for floating IPs: replies to source-NATed traffic."""
    return [('bind_address', {'address': r['gateway_ip'],
                              'interface': CONF.network.public_interface})
            for r in _forwarding(routers) if r['enable_snat']]


class _Gone:
    """An instance known only by its uuid (for apply)."""

    def __init__(self, uuid):
        self.uuid = uuid


class Plumbing:
    """Steps of the data plane; subclasses apply them."""

    def __init__(self):
        self._networks_lock = threading.RLock()

    def plan_plug(self, instance, network_info, rules):
        steps = []
        for vif in network_info:
            net = vif['network']
            own = [s for s in net['subnets'] if s['version'] == 4]
            if not _plumbed(net):
                continue
            if CONF.network.allow_overlapping_ips:
                steps += self._plan_namespace(instance, vif, own,
                                              network_info)
                continue
            # Every IPv4 subnet of the network (network_info of the
            # built-in networking lists them in 'ranges'): the bridge,
            # NAT and DHCP serve them all, whichever guest plugs first.
            ranges = net.get('ranges') or own
            ranges6 = ipv6.subnets(net)
            for address in (_addresses(ranges) +
                            ipv6.gateway_addresses(ranges6)):
                steps.append(('ensure_bridge', {
                    'bridge': net['bridge'], 'vlan': net['vlan'],
                    'interface': net['bridge_interface'], 'mtu': net['mtu'],
                    'address': address}))
            # A subnet that went leaves its address behind otherwise.
            steps.append(('prune_addresses', {
                'bridge': net['bridge'], 'keep': [
                    s[1]['address'] for s in steps
                    if s[0] == 'ensure_bridge' and
                    s[1]['bridge'] == net['bridge']]}))
            routers = _routers(net, ranges)
            cidrs = [s['cidr'] for s in ranges]
            if cidrs:  # IPv6 has no NAT (as in Neutron: routed)
                steps.append(('nft', {'script': firewall.network_nat(
                    net['bridge'], cidrs if len(cidrs) > 1 else cidrs[0],
                    _metadata_host(ranges[0]), CONF.network.metadata_port,
                    routers=routers)}))
            steps += _bind_gateways(routers)
            args = _dhcp_args(net['bridge'], ranges, ranges6)
            if args:
                steps.append(('ensure_dhcp', args))
            steps += _dhcp_host(instance, vif, own)
            for subnet in own:
                for ip in subnet['ips']:
                    for floating in (ip.get('floating_ips', ())
                                     if firewall.subnet_routed(net, subnet)
                                     else ()):
                        steps.append(('bind_address', {
                            'address': floating['address'],
                            'interface': CONF.network.public_interface}))
        steps.append(('nft', {'script': firewall.instance_rules(
            instance.uuid, network_info, rules,
            stateful=self.tracks_bridged_connections(),
            same_net=CONF.network.allow_same_net_traffic)}))
        # Namespaced networks translate floating IPs in their namespace.
        nat = (None if CONF.network.allow_overlapping_ips else
               firewall.floating_nat(instance.uuid, network_info))
        steps.append(('nft', {'script': nat or firewall.delete(
            'ip', firewall.floating_table(instance.uuid))}))
        return steps

    def _plan_namespace(self, instance, vif, own, network_info):
        """The steps of one interface whose network lives in a namespace
        of its own (nova.network.namespaces): the bridge without
        addresses, the namespace joined to it and to the host, its NAT,
        dnsmasq and metadata proxy, the guest's DHCP entry and its
        floating IPs routed to the namespace."""
        net = vif['network']
        bridge = net['bridge']
        netns = namespaces.namespace(bridge)
        ranges = net.get('ranges') or own
        link = self.transit(net['id'])
        host_end, ns_end = namespaces.transit_ends(link)
        routers = _routers(net, ranges)
        # The host source-NATs by the transit address a subnet's traffic
        # arrives from: the network's link serves its first router, each
        # further one needs a link of its own (a router's link is the
        # network's alone: the router's other networks have theirs).
        forwarding = _forwarding(routers)
        links = [namespaces.router_link(net['id'], r['id'])
                 for r in forwarding[1:]]
        namespaces.release_routers(net['id'], links)
        extra = [(r, self.transit(name))
                 for r, name in zip(forwarding[1:], links)]
        main = (forwarding[0] if forwarding else
                next((r for r in routers.values() if r), None))
        steps = [('ensure_bridge', {
            'bridge': bridge, 'vlan': net['vlan'],
            'interface': net['bridge_interface'], 'mtu': net['mtu'],
            'address': None})]
        ranges6 = ipv6.subnets(net)
        namespace_args = {
            'bridge': bridge, 'namespace': netns, 'mtu': net['mtu'],
            'addresses': _addresses(ranges) + ipv6.gateway_addresses(
                ranges6),
            'host_end': '%s/%d' % (host_end, link.prefixlen),
            'namespace_end': '%s/%d' % (ns_end, link.prefixlen)}
        if extra:
            namespace_args['links'] = [
                dict(zip(('host_end', 'namespace_end'), [
                    '%s/%d' % (end, each.prefixlen)
                    for end in namespaces.transit_ends(each)]))
                for _r, each in extra]
        steps.append(('ensure_namespace', namespace_args))
        steps.append(('netns_nft', {
            'namespace': netns, 'script': firewall.namespace_nat(
                bridge, [s['cidr'] for s in ranges], namespaces.UPLINK,
                host_end, routers=routers,
                sources={r['id']: namespaces.transit_ends(each)[1]
                         for r, each in extra})}))
        steps.append(('nft', {'script': firewall.transit_nat(
            bridge, '%s/32' % ns_end, CONF.network.metadata_host or host_end,
            main, more=[('%s/32' % namespaces.transit_ends(each)[1], r)
                        for r, each in extra])}))
        steps += _bind_gateways(routers)
        args = _dhcp_args(bridge, ranges, ranges6)
        if args:
            steps.append(('ensure_dhcp', dict(args, namespace=netns)))
        steps.append(('ensure_metadata_proxy', {
            'bridge': bridge, 'namespace': netns, 'network_id': net['id'],
            'upstream': CONF.network.metadata_host or host_end,
            'port': CONF.network.metadata_port}))
        steps += _dhcp_host(instance, vif, own)
        floating = [f['address'] for subnet in own
                    if firewall.subnet_routed(net, subnet)
                    for ip in subnet['ips']
                    for f in ip.get('floating_ips', ())]
        # One table per instance in the namespace: all its interfaces
        # on this network.
        nat = firewall.floating_nat(instance.uuid, [
            v for v in network_info if v['network']['bridge'] == bridge])
        steps.append(('netns_nft', {
            'namespace': netns, 'script': nat or firewall.delete(
                'ip', firewall.floating_table(instance.uuid))}))
        steps.append(('route_floating', {
            'bridge': bridge, 'port': vif['id'],
            'addresses': floating, 'via': ns_end,
            'device': namespaces.uplink_port(bridge),
            'interface': CONF.network.public_interface}))
        return steps

    def transit(self, network_id):
        """The transit /30 of a namespaced network on this host (or of
        one of its routers: namespaces.router_link)."""
        return namespaces.transit(network_id)

    def plan_unplug(self, instance, network_info):
        steps = [('nft', {'script': firewall.delete(
            'bridge', firewall.instance_table(instance.uuid))}),
            ('nft', {'script': firewall.delete(
                'ip', firewall.floating_table(instance.uuid))})]
        if CONF.network.allow_overlapping_ips:
            return steps + self._plan_namespace_unplug(instance,
                                                       network_info)
        for vif in network_info:
            steps.append(('dhcp_host_remove', {
                'bridge': vif['network']['bridge'],
                'instance_uuid': instance.uuid}))
            for subnet in vif['network']['subnets']:
                for ip in subnet['ips']:
                    for floating in ip.get('floating_ips', ()):
                        steps.append(('unbind_address', {
                            'address': floating['address'],
                            'interface': CONF.network.public_interface}))
        return steps

    def _plan_namespace_unplug(self, instance, network_info):
        steps = []
        for vif in network_info:
            bridge = vif['network']['bridge']
            if not _plumbed(vif['network']):
                continue
            netns = namespaces.namespace(bridge)
            steps += [
                ('netns_nft', {'namespace': netns, 'script': firewall.delete(
                    'ip', firewall.floating_table(instance.uuid))}),
                ('dhcp_host_remove', {'bridge': bridge,
                                      'instance_uuid': instance.uuid,
                                      'namespace': netns}),
                ('route_floating', {
                    'bridge': bridge, 'port': vif['id'],
                    'addresses': [], 'via': None,
                    'device': namespaces.uplink_port(bridge),
                    'interface': CONF.network.public_interface})]
        return steps

    def plan_teardown(self, bridge):
        """Undo a network's part of the data plane on this host once no
        guest here uses it: its NAT table, and (teardown_network) its
        dnsmasq, metadata proxy, namespace, veths and the addresses it
        put on the bridge. Every step is idempotent: nothing of it may
        exist any more (a host reboot, the option switched)."""
        return [('nft', {'script': firewall.delete(
            'ip', firewall.network_table(bridge))}),
            ('teardown_network', {
                'bridge': bridge,
                'namespace': namespaces.namespace(bridge)
                if CONF.network.allow_overlapping_ips else None})]

    def plug(self, instance, network_info, rules):
        """Make the host ready for the guest's interfaces (idempotent: a
        refresh after a rule or address change is another plug)."""
        # One plug or unplug at a time: a network torn down by the last
        # guest leaving is never half rebuilt by one arriving.
        with self._networks_lock:
            wanted = _bridges(network_info)
            for bridge, network_id in wanted.items():
                network_users.add(bridge, instance.uuid, network_id)
            gone = [b for b in network_users.of_instance(instance.uuid)
                    if b not in wanted]
            for step in self.plan_plug(instance, network_info, rules):
                self.apply(instance, *step)
            self._release(instance, gone)  # a detached interface's

    def unplug(self, instance, network_info):
        with self._networks_lock:
            for step in self.plan_unplug(instance, network_info):
                self.apply(instance, *step)
            self._release(instance, network_users.of_instance(
                instance.uuid))

    def forget_all_but(self, instance_uuids):
        """Release the networks of every recorded instance not among
        instance_uuids (those deleted while nova-compute was down)."""
        with self._networks_lock:
            for uuid in sorted(network_users.instances() -
                               set(instance_uuids)):
                self._release(_Gone(uuid), network_users.of_instance(uuid))

    def _release(self, instance, bridges):
        for bridge in bridges:
            last, network_ids = network_users.remove(bridge, instance.uuid)
            if not last:
                continue
            LOG.info('No guest of this host left on %s: removing its '
                     'network plumbing', bridge)
            for step in self.plan_teardown(bridge):
                self.apply(instance, *step)
            for network_id in network_ids:
                namespaces.release(network_id)

    def tracks_bridged_connections(self):
        return True

    def apply(self, instance, kind, args):
        raise NotImplementedError()


class FakePlumbing(Plumbing):
    """Records every step (self.calls) and appends it as a JSON line to
    $state_path/fake-network-plumbing.jsonl for tests in other
    processes."""

    def __init__(self):
        super().__init__()
        self.calls = []
        self._lock = threading.Lock()

    def apply(self, instance, kind, args):
        record = {'instance_uuid': instance.uuid, 'step': kind,
                  'args': args}
        with self._lock:
            self.calls.append(record)
            path = os.path.join(CONF.state_path,
                                'fake-network-plumbing.jsonl')
            with open(path, 'a') as log:
                log.write(json.dumps(record) + '\n')
