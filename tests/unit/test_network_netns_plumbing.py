"""The data plane with [network] allow_overlapping_ips: each network in a
namespace of its own (nova.network.namespaces). The plan of both modes,
the transit links, the metadata proxy's configuration, and the Linux
driver for real in a private network namespace: two networks of the
same range, a guest on each, DHCP, metadata headers, floating IPs."""

import copy
import ipaddress
import json
import os
import shutil
import subprocess
import sys

import pytest

from nova.api.metadata import lookup
from nova.api.metadata import proxy_secret
from nova.network import firewall
from nova.network import linux_net
from nova.network import namespaces
from nova.network import plumbing
from tests.unit import test_network_plumbing as base

UUID = base.UUID
NET = '0b7c1f2e-aaaa-4bbb-8ccc-000000000001'
ROUTER = {'id': 'r', 'forwarding': True, 'gateway_ip': '192.0.2.9',
          'enable_snat': True, 'cidrs': ['10.77.0.0/24']}


def _network_info(floating=(), router=None, net_id=NET,
                  bridge='brnovatest'):
    info = base._network_info(floating)
    info[0]['network'].update(id=net_id, bridge=bridge, router=router)
    return info


def _plan(conf, overlapping, info, driver=None):
    conf.set_override('allow_overlapping_ips', overlapping, group='network')
    driver = driver or plumbing.FakePlumbing()
    return driver.plan_plug(base._instance(), info, base.RULES), driver


def test_option_off_plan_is_unchanged(conf):
    """The option's default plans exactly what the host had before."""
    assert conf.network.allow_overlapping_ips is False
    steps, _ = _plan(conf, False, _network_info(['192.0.2.7'], ROUTER))
    assert [s[0] for s in steps] == ['ensure_bridge', 'prune_addresses',
                                     'nft', 'bind_address', 'ensure_dhcp',
                                     'dhcp_host', 'bind_address', 'nft',
                                     'nft']
    assert steps[0][1] == {'bridge': 'brnovatest', 'vlan': None,
                           'interface': None, 'mtu': None,
                           'address': '10.77.0.1/24'}
    assert 'namespace' not in json.dumps(steps)
    assert 'dnat to 10.77.0.1:8775' in steps[2][1]['script']
    assert 'ip daddr 192.0.2.7 dnat to 10.77.0.5' in steps[-1][1]['script']
    assert not (conf.state_path and os.path.exists(os.path.join(
        conf.state_path, 'networks', 'transit.json')))


def test_namespaced_plan(conf):
    steps, driver = _plan(conf, True, _network_info(['192.0.2.7'], ROUTER))
    kinds = [s[0] for s in steps]
    assert kinds == ['ensure_bridge', 'ensure_namespace', 'netns_nft', 'nft',
                     'bind_address', 'ensure_dhcp', 'ensure_metadata_proxy',
                     'dhcp_host', 'netns_nft', 'route_floating', 'nft',
                     'nft']
    args = [s[1] for s in steps]
    link = driver.transit(NET)
    host_end, ns_end = namespaces.transit_ends(link)
    assert link.subnet_of(ipaddress.ip_network('169.254.64.0/18'))
    # The bridge keeps no address: the namespace has it.
    assert args[0]['address'] is None
    assert args[1] == {'bridge': 'brnovatest',
                       'namespace': 'nova-brnovatest', 'mtu': None,
                       'addresses': ['10.77.0.1/24'],
                       'host_end': '%s/30' % host_end,
                       'namespace_end': '%s/30' % ns_end}
    # Guests leave the namespace as its transit address, which the host
    # source-NATs to the router's gateway address.
    assert 'oifname "uplink" ip saddr 10.77.0.0/24 masquerade' in \
        args[2]['script']
    assert 'iifname "brnovatest" ip daddr %s ct state new drop' % host_end in \
        args[2]['script']
    assert 'ip saddr %s/32 ip daddr != { 10.77.0.0/24 } snat to ' \
        '192.0.2.9' % ns_end in args[3]['script']
    assert 'dnat' not in args[3]['script']
    assert args[4] == {'address': '192.0.2.9', 'interface': 'eth0'}
    assert args[5]['namespace'] == 'nova-brnovatest'
    assert args[5]['listen'] == '10.77.0.1'
    assert args[6] == {'bridge': 'brnovatest',
                       'namespace': 'nova-brnovatest', 'network_id': NET,
                       'upstream': host_end, 'port': 8775}
    assert 'ip daddr 192.0.2.7 dnat to 10.77.0.5' in args[8]['script']
    assert args[9] == {'bridge': 'brnovatest', 'port': 'vif-1',
                       'addresses': ['192.0.2.7'], 'via': ns_end,
                       'device': namespaces.uplink_port('brnovatest'),
                       'interface': 'eth0'}
    # Security groups stay on the bridge, on the guest's tap only: the
    # namespace's port of the bridge is no guest port.
    assert 'table bridge nova-i-' in args[10]['script']
    assert namespaces.gateway_port('brnovatest') not in args[10]['script']
    # No floating IP NAT on the host.
    assert args[11]['script'] == 'table ip nova-f-6f1c2a0e1111 {}\n' \
        'delete table ip nova-f-6f1c2a0e1111\n'


