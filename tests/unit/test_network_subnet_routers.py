"""Routers join subnets, not networks: the data plane source-NATs and
floats each subnet through its own router (network_info's per-subnet
'router'), in host and namespace mode; a subnet on no router of a
routed network goes nowhere; network_info of the release before (the
network's router only) plans as it did."""

import copy
import json
import os
import shutil
import subprocess
import sys
import types

import pytest

from nova.network import firewall
from nova.network import namespaces
from nova.network import plumbing
from tests import libvirt_env
from tests.unit import test_network_ipv6_plumbing as v6
from tests.unit import test_network_plumbing as base

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


RULES = base.ALL_OUT


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
    # Router B leaves the network: its link goes, the network's stays.
    driver.plug(_instance(), _network_info(b=None), [])
    with namespaces._transit_file() as known:
        assert sorted(known) == [NET]
    driver.plug(_instance(), info, [])
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


_SCRIPT = v6.SCRIPT_HEAD + r'''
from tests.unit import test_network_subnet_routers as t
run('ip', 'link', 'add', 'nova-pub', 'type', 'bridge')
run('ip', 'link', 'set', 'nova-pub', 'up')
run('ip', 'addr', 'add', '192.0.2.1/24', 'dev', 'nova-pub')
# Namespaces are files of the host's /run/netns, which other tests'
# private network namespaces share: names of this worker's own.
tag = '%(slot)d-%%d' %% (os.getpid() %% 10000)
bridge = 'brsr' + tag
outside, guest = 'nova-test-so' + tag, 'nova-test-sg' + tag
netns = namespaces.namespace(bridge)
instance = types.SimpleNamespace(uuid=t.UUID, hostname='vm')


def network_info(**routers):
    info = t._network_info(floating=(), **routers)
    info[0]['network']['bridge'] = bridge
    for subnet in (info[0]['network']['subnets'] +
                   info[0]['network']['ranges']):
        subnet['dhcp_server'] = None
    return info


def seen_as(source):
    """The address a host beyond the public network sees the guest's
    connection from source come from (None: it never arrives)."""
    got = run('ip', 'netns', 'exec', guest, sys.executable, '-c',
              'import socket\n'
              's = socket.socket(); s.settimeout(3)\n'
              's.bind((%%r, 0)); s.connect(("192.0.2.100", 8081))\n'
              'print(s.recv(64).decode())' %% source, check=False)
    return got.stdout.strip() or None


def uplink_addresses():
    port = namespaces.uplink_port(bridge)
    return [len(linux_net._inet(run(*cmd).stdout)) for cmd in (
        ('ip', '-o', 'addr', 'show', 'dev', port),
        ('ip', '-n', netns, '-o', 'addr', 'show', 'dev', 'uplink'))]


out = {}
try:
    run('ip', 'netns', 'add', outside)
    run('ip', 'link', 'add', 'out0', 'type', 'veth', 'peer', 'name', 'o0',
        'netns', outside)
    run('ip', 'link', 'set', 'out0', 'master', 'nova-pub', 'up')
    o = ['ip', 'netns', 'exec', outside]
    run(*o, 'ip', 'link', 'set', 'lo', 'up')
    run(*o, 'ip', 'link', 'set', 'o0', 'up')
    run(*o, 'ip', 'addr', 'add', '192.0.2.100/24', 'dev', 'o0')
    subprocess.Popen(o + [sys.executable, '-c',
        'import socket\n'
        's = socket.socket()\n'
        's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n'
        's.bind(("0.0.0.0", 8081)); s.listen(5)\n'
        'while True:\n'
        ' c, peer = s.accept(); c.sendall(peer[0].encode()); c.close()'])
    driver.plug(instance, network_info(), t.RULES)
    run('ip', 'netns', 'add', guest)
    run('ip', 'link', 'add', 'tapvif-1', 'type', 'veth', 'peer', 'name',
        'g0', 'netns', guest)
    run('ip', 'link', 'set', 'tapvif-1', 'master', bridge, 'up')
    g = ['ip', 'netns', 'exec', guest]
    run(*g, 'ip', 'link', 'set', 'lo', 'up')
    run(*g, 'ip', 'link', 'set', 'g0', 'address', 'fa:16:3e:00:00:09',
        'up')
    for address in ('10.78.0.5', '10.79.0.5', '10.80.0.5'):
        run(*g, 'ip', 'addr', 'add', address + '/24', 'dev', 'g0')
    run(*g, 'ip', 'route', 'add', 'default', 'via', '10.78.0.1')
    for _ in range(50):  # the listener starts in its own time
        if seen_as('10.78.0.5'):
            break
        time.sleep(0.1)
    sources = ('10.78.0.5', '10.79.0.5', '10.80.0.5')
    out['both'] = [seen_as(s) for s in sources]
    if %(overlapping)r:
        out['links_both'] = uplink_addresses()
    # Router B leaves subnet 2: it goes nowhere, as the unrouted one.
    driver.plug(instance, network_info(b=None), t.RULES)
    out['a_only'] = [seen_as(s) for s in sources]
    if %(overlapping)r:
        out['links_a_only'] = uplink_addresses()
finally:
    for name in (guest, outside):
        for pid in run('ip', 'netns', 'pids', name,
                       check=False).stdout.split():
            os.kill(int(pid), 9)
        run('ip', 'netns', 'del', name, check=False)
    linux_net._stop(os.path.join(%(state)r, 'networks', bridge,
                                 'haproxy.pid'))
    run('ip', 'netns', 'del', netns, check=False)
print(json.dumps(out))
'''


