"""Routers join subnets, not networks: the data plane source-NATs and
floats each subnet through its own router (network_info's per-subnet
'router'), in host and namespace mode; a subnet on no router of a
routed network goes nowhere; network_info of the release before (the
network's router only) plans as it did."""

import copy
import types

from nova.network import firewall
from nova.network import namespaces
from nova.network import plumbing

UUID = '6f1c2a0e-1111-4222-8333-944455556699'
NET = '0b7c1f2e-aaaa-4bbb-8ccc-0000000000aa'
A = {'id': 'router-a', 'forwarding': True, 'gateway_ip': '192.0.2.9',
     'enable_snat': True, 'cidrs': ['10.78.0.0/24']}
B = {'id': 'router-b', 'forwarding': True, 'gateway_ip': '192.0.2.10',
     'enable_snat': True, 'cidrs': ['10.79.0.0/24']}


def _subnet(cidr, router, ips=(), floating=()):
    gateway = cidr.replace('0/24', '1')
    return {'cidr': cidr, 'version': 4, 'gateway': gateway, 'dns': [],
            'dhcp_server': gateway, 'router': router,
            'ips': [{'address': a, 'type': 'fixed', 'version': 4,
                     'floating_ips': [{'address': f, 'version': 4,
                                       'type': 'floating'}
                                      for f in floating]} for a in ips]}


def _network_info(a=A, b=B, floating=('192.0.2.50', '192.0.2.51',
                                      '192.0.2.52')):
    """A guest with an address on each of the network's three subnets:
    10.78 on router a, 10.79 on router b, 10.80 on none."""
    subnets = [_subnet('10.78.0.0/24', a, ['10.78.0.5'], floating[:1]),
               _subnet('10.79.0.0/24', b, ['10.79.0.5'], floating[1:2]),
               _subnet('10.80.0.0/24', None, ['10.80.0.5'], floating[2:])]
    return [{
        'id': 'vif-1', 'address': 'fa:16:3e:00:00:09', 'type': 'bridge',
        'devname': 'tapvif-1', 'port_security': True,
        'network': {
            'id': NET, 'label': 'split', 'bridge': 'brnovasplit',
            'bridge_interface': None, 'vlan': None, 'multi_host': False,
            'mtu': None, 'injected': False,
            'router': next((r for r in (a, b) if r), None),
            'subnets': subnets,
            'ranges': [dict(s, ips=[]) for s in subnets]}}]


def _instance():
    return types.SimpleNamespace(uuid=UUID, hostname='vm-split')


def _plan(conf, info, overlapping=False):
    conf.set_override('allow_overlapping_ips', overlapping, group='network')
    driver = plumbing.FakePlumbing()
    return driver.plan_plug(_instance(), info, []), driver


def _scripts(steps, kind='nft'):
    return [a['script'] for k, a in steps if k == kind]


def _bound(steps):
    return [a['address'] for k, a in steps if k == 'bind_address']


def test_host_mode_nats_each_subnet_through_its_router(conf):
    steps, _ = _plan(conf, _network_info())
    nat = _scripts(steps)[0]
    assert 'ip saddr 10.78.0.0/24 ip daddr != { 10.78.0.0/24 } ' \
        'snat to 192.0.2.9' in nat
    assert 'ip saddr 10.79.0.0/24 ip daddr != { 10.79.0.0/24 } ' \
        'snat to 192.0.2.10' in nat
    # The sibling on no router reaches its own subnet and the metadata
    # service only: its neighbours' routers are not its.
    assert 'ip saddr 10.80.0.0/24 ip daddr != { 10.78.0.1/32, ' \
        '10.80.0.0/24 } drop' in nat
    assert '10.80.0.0/24 ip daddr != 10.80.0.0/24 masquerade' not in nat
    # Both gateways answered for; the unrouted subnet's floating IP is
    # neither bound nor translated.
    assert _bound(steps) == ['192.0.2.9', '192.0.2.10', '192.0.2.50',
                             '192.0.2.51']
    floating = _scripts(steps)[-1]
    assert 'ip daddr 192.0.2.50 dnat to 10.78.0.5' in floating
    assert 'ip daddr 192.0.2.51 dnat to 10.79.0.5' in floating
    assert '192.0.2.52' not in floating


def test_a_router_down_stops_only_its_subnets(conf):
    steps, _ = _plan(conf, _network_info(b=dict(B, forwarding=False)))
    nat = _scripts(steps)[0]
    assert 'snat to 192.0.2.9' in nat
    assert 'snat to 192.0.2.10' not in nat
    assert 'ip saddr 10.79.0.0/24 ip daddr != { 10.78.0.1/32, ' \
        '10.79.0.0/24 } drop' in nat
    assert _bound(steps) == ['192.0.2.9', '192.0.2.50']
    assert '192.0.2.51' not in _scripts(steps)[-1]