def test_namespaced_plan_after_disassociation_and_unplug(conf):
    steps, driver = _plan(conf, True, _network_info())
    args = dict((s[0], s[1]) for s in steps)
    assert args['route_floating']['addresses'] == []
    assert 'delete table ip nova-f-' in [
        s[1] for s in steps if s[0] == 'netns_nft'][-1]['script']
    steps = driver.plan_unplug(base._instance(), _network_info(['192.0.2.7']))
    assert [s[0] for s in steps] == ['nft', 'nft', 'netns_nft',
                                     'dhcp_host_remove', 'route_floating']
    assert steps[3][1] == {'bridge': 'brnovatest', 'instance_uuid': UUID,
                           'namespace': 'nova-brnovatest'}
    assert steps[4][1]['addresses'] == []


def test_router_down_keeps_guests_in_their_namespace(conf):
    down = dict(ROUTER, forwarding=False)
    steps, _ = _plan(conf, True, _network_info(['192.0.2.7'], down))
    inside = [s[1]['script'] for s in steps if s[0] == 'netns_nft'][0]
    assert 'masquerade' not in inside
    assert 'iifname "brnovatest" oifname "uplink" drop' in inside
    route = [s[1] for s in steps if s[0] == 'route_floating'][0]
    assert route['addresses'] == []


def test_transit_links_are_stable_and_never_shared(conf):
    conf.set_override('namespace_transit_cidr', '169.254.100.0/28',
                      group='network')
    ids = ['net-%d' % i for i in range(4)]
    links = [namespaces.transit(i) for i in ids]
    assert sorted(str(x) for x in links) == [
        '169.254.100.0/30', '169.254.100.12/30', '169.254.100.4/30',
        '169.254.100.8/30']
    assert [namespaces.transit(i) for i in reversed(ids)] == links[::-1]
    with pytest.raises(namespaces.TransitRangeExhausted):
        namespaces.transit('net-5')
    assert namespaces.transit_ends(links[0])[0].endswith(
        ('.1', '.5', '.9', '.13'))


def test_metadata_proxy_replaces_the_guests_headers():
    config = linux_net.haproxy_config(NET, '169.254.64.1', 8775, 's3cret')
    assert '    bind 169.254.169.254:80' in config
    assert 'http-request del-header X-Instance-ID -m beg' in config
    assert 'http-request set-header X-Forwarded-For %[src]' in config
    assert 'set-header X-Neutron-Network-ID %s\n' % NET in config
    assert 'set-header X-Neutron-Network-ID-Signature %s\n' % lookup.sign(
        NET, 's3cret') in config
    assert 'option forwardfor' not in config  # it would append
    assert config.endswith('server metadata 169.254.64.1:8775\n')
    if shutil.which('haproxy'):
        path = os.path.join('/tmp', 'nova-haproxy-check-%d.cfg' % os.getpid())
        with open(path, 'w') as f:
            f.write(config)
        try:
            done = subprocess.run(['haproxy', '-c', '-f', path],
                                  capture_output=True, text=True)
        finally:
            os.unlink(path)
        assert done.returncode == 0, done.stdout + done.stderr


