"""The IPv6 data plane: gateway addresses, dnsmasq's router
advertisements and DHCPv6, IPv6 security group rules and anti-spoofing,
planned in both plumbing modes and, for real in private network
namespaces, a guest configuring its SLAAC address from the host's
advertisements and reaching its gateway over IPv6."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from nova.network import firewall
from nova.network import linux_net
from nova.network import model
from nova.network import plumbing
from tests.unit import test_network_plumbing as base

UUID = base.UUID
MAC = 'fa:16:3e:00:00:01'
SLAAC_ADDRESS = model.eui64_address('2001:db8:77::/64', MAC)


def _subnet6(cidr='2001:db8:77::/64', gateway='2001:db8:77::1',
             mode='slaac', ips=(), enable_dhcp=True):
    return {'cidr': cidr, 'version': 6, 'gateway': gateway, 'dns': [],
            'dhcp_server': None, 'ipv6_ra_mode': mode,
            'ipv6_address_mode': mode, 'enable_dhcp': enable_dhcp,
            'ips': [{'address': a, 'version': 6, 'type': 'fixed',
                     'floating_ips': []} for a in ips]}


def _network_info(v4=True, **kw):
    """base's guest with an address on an IPv6 subnet too (v4=False: on
    an IPv6-only network)."""
    info = base._network_info()
    kw.setdefault('ips', [SLAAC_ADDRESS])
    subnets = info[0]['network']['subnets']
    if not v4:
        del subnets[0]
    subnets.append(_subnet6(**kw))
    return info


def _plan(conf, info, overlapping=False):
    conf.set_override('allow_overlapping_ips', overlapping, group='network')
    return plumbing.FakePlumbing().plan_plug(base._instance(), info,
                                             base.RULES)


def _args(steps, kind):
    return [a for k, a in steps if k == kind]


def test_ipv4_plan_is_unchanged_without_ipv6(conf):
    """No IPv6 subnet: the plan (and so dnsmasq's command line, which
    decides restarts) is what it was."""
    steps = _plan(conf, base._network_info())
    dhcp = _args(steps, 'ensure_dhcp')[0]
    assert 'v6' not in dhcp
    assert _args(steps, 'dhcp_host')[0] == {
        'bridge': 'brnovatest', 'instance_uuid': UUID, 'mac': MAC,
        'address': '10.77.0.5', 'hostname': 'vm-one'}
    cmd = linux_net.dnsmasq_command('brnovatest', '/s', **{
        k: v for k, v in dhcp.items() if k != 'bridge'})
    assert cmd == [
        'dnsmasq', '--user=root', '--strict-order', '--bind-interfaces',
        '--conf-file=', '--no-hosts', '--no-resolv', '--except-interface=lo',
        '--interface=brnovatest', '--listen-address=10.77.0.1',
        '--pid-file=/s/dnsmasq.pid', '--dhcp-hostsdir=/s/hosts',
        '--dhcp-leasefile=/s/leases',
        '--dhcp-range=10.77.0.0,static,255.255.255.0,86400s',
        '--dhcp-lease-max=256', '--dhcp-option=option:router,10.77.0.1',
        '--server=10.77.0.1', '--dhcp-option=option:dns-server,10.77.0.1']


def test_host_plan_puts_the_ipv6_gateway_on_the_bridge(conf):
    steps = _plan(conf, _network_info())
    addresses = [a['address'] for a in _args(steps, 'ensure_bridge')]
    assert addresses == ['10.77.0.1/24', '2001:db8:77::1/64']
    assert _args(steps, 'prune_addresses')[0]['keep'] == addresses
    assert _args(steps, 'ensure_dhcp')[0]['v6'] == [
        {'cidr': '2001:db8:77::/64', 'mode': 'ra-only'}]
    # IPv6 is routed: the network's NAT knows IPv4 only.
    nat = [a['script'] for a in _args(steps, 'nft')
           if 'nova-n-' in a['script']][0]
    assert '2001:db8' not in nat


def test_gateway_address_is_written_as_ip_shows_it(conf):
    """ensure_bridge compares it with `ip addr show`'s text: another
    spelling would be added again (and fail) at every plug."""
    steps = _plan(conf, _network_info(gateway='2001:DB8:77:0::1'))
    assert '2001:db8:77::1/64' in [
        a['address'] for a in _args(steps, 'ensure_bridge')]


def test_namespace_plan_puts_the_ipv6_gateway_in_the_namespace(conf):
    steps = _plan(conf, _network_info(), overlapping=True)
    assert _args(steps, 'ensure_bridge')[0]['address'] is None
    assert _args(steps, 'ensure_namespace')[0]['addresses'] == [
        '10.77.0.1/24', '2001:db8:77::1/64']
    dhcp = _args(steps, 'ensure_dhcp')[0]
    assert dhcp['namespace'] == 'nova-brnovatest'
    assert dhcp['v6'] == [{'cidr': '2001:db8:77::/64', 'mode': 'ra-only'}]


@pytest.mark.parametrize('overlapping', [False, True])
def test_ipv6_only_network_is_plumbed(conf, overlapping):
    """A network with IPv6 subnets only gets its bridge, gateway and a
    dnsmasq that advertises (no IPv4 DHCP, no NAT)."""
    steps = _plan(conf, _network_info(v4=False, mode='dhcpv6-stateful',
                                      ips=['2001:db8:77::20']), overlapping)
    dhcp = _args(steps, 'ensure_dhcp')[0]
    assert dhcp['cidr'] is None
    assert dhcp['v6'] == [{'cidr': '2001:db8:77::/64', 'mode': 'static'}]
    assert _args(steps, 'dhcp_host')[0] == {
        'bridge': 'brnovatest', 'instance_uuid': UUID, 'mac': MAC,
        'address': None, 'hostname': 'vm-one',
        'addresses6': ['2001:db8:77::20']}
    if not overlapping:  # no IPv4 to NAT (a namespace's transit has)
        assert not [a for a in _args(steps, 'nft')
                    if 'nova-n-' in a['script']]
    cmd = linux_net.dnsmasq_command('brnovatest', '/s', **{
        k: v for k, v in dhcp.items() if k not in ('bridge', 'namespace')})
    assert not [c for c in cmd if c.startswith('--listen-address')]
    assert cmd[-3:] == ['--enable-ra',
                        '--dhcp-range=2001:db8:77::,static,64,86400s',
                        '--dhcp-lease-max=1024']
    assert plumbing._bridges(_network_info(v4=False)) == {
        'brnovatest': 'net-1'}


@pytest.mark.parametrize('mode,enable_dhcp,expected', [
    ('slaac', True, 'ra-only'),
    ('dhcpv6-stateless', True, 'ra-stateless'),
    ('dhcpv6-stateless', False, 'ra-only'),
    ('dhcpv6-stateful', True, 'static'),
    ('dhcpv6-stateful', False, None),
    (None, True, None)])
def test_dnsmasq_mode_follows_the_subnets_modes(conf, mode, enable_dhcp,
                                                expected):
    """No ra_mode: another router advertises, the host does not."""
    steps = _plan(conf, _network_info(mode=mode, enable_dhcp=enable_dhcp))
    v6 = _args(steps, 'ensure_dhcp')[0].get('v6')
    assert v6 == ([{'cidr': '2001:db8:77::/64', 'mode': expected}]
                  if expected else None)
    # The gateway is the host's whatever advertises it.
    assert '2001:db8:77::1/64' in [
        a['address'] for a in _args(steps, 'ensure_bridge')]


def test_dnsmasq_command_with_both_families(conf):
    cmd = linux_net.dnsmasq_command(
        'br', '/s', '10.77.0.0/24', '10.77.0.1', '10.77.0.1', [],
        v6=[{'cidr': '2001:db8:77::/64', 'mode': 'ra-stateless'},
            {'cidr': '2001:db8:78::/64', 'mode': 'static'}])
    assert cmd[cmd.index('--dhcp-range=10.77.0.0,static,255.255.255.0,'
                         '86400s') + 1:] == [
        '--enable-ra', '--dhcp-range=2001:db8:77::,ra-stateless,64,86400s',
        '--dhcp-range=2001:db8:78::,static,64,86400s',
        '--dhcp-lease-max=1280', '--dhcp-option=option:router,10.77.0.1']


def test_dnsmasq_command_hands_each_ipv6_range_its_dns_servers(conf):
    """Each range is tagged and one with DNS servers has its
    option6:dns-server (bracketed addresses) for its tag; what dnsmasq
    cannot place in a range (an Information-request on a link of
    several) gets them all. Without DNS servers, the ranges keep the
    untagged form (and a running dnsmasq its command line)."""
    cmd = linux_net.dnsmasq_command(
        'br', '/s', None, None, None, [],
        v6=[{'cidr': '2001:db8:77::/64', 'mode': 'ra-stateless',
             'dns': ['2001:db8::53', '2001:db8:1::53']},
            {'cidr': '2001:db8:78::/64', 'mode': 'ra-only'},
            {'cidr': '2001:db8:79::/64', 'mode': 'static',
             'dns': ['2001:db8::54']}])
    assert cmd[cmd.index('--enable-ra') + 1:] == [
        '--dhcp-range=set:subnet6-0,2001:db8:77::,ra-stateless,64,86400s',
        '--dhcp-range=set:subnet6-1,2001:db8:78::,ra-only,64,86400s',
        '--dhcp-range=set:subnet6-2,2001:db8:79::,static,64,86400s',
        '--dhcp-lease-max=1024',
        '--dhcp-option=tag:subnet6-0,option6:dns-server,'
        '[2001:db8::53],[2001:db8:1::53]',
        '--dhcp-option=tag:subnet6-2,option6:dns-server,[2001:db8::54]',
        '--dhcp-option=tag:!subnet6-0,tag:!subnet6-1,tag:!subnet6-2,'
        'option6:dns-server,[2001:db8::53],[2001:db8:1::53],[2001:db8::54]']
    # IPv6 servers are the guests' to ask: dnsmasq forwards to none.
    assert not [c for c in cmd if c.startswith('--server=')]
    one = linux_net.dnsmasq_command(
        'br', '/s', None, None, None, [],
        v6=[{'cidr': '2001:db8:77::/64', 'mode': 'static',
             'dns': ['2001:db8::53']}])
    assert one[-1] == ('--dhcp-option=tag:subnet6-0,option6:dns-server,'
                       '[2001:db8::53]')
    if shutil.which('dnsmasq'):
        checked = subprocess.run(cmd + ['--test'], capture_output=True,
                                 text=True)
        assert checked.returncode == 0, checked.stderr


def test_ipv6_rules_and_anti_spoofing():
    rules = base.RULES + [
        {'protocol': 'tcp', 'from_port': 22, 'to_port': 22,
         'sources': ['::/0']},
        {'protocol': 'icmp', 'from_port': 128, 'to_port': -1,
         'sources': ['2001:db8::/32']},
        {'protocol': None, 'from_port': None, 'to_port': None,
         'sources': ['10.77.0.9/32', '2001:db8:77::9/128']},
        {'protocol': 'ipv6-icmp', 'from_port': -1, 'to_port': -1,
         'sources': ['0.0.0.0/0']}]
    info = _network_info(mode='dhcpv6-stateless')
    script = firewall.instance_rules(UUID, info, rules, same_net=True)
    inbound = script.split('chain in_tapvif-1 {')[1].split('\n  }')[0]
    outbound = script.split('chain out_tapvif-1 {')[1].split('\n  }')[0]
    assert 'ip6 saddr { ::/0 } tcp dport 22 accept' in inbound
    assert ('ip6 saddr { 2001:db8::/32 } meta l4proto ipv6-icmp '
            'icmpv6 type 128 accept') in inbound
    assert 'ip saddr { 10.77.0.9/32 } accept' in inbound
    assert 'ip6 saddr { 2001:db8:77::9/128 } accept' in inbound
    # An ICMPv6 rule admits no IPv4 whatever its sources.
    assert 'ip saddr { 0.0.0.0/0 } accept' not in inbound
    assert 'ip6 saddr 2001:db8:77::/64 accept' in inbound
    assert ('ip6 saddr fe80::/10 icmpv6 type nd-router-advert accept'
            in inbound)
    assert 'udp sport 547 udp dport 546 accept' in inbound
    assert inbound.strip().endswith('drop')
    # IPv6 anti-spoofing comes before the egress rules (none here: all
    # but replies, DHCP, metadata and neighbour discovery dropped).
    anti_spoof = ('    ip6 saddr != { %s, ::, fe80::f816:3eff:fe00:1 } drop'
                  % SLAAC_ADDRESS)
    lines = outbound.splitlines()
    assert lines.index(anti_spoof) < lines.index(
        '    ct state established,related accept')
    assert lines[-1] == '    drop'
    assert 'icmpv6 type nd-router-advert drop' in outbound
    # SLAAC only: no DHCPv6 answers let in.
    slaac = firewall.instance_rules(UUID, _network_info(), [])
    assert 'sport 547' not in slaac.split('chain out_')[0]
    stateless = firewall.instance_rules(UUID, info, [], stateful=False)
    assert 'icmpv6 type { echo-reply, ' in stateless


def test_ipv4_rules_are_unchanged():
    """A guest without IPv6 keeps its IPv4 lines (and IPv6 from it is
    held to its link-local address)."""
    script = firewall.instance_rules(UUID, base._network_info(), base.RULES)
    inbound = script.split('chain in_tapvif-1 {')[1].split('\n  }')[0]
    assert inbound.splitlines()[1:] == [
        '    ether type arp accept',
        '    ct state established,related accept',
        '    ip saddr { 10.77.0.1 } udp sport 67 udp dport 68 accept',
        '    ip saddr { 0.0.0.0/0 } tcp dport 22 accept',
        '    ip saddr { 10.77.0.0/24 } ip protocol icmp accept',
        '    ip saddr { 10.77.0.10/32, 10.77.0.9/32 } udp dport 53-54 '
        'accept', '    drop']
    assert 'ip6 saddr != { ::, fe80::f816:3eff:fe00:1 } drop' in script


def test_dhcpv6_host_entries(tmp_path, conf):
    driver = linux_net.LinuxNetPlumbing()
    driver._dhcp_host('br', UUID, MAC, '10.77.0.5', 'vm',
                      addresses6=['2001:db8:77::20'])
    path = tmp_path / 'networks' / 'br' / 'hosts' / UUID
    assert path.read_text() == '%s,vm,10.77.0.5,[2001:db8:77::20]\n' % MAC
    driver._dhcp_host('br', UUID, MAC, None, 'vm',
                      addresses6=['2001:db8:77::20'])
    assert path.read_text() == '%s,vm,[2001:db8:77::20]\n' % MAC


def test_network_info_lists_every_ipv6_subnet():
    class Row:
        def __init__(self, **kw):
            self.__dict__.update(kw)

    net = Row(uuid='n', label='l', bridge='br', bridge_interface=None,
              vlan=None, multi_host=False, mtu=None, injected=False,
              cidr=None)
    v4 = Row(id=1, ip_version=4, cidr='10.0.0.0/24', gateway='10.0.0.1',
             dns1=None, dns2=None, dhcp_server=None, enable_dhcp=True)
    v6 = [Row(id=2 + i, ip_version=6, cidr='2001:db8:%d::/64' % i,
              gateway='2001:db8:%d::1' % i, enable_dhcp=True,
              ipv6_ra_mode='slaac', ipv6_address_mode='slaac',
              attrs=json.dumps({'dns_nameservers': dns}))
          for i, dns in enumerate((['2001:db8::53'], []))]
    fixed = [Row(id=9, address='2001:db8:0::5', subnet_id=2)]
    vif = model.vif(Row(uuid='v', address=MAC, tag=None,
                        port_security_enabled=True), net, fixed, {},
                    subnets=[v4] + v6)
    assert [(s['cidr'], s['dns']) for s in vif['network']['ranges6']] == [
        ('2001:db8:0::/64', ['2001:db8::53']), ('2001:db8:1::/64', [])]
    mine = [s for s in vif['network']['subnets'] if s['version'] == 6]
    assert [(s['cidr'], s['ipv6_ra_mode'], len(s['ips'])) for s in mine] \
        == [('2001:db8:0::/64', 'slaac', 1)]


# The start of the scripts that plug a network in a private network
# namespace (here, in test_network_dhcpv6 and test_network_subnet_routers):
# each goes on with its module's import as t.
SCRIPT_HEAD = r'''
import json, os, subprocess, sys, time, types
sys.path.insert(0, %(root)r)
import nova.conf
from nova.network import linux_net, namespaces
conf = nova.conf.CONF
conf([], project='nova', default_config_files=[])
conf.set_override('state_path', %(state)r)
conf.set_override('allow_overlapping_ips', %(overlapping)r, group='network')
conf.set_override('public_interface', 'nova-pub', group='network')
run = linux_net.execute
run('ip', 'link', 'set', 'lo', 'up')
driver = linux_net.LinuxNetPlumbing()
'''
_SCRIPT = SCRIPT_HEAD + r'''
from tests.unit import test_network_ipv6_plumbing as t
rules = [{'protocol': 'icmp', 'from_port': -1, 'to_port': -1,
          'sources': ['::/0']}]
# The default group's egress: anything out.
rules += [{'direction': 'egress', 'protocol': None, 'sources': [],
           'destinations': [everywhere]}
          for everywhere in ('0.0.0.0/0', '::/0')]
# Names of its own: namespaces are files of the host's /run/netns, which
# other tests' private network namespaces share.
bridge = 'brv6-%%d' %% (os.getpid() %% 100000)
netns = namespaces.namespace(bridge)
info = t._network_info()
info[0]['network']['bridge'] = bridge
instance = t.base._instance()
guest = 'nova-test-g6-%%d' %% os.getpid()
out = {}
g = ['ip', 'netns', 'exec', guest]
try:
    driver.plug(instance, info, rules)
    driver.plug(instance, info, rules)  # idempotent
    run('ip', 'netns', 'add', guest)
    run('ip', 'link', 'add', 'tapvif-1', 'type', 'veth', 'peer', 'name',
        'g0', 'netns', guest)
    run('ip', 'link', 'set', 'tapvif-1', 'master', bridge, 'up')
    run(*g, 'ip', 'link', 'set', 'lo', 'up')
    for name, value in (('accept_ra', '2'), ('autoconf', '1'),
                        ('forwarding', '0')):
        run(*g, 'sysctl', '-q', '-w', 'net.ipv6.conf.g0.%%s=%%s' %% (
            name, value))
    run(*g, 'ip', 'link', 'set', 'g0', 'address', t.MAC, 'up')
    shown = ''
    for _ in range(150):  # the first advertisements come within seconds
        shown = run(*g, 'ip', '-o', '-6', 'addr', 'show', 'dev', 'g0',
                    'scope', 'global').stdout
        if shown and 'tentative' not in shown:
            break
        time.sleep(0.1)
    out['addr'] = shown
    out['route'] = run(*g, 'ip', '-6', 'route', 'show', 'default').stdout
    out['ping'] = run(*g, 'busybox', 'ping', '-6', '-c', '1', '-W', '3',
                      '2001:db8:77::1', check=False).returncode
    # An address it was not given gets nowhere.
    run(*g, 'ip', 'addr', 'add', '2001:db8:77::99/64', 'dev', 'g0',
        'nodad')
    # (Only forwarded frames are filtered: in host mode the gateway is
    # the bridge's own address, reached without forwarding, as IPv4.)
    out['spoofed'] = run(*g, 'busybox', 'ping', '-6', '-c', '1', '-W', '2',
                         '-I', '2001:db8:77::99', '2001:db8:77::1',
                         check=False).returncode
    # The IPv6 subnet removed: its gateway address goes at the refresh.
    info = t.base._network_info()
    info[0]['network']['bridge'] = bridge
    driver.plug(instance, info, rules)
    where = ['ip', '-n', netns] if %(overlapping)r else ['ip']
    out['pruned'] = run(*where, '-o', 'addr', 'show', 'dev', bridge).stdout
finally:
    for pid in run('ip', 'netns', 'pids', guest, check=False).stdout.split():
        os.kill(int(pid), 9)
    run('ip', 'netns', 'del', guest, check=False)
    for pid_file in ('dnsmasq.pid', 'haproxy.pid'):
        linux_net._stop(os.path.join(%(state)r, 'networks', bridge,
                                     pid_file))
    if %(overlapping)r:
        run('ip', 'netns', 'del', netns, check=False)
print(json.dumps(out))
'''


@pytest.mark.skipif(os.geteuid() != 0 or not all(
    shutil.which(c) for c in ('nft', 'dnsmasq', 'ip', 'unshare', 'busybox',
                              'haproxy')),
    reason='needs root and the nft, dnsmasq, ip, unshare, busybox and '
           'haproxy commands')
@pytest.mark.parametrize('overlapping', [False, True],
                         ids=['host', 'namespace'])
def test_guest_configures_its_slaac_address(tmp_path, overlapping):
    """A guest (a namespace behind the tap) takes the EUI-64 address the
    API gave it from the host's router advertisements, with a default
    route, and pings its gateway; an address it was not given is
    dropped (namespace mode: the bridge forwards to the gateway); a
    removed subnet's gateway address goes."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    script = _SCRIPT % {'root': root, 'state': str(tmp_path),
                        'overlapping': overlapping}
    done = subprocess.run(['unshare', '--net', '--mount', sys.executable,
                           '-c', script], capture_output=True, text=True,
                          timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert ' %s/64 ' % SLAAC_ADDRESS in out['addr'], out
    assert 'default via fe80::' in out['route'], out
    assert out['ping'] == 0, out
    if overlapping:  # the gateway is behind a port of the bridge
        assert out['spoofed'] != 0, out
    assert '2001:db8:77::1/64' not in out['pruned'], out
    assert '10.77.0.1/24' in out['pruned'], out
