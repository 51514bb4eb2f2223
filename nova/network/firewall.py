"""nftables rulesets of the data plane: security groups, floating IP NAT,
outbound NAT and the metadata address.

Why nftables rather than libvirt's nwfilter: the rules are the network
service's, not the hypervisor's, so they work the same whatever plugs the
guest (libvirt, or a test's veth in a network namespace); a bridge-family
table filters bridged guest traffic without br_netfilter; and each
instance's rules are one table replaced in one `nft -f` transaction, so a
rule change never leaves a window with half a ruleset.

Every function here returns nft script text; nothing runs a command.
"""

from nova.network import ipv6
from nova.network import model

METADATA_ADDRESS = '169.254.169.254'


def _short(instance_uuid):
    return instance_uuid.replace('-', '')[:12]


def instance_table(instance_uuid):
    return 'nova-i-%s' % _short(instance_uuid)


def floating_table(instance_uuid):
    return 'nova-f-%s' % _short(instance_uuid)


def network_table(bridge):
    return 'nova-n-%s' % bridge


def _replace(family, name, body):
    """Create-or-replace a table atomically (one nft transaction)."""
    return ('table %(f)s %(n)s {}\ndelete table %(f)s %(n)s\n'
            'table %(f)s %(n)s {\n%(b)s}\n' % {'f': family, 'n': name,
                                               'b': body})


def delete(family, name):
    """Remove a table if it exists (create-then-delete never fails)."""
    return 'table %s %s {}\ndelete table %s %s\n' % (
        family, name, family, name)


def _set(values):
    return '{ %s }' % ', '.join(sorted(values))


def _rule_lines(rule):
    """nft matches of one ingress rule: a line for its IPv4 sources, one
    for its IPv6 sources."""
    v4 = [s for s in rule['sources'] if ':' not in s]
    v6 = [s for s in rule['sources'] if ':' in s]
    lines = []
    if v4 and rule.get('protocol') != 'ipv6-icmp':  # no IPv4 in ICMPv6
        lines.append(_accept('ip saddr %s' % _set(v4), rule))
    if v6:
        lines.append(_accept('ip6 saddr %s' % _set(v6), _as_ipv6(rule)))
    return lines


def _as_ipv6(rule):
    """The rule as its IPv6 addresses see it: an IPv6 rule's icmp is
    ICMPv6, as in Neutron."""
    if rule.get('protocol') == 'icmp':
        return dict(rule, protocol='ipv6-icmp')
    return rule


def _accept(match, rule):
    """match, narrowed to the rule's protocol and ports, then accept."""
    protocol = rule.get('protocol')
    if protocol in ('tcp', 'udp'):
        ports = ('%d' % rule['from_port'] if rule['from_port'] ==
                 rule['to_port'] else '%d-%d' % (rule['from_port'],
                                                 rule['to_port']))
        return '%s %s dport %s accept' % (match, protocol, ports)
    if protocol in ('icmp', 'ipv6-icmp'):
        kind, line = (('icmp', '%s ip protocol icmp' % match)
                      if protocol == 'icmp' else
                      ('icmpv6', '%s meta l4proto ipv6-icmp' % match))
        if rule.get('from_port', -1) not in (-1, None):
            line += ' %s type %d' % (kind, rule['from_port'])
            if rule.get('to_port', -1) not in (-1, None):
                line += ' %s code %d' % (kind, rule['to_port'])
        return line + ' accept'
    return '%s accept' % match


# Replies to the guest's own connections when the kernel cannot track
# bridged connections (no nf_conntrack_bridge, e.g. in a container): TCP
# segments that do not open a connection, DNS answers and ICMP replies.
_STATELESS_REPLIES = [
    'tcp flags & (syn | ack) != syn accept',
    'udp sport 53 accept',
    'icmp type { echo-reply, destination-unreachable, time-exceeded } '
    'accept',
]
_STATELESS_REPLIES6 = [
    'icmpv6 type { echo-reply, destination-unreachable, packet-too-big, '
    'time-exceeded } accept',
]