def test_namespace_proxies_sign_with_the_generated_secret(
        conf, monkeypatch):
    """No [metadata] proxy_shared_secret: the proxy signs with the one
    generated into state_path (once), which the metadata service reads."""
    conf.set_override('allow_overlapping_ips', True, group='network')
    conf.set_override('plumbing_driver', 'linux_net', group='network')
    ran = []
    monkeypatch.setattr(linux_net, 'execute',
                        lambda *cmd, **kw: ran.append(cmd))
    driver = linux_net.LinuxNetPlumbing()
    driver._conntrack = True  # no probe
    [proxy] = [a for k, a in driver.plan_plug(
        base._instance(), _network_info(), []) if k ==
        'ensure_metadata_proxy']
    driver.apply(base._instance(), 'ensure_metadata_proxy', proxy)
    assert ran[-1][-6:-3] == ('haproxy', '-D', '-p')
    with open(os.path.join(conf.state_path, 'metadata_proxy_secret')) as f:
        secret = f.read().strip()
    with open(ran[-1][-1]) as f:
        config = f.read()
    assert 'X-Neutron-Network-ID-Signature %s\n' % lookup.sign(
        NET, secret) in config
    assert proxy_secret.get() == secret


_SCRIPT = r'''
import http.server, json, os, socket, subprocess, sys, threading, time
sys.path.insert(0, %(root)r)
import nova.conf
from nova.network import linux_net, namespaces
from tests.unit import test_network_netns_plumbing as t
conf = nova.conf.CONF
conf([], project='nova', default_config_files=[])
conf.set_override('state_path', %(state)r)
conf.set_override('allow_overlapping_ips', True, group='network')
conf.set_override('public_interface', 'nova-pub', group='network')
conf.set_override('proxy_shared_secret', 's3cret', group='metadata')
run = linux_net.execute
run('ip', 'link', 'set', 'lo', 'up')
run('ip', 'link', 'add', 'nova-pub', 'type', 'bridge')
run('ip', 'link', 'set', 'nova-pub', 'up')
run('ip', 'addr', 'add', '192.0.2.1/24', 'dev', 'nova-pub')
seen = []


class Metadata(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        seen.append({k.lower(): v for k, v in self.headers.items()
                     if k.lower().startswith('x-')})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'meta')

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(('0.0.0.0', 0), Metadata)
threading.Thread(target=server.serve_forever, daemon=True).start()
conf.set_override('metadata_port', server.server_address[1],
                  group='network')
driver = linux_net.LinuxNetPlumbing()
# A group's rules: port 8080 in, and its two default egress rules.
rule = [{'protocol': 'tcp', 'from_port': 8080, 'to_port': 8080,
         'sources': ['0.0.0.0/0']}] + t.base.ALL_OUT
out = {}
guests = []
try:
    for index, (net, bridge) in enumerate([(t.NET, 'brnovatest'),
                                           (t.NET2, 'brnovatest2')]):
        floating = '192.0.2.%%d' %% (7 + index)
        info = t._network_info([floating], None, net, bridge)
        tap = 'tapvif-%%d' %% index
        info[0]['devname'] = tap
        instance = t.base._instance()
        instance.uuid = instance.uuid[:-1] + str(index)
        driver.plug(instance, info, rule)
        driver.plug(instance, info, rule)  # idempotent
        guest = 'nova-test-g%%d-%%d' %% (index, os.getpid())
        guests.append(guest)
        run('ip', 'netns', 'add', guest)
        run('ip', 'link', 'add', tap, 'type', 'veth', 'peer', 'name', 'g0',
            'netns', guest)
        run('ip', 'link', 'set', tap, 'master', bridge, 'up')
        g = ['ip', 'netns', 'exec', guest]
        run(*g, 'ip', 'link', 'set', 'lo', 'up')
        run(*g, 'ip', 'link', 'set', 'g0', 'address', 'fa:16:3e:00:00:01',
            'up')
        hook = os.path.join(%(state)r, 'udhcpc.sh')
        with open(hook, 'w') as f:
            f.write('#!/bin/sh\n[ "$1" = bound ] || exit 0\n'
                    'ip addr add $ip/$mask dev $interface\n'
                    'ip route add default via $router\n'
                    'echo $ip > %(state)s/leased-$interface\n')
        os.chmod(hook, 0o755)
        time.sleep(1)
        run(*g, 'busybox', 'udhcpc', '-q', '-n', '-t', '5', '-T', '2', '-i',
            'g0', '-s', hook)
        out['leased%%d' %% index] = open(
            os.path.join(%(state)r, 'leased-g0')).read().strip()
        os.unlink(os.path.join(%(state)r, 'leased-g0'))
        got = run(*g, 'busybox', 'wget', '-q', '-O', '-', '--header',
                  'X-Instance-ID: forged', '--header',
                  'X-Forwarded-For: 6.6.6.6', '--header',
                  'X-Neutron-Network-ID: forged',
                  'http://169.254.169.254/latest/meta-data/', check=False)
        out['metadata%%d' %% index] = got.stdout
        subprocess.Popen(g + [sys.executable, '-c',
            'import socket; s = socket.socket(); '
            's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); '
            's.bind(("0.0.0.0", 8080)); s.listen(5)\n'
            'while True:\n c, _ = s.accept(); c.sendall(b"g%%d"); c.close()'
            %% index])
        # Outbound: the guest reaches the host's public side, not the
        # host's end of the uplink.
        out['outbound%%d' %% index] = run(
            *g, 'busybox', 'wget', '-q', '-O', '-',
            'http://192.0.2.1:%%d/out' %% server.server_address[1],
            check=False).stdout
        out['uplink%%d' %% index] = run(
            *g, 'timeout', '3', 'busybox', 'wget', '-q', '-O', '-',
            'http://%%s:%%d/out' %% (namespaces.transit_ends(
                namespaces.transit(net))[0], server.server_address[1]),
            check=False).returncode
    time.sleep(1)

    def answer(address):
        try:
            with socket.create_connection((address, 8080), timeout=2) as c:
                return c.recv(2).decode()
        except OSError:
            return None

    out['floating'] = [answer('192.0.2.7'), answer('192.0.2.8')]
    out['proxy_arp'] = run('ip', 'neigh', 'show', 'proxy').stdout
    info = t._network_info([], None, t.NET, 'brnovatest')
    instance = t.base._instance()
    instance.uuid = instance.uuid[:-1] + '0'
    driver.plug(instance, info, rule)
    out['disassociated'] = [answer('192.0.2.7'), answer('192.0.2.8')]
    out['routes'] = run('ip', 'route', 'show').stdout
    # A host reboot loses the namespace and its daemons: the replug of
    # nova-compute's start rebuilds them.
    for pid_file in ('dnsmasq.pid', 'haproxy.pid'):
        linux_net._stop(os.path.join(%(state)r, 'networks', 'brnovatest',
                                     pid_file))
    run('ip', 'netns', 'del', 'nova-brnovatest')
    time.sleep(0.5)
    driver.plug(instance, info, rule)
    g = ['ip', 'netns', 'exec', guests[0]]
    run(*g, 'ip', 'neigh', 'flush', 'dev', 'g0')
    out['after_reboot'] = run(
        *g, 'busybox', 'wget', '-q', '-O', '-',
        'http://169.254.169.254/latest/meta-data/', check=False).stdout
    out['seen'] = seen
    out['netns'] = run('ip', 'netns', 'list').stdout
    # A subnet removed: its address leaves the namespace at the refresh.
    two = t._network_info([], None, t.NET, 'brnovatest')
    second = dict(two[0]['network']['subnets'][0], cidr='10.99.0.0/24',
                  gateway='10.99.0.1', dhcp_server=None, ips=[])
    two[0]['network']['ranges'] = [two[0]['network']['subnets'][0], second]
    shown = ['ip', '-n', 'nova-brnovatest', '-o', 'addr', 'show', 'dev',
             'brnovatest']
    driver.plug(instance, two, rule)
    out['addr_two'] = run(*shown).stdout
    driver.plug(instance, info, rule)
    out['addr_pruned'] = run(*shown).stdout
    # The last guest of network 2 goes: its namespace, daemons and
    # transit link too.
    folder = os.path.join(%(state)r, 'networks', 'brnovatest2')
    pids = [open(os.path.join(folder, name)).read().strip()
            for name in ('dnsmasq.pid', 'haproxy.pid')]
    instance.uuid = instance.uuid[:-1] + '1'
    driver.unplug(instance, t._network_info([], None, t.NET2,
                                            'brnovatest2'))

    def alive(pid):
        for _ in range(100):  # an exiting process may take a moment
            try:  # a zombie (nothing reaps it here) is gone too
                state = open('/proc/%%s/stat' %% pid).read().split(
                    ')')[-1].split()[0]
            except OSError:
                return False
            if state in ('Z', 'X'):
                return False
            time.sleep(0.1)
        return True

    out['daemons_after'] = [alive(pid) for pid in pids]
    out['netns_after'] = run('ip', 'netns', 'list').stdout
    out['uplink_after'] = run('ip', 'link', 'show', namespaces.uplink_port(
        'brnovatest2'), check=False).returncode
    out['transit_after'] = json.load(open(os.path.join(
        %(state)r, 'networks', 'transit.json')))
finally:
    for name in ('brnovatest', 'brnovatest2'):
        for pid_file in ('dnsmasq.pid', 'haproxy.pid'):
            linux_net._stop(os.path.join(%(state)r, 'networks', name,
                                         pid_file))
    for guest in guests:
        run('ip', 'netns', 'pids', guest, check=False)
        for pid in run('ip', 'netns', 'pids', guest,
                       check=False).stdout.split():
            os.kill(int(pid), 9)
        run('ip', 'netns', 'del', guest, check=False)
    for name in ('nova-brnovatest', 'nova-brnovatest2'):
        run('ip', 'netns', 'del', name, check=False)
print(json.dumps(out))
'''