@pytest.mark.skipif(os.geteuid() != 0 or not all(
    shutil.which(c) for c in ('nft', 'ip', 'unshare', 'haproxy')),
    reason='needs root and the nft, ip, unshare and haproxy commands')
@pytest.mark.parametrize('overlapping', [False, True],
                         ids=['host', 'namespace'])
def test_guest_leaves_by_each_subnets_router(tmp_path, overlapping):
    """For real, in a private network namespace: one guest with an
    address on each of the three subnets reaches a host beyond the
    public network as router A's gateway address from subnet 1, as
    router B's from subnet 2 (namespace mode: by B's own transit link),
    not at all from subnet 3; router B gone, subnet 2 reaches nothing
    and B's link leaves the uplink."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    script = _SCRIPT % {'root': root, 'state': str(tmp_path),
                        'overlapping': overlapping,
                        'slot': libvirt_env.worker_slot()}
    done = subprocess.run(['unshare', '--net', '--mount', sys.executable,
                           '-c', script], capture_output=True, text=True,
                          timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out['both'] == ['192.0.2.9', '192.0.2.10', None], out
    assert out['a_only'] == ['192.0.2.9', None, None], out
    if overlapping:
        assert out['links_both'] == [2, 2], out
        assert out['links_a_only'] == [1, 1], out


def test_data_plane_and_network_info_carry_each_subnets_router(
        any_admin_context):
    """Two subnets of a network on two routers keep both (a map by
    network kept the last); a third on none has None; the network's
    router, for a nova-compute of the release before, is its first
    routed subnet's."""
    from nova.network import builtin
    from nova.network.resources import routers as routers_res
    from nova.network.resources import subnets as subnets_res
    from tests.unit import test_router_gateway_ipv6 as gateways
    ctx = any_admin_context
    external = gateways._network(ctx, 'ext-split', True, '192.0.2.0/28')
    cidrs = ['10.21.0.0/24', '10.22.0.0/24', '10.23.0.0/24']
    inside = gateways._network(ctx, 'split', False, *cidrs)
    ids = {subnets_res.find(ctx, i)[1]['cidr']: i
           for i in subnets_res.ids_of(ctx, inside)}
    a, b = [routers_res.create(ctx, {
        'project_id': 'p', 'name': name, 'description': '',
        'admin_state_up': True, 'external_gateway_info': gateway})
        for name, gateway in (('a', {'network_id': external.uuid}),
                              ('b', None))]
    routers_res.add_interface(ctx, a, subnet_id=ids[cidrs[0]])
    routers_res.add_interface(ctx, b, subnet_id=ids[cidrs[1]])
    [by_cidr] = routers_res.data_plane(ctx, [inside.uuid]).values()
    assert sorted(by_cidr) == cidrs[:2]
    assert (by_cidr[cidrs[0]]['id'], by_cidr[cidrs[0]]['forwarding'],
            by_cidr[cidrs[0]]['gateway_ip']) == (a.uuid, True, a.gateway_ip)
    assert (by_cidr[cidrs[1]]['id'], by_cidr[cidrs[1]]['forwarding'],
            by_cidr[cidrs[1]]['cidrs']) == (b.uuid, False, [cidrs[1]])
    # A guest with an address on subnet 2 only.
    info = _network_info()
    net = info[0]['network']
    net.update(id=inside.uuid, subnets=[dict(_subnet(cidrs[1], None),
                                             router='stale')])
    net['ranges'] = [_subnet(c, 'stale') for c in cidrs]
    del net['router']
    builtin._with_routers(ctx, {UUID: info})
    assert net['subnets'][0]['router']['id'] == b.uuid
    assert [r and r['id'] for r in (
        s['router'] for s in net['ranges'])] == [a.uuid, b.uuid, None]
    assert net['router']['id'] == a.uuid
    for row, cidr in ((a, cidrs[0]), (b, cidrs[1])):
        routers_res.remove_interface(ctx, row, subnet_id=ids[cidr])
        routers_res.delete(ctx, row)