def instance_rules(instance_uuid, network_info, rules, stateful=True,
                   same_net=False):
    """The guest's security groups on its tap devices: ingress only what a
    rule allows (plus replies and DHCP), egress only from its own MAC and
    addresses (no spoofing) and only what an egress rule allows (plus
    replies, DHCP and the metadata service). stateful=False when bridged
    connections cannot be tracked (see _STATELESS_REPLIES); same_net
    lets the guests of the interface's own network in. Interfaces whose
    port has port security off get no chain."""
    ingress = [r for r in rules if r.get('direction', 'ingress') ==
               'ingress']
    egress = [r for r in rules if r.get('direction') == 'egress']
    # A port without port security is not filtered at all.
    network_info = [vif for vif in network_info
                    if vif.get('port_security', True)]
    lines = ['  chain forward {',
             '    type filter hook forward priority 0; policy accept;']
    for vif in network_info:
        tap = vif['devname']
        lines.append('    oifname "%s" jump in_%s' % (tap, tap))
        lines.append('    iifname "%s" jump out_%s' % (tap, tap))
    # Frames the host itself sends to the guest (from its address on the
    # bridge, dnsmasq's answers) take the output hook, not forward.
    lines += ['  }', '  chain output {',
              '    type filter hook output priority 0; policy accept;']
    for vif in network_info:
        tap = vif['devname']
        lines.append('    oifname "%s" jump in_%s' % (tap, tap))
    # What the guest sends to the host itself (DHCP, the metadata
    # service, traffic the host routes out) takes the input hook: egress
    # rules and anti-spoofing apply there too.
    lines += ['  }', '  chain input {',
              '    type filter hook input priority 0; policy accept;']
    for vif in network_info:
        tap = vif['devname']
        lines.append('    iifname "%s" jump out_%s' % (tap, tap))
    lines.append('  }')
    for vif in network_info:
        tap = vif['devname']
        own = [ip['address'] for subnet in vif['network']['subnets']
               for ip in subnet['ips'] if ip['version'] == 4]
        dhcp = [s['dhcp_server'] for s in vif['network']['subnets']
                if s.get('dhcp_server')]
        v6 = ipv6.subnets(vif['network'])
        replies = (['    ct state established,related accept'] if stateful
                   else ['    ' + line for line in _STATELESS_REPLIES +
                         (_STATELESS_REPLIES6 if v6 else [])])
        lines += ['  chain in_%s {' % tap, '    ether type arp accept']
        lines += replies
        if dhcp:
            lines.append('    ip saddr %s udp sport 67 udp dport 68 accept'
                         % _set(dhcp))
        lines += ['    ' + line for line in _ingress6(v6)]
        if same_net:
            lines += ['    %s saddr %s accept' % (
                'ip' if s['version'] == 4 else 'ip6', s['cidr'])
                for s in vif['network']['subnets']]
        for rule in ingress:
            lines += ['    ' + line for line in _rule_lines(rule)]
        lines += ['    drop', '  }',
                  '  chain out_%s {' % tap,
                  '    ether saddr != %s drop' % vif['address'],
                  '    ether type arp accept',
                  '    ip saddr 0.0.0.0 udp dport 67 accept']
        if own:
            lines.append('    ip saddr != %s drop' % _set(own))
        lines += ['    ' + line for line in _egress6(vif)]
        lines += ['    ' + line for line in egress_lines(egress, replies)]
        lines.append('  }')
    return _replace('bridge', instance_table(instance_uuid),
                    '\n'.join(lines) + '\n')


def _ingress6(subnets):
    """What a guest on IPv6 subnets takes in whatever its rules say:
    neighbour discovery and multicast listener queries (from any
    neighbour), router advertisements (only from a link-local address:
    the host's; _egress6 keeps guests from sending any) and, on a
    DHCPv6 subnet, the server's answers. None on no IPv6 subnet."""
    if not subnets:
        return []
    lines = ['icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, '
             'mld-listener-query } accept',
             'ip6 saddr fe80::/10 icmpv6 type nd-router-advert accept']
    if any(s['ipv6_ra_mode'] in ipv6.DHCPV6_MODES and
           s.get('enable_dhcp', True) for s in ipv6.advertised(subnets)):
        lines.append('ip6 saddr fe80::/10 udp sport 547 udp dport 546 '
                     'accept')
    return lines


def _egress6(vif):
    """IPv6 anti-spoofing of a guest's egress: only from its own IPv6
    addresses, its EUI-64 link-local one and :: (duplicate address
    detection); never a router advertisement or a DHCPv6 server's
    answer (the host is the link's router and DHCPv6 server)."""
    own = [ip['address'] for subnet in vif['network']['subnets']
           for ip in subnet['ips'] if ip['version'] == 6]
    allowed = own + [model.eui64_address('fe80::/64', vif['address']), '::']
    return ['icmpv6 type nd-router-advert drop',
            'ether type ip6 udp sport 547 udp dport 546 drop',
            'ip6 saddr != %s drop' % _set(allowed)]