def test_network_on_no_router_keeps_nova_networks_way_out(conf):
    steps, _ = _plan(conf, _network_info(a=None, b=None))
    nat = _scripts(steps)[0]
    for cidr in ('10.78.0.0/24', '10.79.0.0/24', '10.80.0.0/24'):
        assert 'ip saddr %s ip daddr != %s masquerade' % (cidr, cidr) in nat
    assert _bound(steps) == ['192.0.2.50', '192.0.2.51', '192.0.2.52']


def test_network_info_of_the_release_before_plans_as_before(conf):
    """An older network service sends only the network's router: the
    subnets on it leave by it, the others go nowhere."""
    info = _network_info()
    net = info[0]['network']
    for subnet in net['subnets'] + net['ranges']:
        del subnet['router']
    steps, _ = _plan(conf, info)
    nat = _scripts(steps)[0]
    assert 'ip saddr 10.78.0.0/24 ip daddr != { 10.78.0.0/24 } ' \
        'snat to 192.0.2.9' in nat
    assert '192.0.2.10' not in nat
    assert 'ip saddr 10.79.0.0/24 ip daddr != { 10.78.0.1/32, ' \
        '10.79.0.0/24 } drop' in nat
    assert _bound(steps) == ['192.0.2.9', '192.0.2.50']


def test_namespace_mode_gives_a_further_router_a_link_of_its_own(conf):
    steps, driver = _plan(conf, _network_info(), overlapping=True)
    link = driver.transit(NET)
    host_end, ns_end = namespaces.transit_ends(link)
    link_b = driver.transit(namespaces.router_link(NET, 'router-b'))
    host_b, ns_b = namespaces.transit_ends(link_b)
    assert link_b != link
    [ensure] = [a for k, a in steps if k == 'ensure_namespace']
    assert ensure['host_end'] == '%s/30' % host_end
    assert ensure['links'] == [{'host_end': '%s/30' % host_b,
                                'namespace_end': '%s/30' % ns_b}]
    inside = _scripts(steps, 'netns_nft')[0]
    # The first router's subnet leaves as the namespace's address, the
    # second's as its link's, the unrouted one not at all.
    assert 'oifname "uplink" ip saddr 10.78.0.0/24 masquerade' in inside
    assert 'oifname "uplink" ip saddr 10.79.0.0/24 snat to %s' % ns_b \
        in inside
    assert 'iifname "brnovasplit" oifname "uplink" ip saddr ' \
        '{ 10.80.0.0/24 } drop' in inside
    assert '10.80.0.0/24 masquerade' not in inside
    host = _scripts(steps)[0]
    assert 'ip saddr %s/32 ip daddr != { 10.78.0.0/24 } snat to ' \
        '192.0.2.9' % ns_end in host
    assert 'ip saddr %s/32 ip daddr != { 10.79.0.0/24 } snat to ' \
        '192.0.2.10' % ns_b in host
    assert _bound(steps) == ['192.0.2.9', '192.0.2.10']
    [route] = [a for k, a in steps if k == 'route_floating']
    assert route['addresses'] == ['192.0.2.50', '192.0.2.51']
    floating = _scripts(steps, 'netns_nft')[-1]
    assert 'ip daddr 192.0.2.51 dnat to 10.79.0.5' in floating
    assert '192.0.2.52' not in floating


def test_one_router_needs_no_further_link(conf):
    """Two subnets on one router leave by the network's own link."""
    a = dict(A, cidrs=['10.78.0.0/24', '10.79.0.0/24'])
    steps, _ = _plan(conf, _network_info(a=a, b=a), overlapping=True)
    [ensure] = [x for k, x in steps if k == 'ensure_namespace']
    assert 'links' not in ensure
    inside = _scripts(steps, 'netns_nft')[0]
    assert 'ip saddr 10.79.0.0/24 masquerade' in inside
    assert _bound(steps) == ['192.0.2.9']


def test_release_frees_the_routers_links_too(conf):
    conf.set_override('allow_overlapping_ips', True, group='network')
    driver = plumbing.FakePlumbing()
    info = _network_info()
    driver.plug(_instance(), info, [])
    with namespaces._transit_file() as known:
        assert sorted(known) == [NET, namespaces.router_link(
            NET, 'router-b')]
    driver.unplug(_instance(), copy.deepcopy(info))
    with namespaces._transit_file() as known:
        assert known == {}


def test_subnet_router_reads_both_shapes():
    info = _network_info()
    net = info[0]['network']
    first, second, third = net['subnets']
    assert firewall.subnet_router(net, second) is B
    assert firewall.subnet_router(net, third)['forwarding'] is False
    assert not firewall.subnet_routed(net, third)
    old = dict(third)
    del old['router']
    assert not firewall.subnet_routed(net, old)
    assert firewall.subnet_router(dict(net, router=None), old) is None