NET2 = '0b7c1f2e-aaaa-4bbb-8ccc-000000000002'


@pytest.mark.skipif(os.geteuid() != 0 or not all(
    shutil.which(c) for c in ('nft', 'dnsmasq', 'ip', 'unshare', 'busybox',
                              'haproxy')),
    reason='needs root and the nft, dnsmasq, ip, unshare, busybox and '
           'haproxy commands')
def test_two_networks_of_one_range_on_one_host(tmp_path):
    """Two networks of 10.77.0.0/24 side by side: each guest gets
    10.77.0.5 from its own dnsmasq, its metadata requests arrive signed
    for its network with its address (whatever it claimed), it reaches
    the host, its floating IP reaches it until disassociated; after a
    "reboot" (namespace and daemons gone) the replug rebuilds them."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    script = _SCRIPT % {'root': root, 'state': str(tmp_path)}
    done = subprocess.run(['unshare', '--net', '--mount', sys.executable,
                           '-c', script], capture_output=True, text=True,
                          timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out['leased0'] == out['leased1'] == '10.77.0.5', out
    assert out['metadata0'] == out['metadata1'] == 'meta', out
    assert out['outbound0'] == out['outbound1'] == 'meta', out
    assert out['uplink0'] != 0 and out['uplink1'] != 0
    proxied = [s for s in out['seen'] if 'x-neutron-network-id' in s]
    assert len(proxied) == 3, out['seen']  # the last after the reboot
    for net, headers in zip((NET, NET2, NET), proxied):
        assert headers == {
            'x-forwarded-for': '10.77.0.5', 'x-neutron-network-id': net,
            'x-neutron-network-id-signature': lookup.sign(net, 's3cret')}
    assert out['floating'] == ['g0', 'g1']
    assert '192.0.2.7 dev nova-pub' in out['proxy_arp']
    assert out['disassociated'] == [None, 'g1']
    assert '192.0.2.7' not in out['routes']
    assert '192.0.2.8 via' in out['routes']
    assert 'nova-brnovatest2' in out['netns']
    assert out['after_reboot'] == 'meta'
    assert '10.99.0.1/24' in out['addr_two']
    assert '10.99.0.1/24' not in out['addr_pruned']
    assert '10.77.0.1/24' in out['addr_pruned']
    assert out['daemons_after'] == [False, False]
    assert 'nova-brnovatest2' not in out['netns_after']
    assert 'nova-brnovatest ' in out['netns_after']
    assert out['uplink_after'] != 0
    assert list(out['transit_after']) == [NET]


def test_fake_driver_records_namespace_steps(conf, tmp_path):
    conf.set_override('allow_overlapping_ips', True, group='network')
    driver = plumbing.FakePlumbing()
    info = _network_info(['192.0.2.7'])
    driver.plug(base._instance(), info, base.RULES)
    driver.unplug(base._instance(), copy.deepcopy(info))
    with open(tmp_path / 'fake-network-plumbing.jsonl') as f:
        steps = [json.loads(line)['step'] for line in f]
    assert 'ensure_namespace' in steps and 'route_floating' in steps
    assert steps == [c['step'] for c in driver.calls]


def _teardowns(driver):
    return [c['args'] for c in driver.calls
            if c['step'] == 'teardown_network']


def _transits(conf):
    with open(os.path.join(conf.state_path, 'networks',
                           'transit.json')) as f:
        return json.load(f)


def test_last_guest_of_a_network_tears_it_down(conf, tmp_path):
    """A network's namespace and transit link outlived its last guest of
    the host (nothing undid them): the unplug of the last one removes
    them, not that of any other."""
    conf.set_override('allow_overlapping_ips', True, group='network')
    driver = plumbing.FakePlumbing()
    one, two = base._instance(), base._instance()
    two.uuid = two.uuid[:-1] + '2'
    info = _network_info()
    driver.plug(one, info, [])
    driver.plug(two, info, [])
    assert list(_transits(conf)) == [NET]
    driver.unplug(one, info)
    assert _teardowns(driver) == []
    assert list(_transits(conf)) == [NET]
    driver.unplug(two, info)
    assert _teardowns(driver) == [{'bridge': 'brnovatest',
                                   'namespace': 'nova-brnovatest'}]
    assert 'delete table ip nova-n-brnovatest' in driver.calls[-2][
        'args']['script']
    assert _transits(conf) == {}
    # Idempotent: a second unplug finds nothing left to remove.
    driver.unplug(two, info)
    assert len(_teardowns(driver)) == 1


def test_detached_interface_and_guests_deleted_while_down(conf, tmp_path):
    conf.set_override('allow_overlapping_ips', True, group='network')
    driver = plumbing.FakePlumbing()
    one, two = base._instance(), base._instance()
    two.uuid = two.uuid[:-1] + '2'
    driver.plug(one, _network_info(), [])
    driver.plug(one, _network_info(net_id=NET2, bridge='brnovatest2'), [])
    # Its interface on the first network went: so did the network.
    assert _teardowns(driver) == [{'bridge': 'brnovatest',
                                   'namespace': 'nova-brnovatest'}]
    assert list(_transits(conf)) == [NET2]
    driver.plug(two, _network_info(), [])
    # nova-compute restarted and found only `two` on its host.
    driver.forget_all_but([two.uuid])
    assert _teardowns(driver)[1:] == [{'bridge': 'brnovatest2',
                                       'namespace': 'nova-brnovatest2'}]
    assert list(_transits(conf)) == [NET]


def test_only_the_routers_subnets_leave_by_it():
    """Source NAT through a router covers the network's subnets with an
    interface on it: another subnet of the network has no way out."""
    router = dict(ROUTER, cidrs=['10.77.0.0/24'])
    cidrs = ['10.77.0.0/24', '10.88.0.0/24']
    script = firewall.network_nat('brnovatest', cidrs, '10.77.0.1', 8775,
                                  router)
    assert 'ip saddr 10.77.0.0/24 ip daddr != { 10.77.0.0/24 } snat to ' \
        '192.0.2.9' in script
    assert '10.88.0.0/24 ip daddr != { 10.77.0.1/32, 10.88.0.0/24 } ' \
        'drop' in script
    assert 'ip saddr 10.88.0.0/24 ip daddr != { 10.77.0.0/24 } snat' \
        not in script
    inside = firewall.namespace_nat('brnovatest', cidrs, 'uplink',
                                    '169.254.64.1', router)
    assert 'oifname "uplink" ip saddr 10.77.0.0/24 masquerade' in inside
    assert '10.88.0.0/24 masquerade' not in inside
    assert 'iifname "brnovatest" oifname "uplink" ip saddr { 10.88.0.0/24 }' \
        ' drop' in inside
    # On no router, nova-network's masquerade for every subnet.
    script = firewall.network_nat('brnovatest', cidrs, '10.77.0.1', 8775)
    assert script.count('masquerade') == 2