# What a guest sends whatever its egress rules, as Neutron's agents let
# it: DHCP (v4 and v6) to renew its address, the metadata service, and
# the ICMPv6 that IPv6 needs to find routers and neighbours.
_EGRESS_ALWAYS = [
    'udp sport 68 udp dport 67 accept',
    'ip daddr %s accept' % METADATA_ADDRESS,
    'udp sport 546 udp dport 547 accept',
    'icmpv6 type { nd-router-solicit, nd-neighbor-solicit, '
    'nd-neighbor-advert, mld-listener-report, mld2-listener-report } '
    'accept',
]
# {ethertype: (the CIDR of the whole family, the nft match of the family)}.
_FAMILIES = {'IPv4': ('0.0.0.0/0', 'ether type ip'),
             'IPv6': ('::/0', 'ether type ip6')}


def _allows_all(rule, ethertype):
    return (not rule.get('protocol') and
            _FAMILIES[ethertype][0] in rule['destinations'])


def egress_lines(rules, replies):
    """The out chain after anti-spoofing: a family an allow-all rule
    opens (the default group's two rules) is accepted at once, so the
    common case costs one line; the rest is replies, what a guest always
    needs, each rule's destinations, then drop."""
    open_families = [e for e in ('IPv4', 'IPv6')
                     if any(_allows_all(r, e) for r in rules)]
    if len(open_families) == 2:
        return ['accept']
    lines = ['%s accept' % _FAMILIES[e][1] for e in open_families]
    lines += [line.strip() for line in replies] + _EGRESS_ALWAYS
    for rule in rules:
        v4 = [d for d in rule['destinations'] if ':' not in d]
        v6 = [d for d in rule['destinations'] if ':' in d]
        if v4 and 'IPv4' not in open_families:
            lines.append(_accept('ip daddr %s' % _set(v4), rule))
        if v6 and 'IPv6' not in open_families:
            lines.append(_accept('ip6 daddr %s' % _set(v6),
                                 _as_ipv6(rule)))
    return lines + ['drop']


def _isolated(cidr):
    """A router that takes a subnet nowhere beyond itself."""
    return {'id': None, 'forwarding': False, 'gateway_ip': None,
            'enable_snat': False, 'cidrs': [cidr]}


def subnet_router(network, subnet):
    """The router a network_info subnet leaves by, as its NAT sees it:
    its own (a router joins subnets); None on a network none of whose
    subnets is on a router (nova-network's way out); a router that
    takes it nowhere when it is on none but a subnet of its network is
    (as in Neutron, its sibling's router is not its). network_info of
    the release before has only the network's router (see
    nova.network.model)."""
    if 'router' not in subnet:
        return _router_of(subnet['cidr'], network.get('router'))
    if subnet['router'] is not None:
        return subnet['router']
    if network.get('router') is None:
        return None
    return _isolated(subnet['cidr'])


def subnet_routed(network, subnet):
    """Whether a subnet reaches beyond its network (its floating IPs
    too): on no router of a network on none, or on a router that is up
    with a gateway."""
    router = subnet_router(network, subnet)
    return router is None or router['forwarding']


def floating_nat(instance_uuid, network_info):
    """DNAT of each floating IP to its fixed IP and SNAT back, or None
    when the guest has no floating IP its subnet's router forwards."""
    pairs = [(f['address'], ip['address'])
             for vif in network_info for s in vif['network']['subnets']
             if subnet_routed(vif['network'], s)
             for ip in s['ips'] for f in ip.get('floating_ips', ())]
    if not pairs:
        return None
    dnat = ['    ip daddr %s dnat to %s' % pair for pair in pairs]
    snat = ['    ip saddr %s snat to %s' % (fixed, floating)
            for floating, fixed in pairs]
    body = '\n'.join(
        ['  chain prerouting {',
         '    type nat hook prerouting priority dstnat - 1;'] + dnat +
        ['  }', '  chain output {',
         '    type nat hook output priority -101;'] + dnat +
        ['  }', '  chain postrouting {',
         '    type nat hook postrouting priority srcnat - 1;'] + snat +
        ['  }']) + '\n'
    return _replace('ip', floating_table(instance_uuid), body)


def _outbound(cidr, metadata_host, router):
    """The postrouting NAT and forward filter lines of a network.

    On no router: nova-network's masquerade to wherever the host routes.
    On a router: source NAT to the router's gateway address for traffic
    leaving the router's subnets when it forwards with enable_snat; when
    it does not forward (down, or no gateway), the subnet reaches only
    the router's other subnets and the metadata service.
    """
    if router is None:
        return ['    ip saddr %s ip daddr != %s masquerade' % (cidr, cidr)], []
    inside = _set(router['cidrs'] or [cidr])
    if not router['forwarding']:
        return [], ['    ip saddr %s ip daddr != %s drop' % (
            cidr, _set(set(router['cidrs'] or [cidr]) |
                       {'%s/32' % metadata_host}))]
    if not router['enable_snat']:
        return [], []
    return ['    ip saddr %s ip daddr != %s snat to %s' % (
        cidr, inside, router['gateway_ip'])], []


def on_router(cidr, router):
    """Whether a subnet of a network on a router has an interface on it
    (a router with no IPv4 interface listed: take it that it has)."""
    return router is None or not router['cidrs'] or cidr in router['cidrs']


def _router_of(cidr, router):
    """The router as a subnet of the network sees it: a subnet with no
    interface on the network's router has no way out (as in Neutron),
    like one on a router that does not forward."""
    if on_router(cidr, router):
        return router
    return _isolated(cidr)


def network_nat(bridge, cidr, metadata_host, metadata_port, router=None,
                routers=None):
    """A network's route to the metadata service and its way out: see
    _outbound (cidr: its IPv4 subnet, or a list of them; routers: {cidr:
    its router as subnet_router gives it}, or else router: the router of
    the whole network, or None)."""
    nat, dropped = [], []
    for each in [cidr] if isinstance(cidr, str) else cidr:
        more_nat, more_dropped = _outbound(
            each, metadata_host, routers[each] if routers is not None
            else _router_of(each, router))
        nat += more_nat
        dropped += more_dropped
    lines = [
        '  chain prerouting {',
        '    type nat hook prerouting priority dstnat;',
        '    iifname "%s" ip daddr %s tcp dport 80 dnat to %s:%d' % (
            bridge, METADATA_ADDRESS, metadata_host, metadata_port),
        '  }',
        '  chain postrouting {',
        '    type nat hook postrouting priority srcnat;'] + nat + ['  }']
    if dropped:
        lines += ['  chain forward {',
                  '    type filter hook forward priority 0; '
                  'policy accept;'] + dropped + ['  }']
    return _replace('ip', network_table(bridge), '\n'.join(lines) + '\n')


def namespace_nat(bridge, cidrs, uplink, host_end, router=None,
                  routers=None, sources=None):
    """Inside a network's namespace ([network] allow_overlapping_ips):
    its guests' traffic leaving by the uplink takes a transit address
    (the host knows no route back to ranges networks may share): the
    namespace's own, or sources[router id], the address of the link of
    a router of the network's other than the first (the host tells the
    routers apart by it); a subnet whose router does not forward, or on
    no router of a routed network, leaves not at all (the metadata
    proxy answers inside the namespace). routers: {cidr: its router as
    subnet_router gives it}, or else router: the whole network's.
    Guests never reach the host's end of the uplink: they would arrive
    there with the address of the namespace's metadata proxy."""
    if routers is None:
        routers = {c: _router_of(c, router) for c in cidrs}
    sources = sources or {}
    lines = ['  chain postrouting {',
             '    type nat hook postrouting priority srcnat;']
    out = [c for c in cidrs if routers[c] is None or
           routers[c]['forwarding']]
    for cidr in out:
        source = sources.get(routers[cidr] and routers[cidr]['id'])
        lines.append('    oifname "%s" ip saddr %s %s' % (
            uplink, cidr, 'snat to %s' % source if source else
            'masquerade'))
    lines += ['  }', '  chain forward {',
              '    type filter hook forward priority 0; policy accept;',
              '    iifname "%s" ip daddr %s ct state new drop' % (
                  bridge, host_end)]
    blocked = [c for c in cidrs if c not in out]
    if (blocked and not out) or (
            not cidrs and router is not None and not router['forwarding']):
        lines.append('    iifname "%s" oifname "%s" drop' % (bridge, uplink))
    elif blocked:
        lines.append('    iifname "%s" oifname "%s" ip saddr %s drop' % (
            bridge, uplink, _set(blocked)))
    lines.append('  }')
    return _replace('ip', network_table(bridge), '\n'.join(lines) + '\n')


def transit_nat(bridge, transit, metadata_host, router=None, more=()):
    """On the host, a namespaced network's way out: as network_nat's
    (see _outbound) for what comes from its transit range, to which the
    namespace has translated its guests' addresses; more: [(transit,
    router)] of its further routers' links."""
    nat, dropped = [], []
    for each, its_router in [(transit, router)] + list(more):
        more_nat, more_dropped = _outbound(each, metadata_host, its_router)
        nat += more_nat
        dropped += more_dropped
    lines = ['  chain postrouting {',
             '    type nat hook postrouting priority srcnat;'] + nat + ['  }']
    if dropped:
        lines += ['  chain forward {',
                  '    type filter hook forward priority 0; '
                  'policy accept;'] + dropped + ['  }']
    return _replace('ip', network_table(bridge), '\n'.join(lines) + '\n')
