"""The data plane: steps planned from network_info, the fake driver's
record, and the Linux driver for real in a private network namespace."""

import json
import os
import shutil
import subprocess
import sys
import types

import pytest

from nova.network import firewall
from nova.network import plumbing

UUID = '6f1c2a0e-1111-4222-8333-944455556666'


def _network_info(floating=()):
    return [{
        'id': 'vif-1', 'address': 'fa:16:3e:00:00:01', 'type': 'bridge',
        'devname': 'tapvif-1',
        'network': {
            'id': 'net-1', 'label': 'private', 'bridge': 'brnovatest',
            'bridge_interface': None, 'vlan': None, 'multi_host': False,
            'mtu': None, 'injected': False,
            'subnets': [{
                'cidr': '10.77.0.0/24', 'version': 4,
                'gateway': '10.77.0.1', 'dns': ['10.77.0.1'],
                'dhcp_server': '10.77.0.1',
                'ips': [{'address': '10.77.0.5', 'type': 'fixed',
                         'version': 4,
                         'floating_ips': [{'address': a, 'version': 4,
                                           'type': 'floating'}
                                          for a in floating]}]}]}}]


RULES = [{'protocol': 'tcp', 'from_port': 22, 'to_port': 22,
          'sources': ['0.0.0.0/0']},
         {'protocol': 'icmp', 'from_port': -1, 'to_port': -1,
          'sources': ['10.77.0.0/24']},
         {'protocol': 'udp', 'from_port': 53, 'to_port': 54,
          'sources': ['10.77.0.9/32', '10.77.0.10/32']}]


def _instance():
    return types.SimpleNamespace(uuid=UUID, hostname='vm-one')


def test_instance_rules_allow_only_what_rules_say():
    script = firewall.instance_rules(UUID, _network_info(), RULES)
    assert 'table bridge nova-i-6f1c2a0e1111 {' in script
    assert 'oifname "tapvif-1" jump in_tapvif-1' in script
    assert 'ip saddr { 0.0.0.0/0 } tcp dport 22 accept' in script
    assert 'ip saddr { 10.77.0.0/24 } ip protocol icmp accept' in script
    assert ('ip saddr { 10.77.0.10/32, 10.77.0.9/32 } udp dport 53-54 '
            'accept') in script
    assert 'ether saddr != fa:16:3e:00:00:01 drop' in script
    assert 'ip saddr != { 10.77.0.5 } drop' in script
    # The ingress chain ends in drop: no rule, no traffic.
    inbound = script.split('chain in_tapvif-1 {')[1].split('\n  }')[0]
    assert inbound.strip().endswith('drop')
    assert 'ct state established,related accept' in inbound
    stateless = firewall.instance_rules(UUID, _network_info(), RULES,
                                        stateful=False)
    assert 'ct state' not in stateless
    assert 'tcp flags & (syn | ack) != syn accept' in stateless
    assert 'ip saddr 10.77.0.0/24 accept' not in script
    assert 'ip saddr 10.77.0.0/24 accept' in firewall.instance_rules(
        UUID, _network_info(), RULES, same_net=True)


def _out_chain(script):
    return script.split('chain out_tapvif-1 {\n')[1].split('\n  }')[0]


def _egress(protocol=None, ports=(None, None), destinations=()):
    return {'direction': 'egress', 'protocol': protocol,
            'from_port': ports[0], 'to_port': ports[1], 'sources': [],
            'destinations': list(destinations)}


ALL_OUT = [_egress(destinations=['0.0.0.0/0']),
           _egress(destinations=['::/0'])]


def test_egress_open_to_all_is_one_accept():
    """The default group's two rules: anti-spoofing, then accept; the
    ingress chain is the same as without them."""
    script = firewall.instance_rules(UUID, _network_info(), RULES + ALL_OUT)
    assert _out_chain(script).strip().splitlines()[-1].strip() == 'accept'
    assert 'ip saddr != { 10.77.0.5 } drop' in _out_chain(script)
    # Past the anti-spoofing (IPv4's, then IPv6's) nothing is dropped.
    assert 'drop\n' not in _out_chain(script).split(
        'ip6 saddr != { ::, fe80::f816:3eff:fe00:1 } drop')[1]
    assert script.split('chain out_')[0] == firewall.instance_rules(
        UUID, _network_info(), RULES).split('chain out_')[0]
    # What the guest sends to the host itself takes the input hook.
    assert 'iifname "tapvif-1" jump out_tapvif-1' in script.split(
        'chain input {')[1]
    # One family open, the other filtered.
    only_v4 = _out_chain(firewall.instance_rules(
        UUID, _network_info(), RULES + ALL_OUT[:1]))
    lines = [line.strip() for line in only_v4.splitlines()]
    assert 'ether type ip accept' in lines
    assert lines[-1] == 'drop'


def test_egress_rules_match_destinations():
    rules = RULES + [
        _egress('tcp', (443, 443), ['192.0.2.0/24']),
        # A group destination: its members' addresses of the family.
        _egress('udp', (53, 53), ['10.77.0.9/32', '10.77.0.10/32']),
        _egress('ipv6-icmp', (128, -1), ['fd00::9/128']),
        _egress('icmp', (8, 0), ['198.51.100.7/32'])]
    out = _out_chain(firewall.instance_rules(UUID, _network_info(), rules))
    lines = [line.strip() for line in out.splitlines()]
    # Anti-spoofing first, drop last.
    assert lines[:7] == ['ether saddr != fa:16:3e:00:00:01 drop',
                         'ether type arp accept',
                         'ip saddr 0.0.0.0 udp dport 67 accept',
                         'ip saddr != { 10.77.0.5 } drop',
                         'icmpv6 type nd-router-advert drop',
                         'ether type ip6 udp sport 547 udp dport 546 drop',
                         'ip6 saddr != { ::, fe80::f816:3eff:fe00:1 } drop']
    assert lines[7] == 'ct state established,related accept'
    assert lines[-1] == 'drop'
    for line in ('ip daddr { 192.0.2.0/24 } tcp dport 443 accept',
                 'ip daddr { 10.77.0.10/32, 10.77.0.9/32 } udp dport 53 '
                 'accept',
                 'ip6 daddr { fd00::9/128 } meta l4proto ipv6-icmp icmpv6 '
                 'type 128 accept',
                 'ip daddr { 198.51.100.7/32 } ip protocol icmp icmp type 8 '
                 'icmp code 0 accept',
                 # What a guest always needs.
                 'udp sport 68 udp dport 67 accept',
                 'ip daddr 169.254.169.254 accept'):
        assert line in lines, line
    # Egress rules never open ingress.
    inbound = firewall.instance_rules(UUID, _network_info(), rules).split(
        'chain in_tapvif-1 {')[1].split('\n  }')[0]
    assert '192.0.2.0' not in inbound and 'daddr' not in inbound


def test_no_egress_rule_lets_only_replies_and_services_out():
    out = _out_chain(firewall.instance_rules(UUID, _network_info(), RULES))
    lines = [line.strip() for line in out.splitlines()]
    assert lines[-1] == 'drop'
    assert not [line for line in lines if 'daddr {' in line]


def test_egress_without_connection_tracking():
    """Stateless: the guest's answers to what it accepted leave as the
    ingress side lets replies in."""
    rules = RULES + [_egress('tcp', (443, 443), ['192.0.2.0/24'])]
    out = _out_chain(firewall.instance_rules(UUID, _network_info(), rules,
                                             stateful=False))
    assert 'ct state' not in out
    for line in firewall._STATELESS_REPLIES:
        assert '    %s\n' % line in out + '\n'
    assert 'ip daddr { 192.0.2.0/24 } tcp dport 443 accept' in out


def test_port_without_port_security_is_not_filtered():
    info = _network_info()
    info[0]['port_security'] = False
    script = firewall.instance_rules(UUID, info, RULES + ALL_OUT[:1])
    assert 'tapvif-1' not in script
    # network_info of before the key: filtered.
    assert 'jump out_tapvif-1' in firewall.instance_rules(
        UUID, _network_info(), RULES)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which('nft') or
                    not shutil.which('unshare'),
                    reason='needs root and the nft and unshare commands')
def test_egress_ruleset_loads_in_nft(tmp_path):
    rules = RULES + ALL_OUT[1:] + [
        _egress('tcp', (443, 443), ['192.0.2.0/24']),
        _egress('ipv6-icmp', (128, 0), ['fd00::9/128']),
        _egress('icmp', (8, -1), ['198.51.100.7/32']),
        _egress(None, (None, None), ['10.0.0.0/8'])]
    path = tmp_path / 'rules.nft'
    # Stateless: a namespace may lack the bridge's connection tracking.
    path.write_text(firewall.instance_rules(UUID, _network_info(), rules,
                                            stateful=False))
    done = subprocess.run(['unshare', '--net', 'nft', '-f', str(path)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


def test_floating_nat_only_with_floating_ips():
    assert firewall.floating_nat(UUID, _network_info()) is None
    script = firewall.floating_nat(UUID, _network_info(['192.0.2.7']))
    assert 'ip daddr 192.0.2.7 dnat to 10.77.0.5' in script
    assert 'ip saddr 10.77.0.5 snat to 192.0.2.7' in script


def test_fake_driver_records_the_plan(conf, tmp_path):
    driver = plumbing.FakePlumbing()
    driver.plug(_instance(), _network_info(['192.0.2.7']), RULES)
    kinds = [c['step'] for c in driver.calls]
    assert kinds == ['ensure_bridge', 'prune_addresses', 'nft',
                     'ensure_dhcp', 'dhcp_host', 'bind_address', 'nft',
                     'nft']
    assert driver.calls[0]['args']['address'] == '10.77.0.1/24'
    assert driver.calls[1]['args'] == {'bridge': 'brnovatest',
                                       'keep': ['10.77.0.1/24']}
    assert driver.calls[4]['args'] == {
        'bridge': 'brnovatest', 'instance_uuid': UUID,
        'mac': 'fa:16:3e:00:00:01', 'address': '10.77.0.5',
        'hostname': 'vm-one'}
    assert '169.254.169.254 tcp dport 80 dnat to 10.77.0.1:8775' in \
        driver.calls[2]['args']['script']
    driver.unplug(_instance(), _network_info(['192.0.2.7']))
    kinds = [c['step'] for c in driver.calls[8:]]
    # The bridge's last guest went: its network's plumbing goes too.
    assert kinds == ['nft', 'nft', 'dhcp_host_remove', 'unbind_address',
                     'nft', 'teardown_network']
    assert driver.calls[-1]['args'] == {'bridge': 'brnovatest',
                                        'namespace': None}
    assert 'delete table ip nova-n-brnovatest' in \
        driver.calls[-2]['args']['script']
    with open(tmp_path / 'fake-network-plumbing.jsonl') as f:
        assert len([json.loads(line) for line in f]) == 14


_NETNS_SCRIPT = r'''
import json, os, subprocess, sys, types
sys.path.insert(0, %(root)r)
import nova.conf
from nova.network import linux_net
from tests.unit import test_network_plumbing as t
conf = nova.conf.CONF
conf([], project='nova', default_config_files=[])
conf.set_override('state_path', %(state)r)
driver = linux_net.LinuxNetPlumbing()
driver.plug(t._instance(), t._network_info(), t.RULES)
out = {}
out['addr'] = subprocess.run(['ip', '-o', 'addr', 'show', 'brnovatest'],
                             capture_output=True, text=True).stdout
out['tables'] = subprocess.run(['nft', 'list', 'tables'],
                               capture_output=True, text=True).stdout
out['rules'] = subprocess.run(
    ['nft', 'list', 'table', 'bridge', 'nova-i-6f1c2a0e1111'],
    capture_output=True, text=True).stdout
hosts = os.path.join(%(state)r, 'networks', 'brnovatest', 'hosts', t.UUID)
out['hosts'] = open(hosts).read()
pid = open(os.path.join(%(state)r, 'networks', 'brnovatest',
                        'dnsmasq.pid')).read().strip()
out['dnsmasq'] = os.path.exists('/proc/%%s' %% pid)
driver.plug(t._instance(), t._network_info(), t.RULES[:1])
out['rules_after'] = subprocess.run(
    ['nft', 'list', 'table', 'bridge', 'nova-i-6f1c2a0e1111'],
    capture_output=True, text=True).stdout
two = t._network_info()
second = dict(two[0]['network']['subnets'][0], cidr='10.99.0.0/24',
              gateway='10.99.0.1', dhcp_server=None, ips=[])
two[0]['network']['ranges'] = [two[0]['network']['subnets'][0], second]
driver.plug(t._instance(), two, t.RULES[:1])
out['addr_two'] = subprocess.run(['ip', '-o', 'addr', 'show', 'brnovatest'],
                                 capture_output=True, text=True).stdout
driver.plug(t._instance(), t._network_info(), t.RULES[:1])
out['addr_pruned'] = subprocess.run(
    ['ip', '-o', 'addr', 'show', 'brnovatest'], capture_output=True,
    text=True).stdout
driver.unplug(t._instance(), t._network_info())
out['tables_after'] = subprocess.run(['nft', 'list', 'tables'],
                                     capture_output=True, text=True).stdout
out['hosts_after'] = os.path.exists(hosts)
out['addr_after'] = subprocess.run(
    ['ip', '-o', 'addr', 'show', 'brnovatest'], capture_output=True,
    text=True).stdout
import time
for _ in range(100):  # an exiting process may take a moment to end
    try:  # a zombie (nothing reaps it here) is gone too
        out['dnsmasq_after'] = open('/proc/%%s/stat' %% pid).read().split(
            ')')[-1].split()[0] not in ('Z', 'X')
    except OSError:
        out['dnsmasq_after'] = False
    if not out['dnsmasq_after']:
        break
    time.sleep(0.1)
print(json.dumps(out))
'''


def _stop_dnsmasq(state_path):
    """Stop a dnsmasq a failed script left running."""
    path = os.path.join(str(state_path), 'networks', 'brnovatest',
                        'dnsmasq.pid')
    try:
        with open(path) as f:
            os.kill(int(f.read().strip()), 15)
    except (OSError, ValueError):
        pass


@pytest.mark.skipif(os.geteuid() != 0 or not all(
    shutil.which(c) for c in ('nft', 'dnsmasq', 'ip', 'unshare')),
    reason='needs root and the nft, dnsmasq, ip and unshare commands')
def test_linux_driver_in_a_network_namespace(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    script = _NETNS_SCRIPT % {'root': root, 'state': str(tmp_path)}
    try:
        done = subprocess.run(['unshare', '--net', sys.executable, '-c',
                               script], capture_output=True, text=True,
                              timeout=60, cwd=root)
    finally:
        _stop_dnsmasq(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert '10.77.0.1/24' in out['addr']
    assert 'table bridge nova-i-6f1c2a0e1111' in out['tables']
    assert 'table ip nova-n-brnovatest' in out['tables']
    assert 'tcp dport 22 accept' in out['rules']
    assert 'udp dport 53-54 accept' in out['rules']
    assert out['hosts'] == 'fa:16:3e:00:00:01,vm-one,10.77.0.5\n'
    assert out['dnsmasq'] is True
    # A refresh replaced the table: the removed rules are gone.
    assert 'tcp dport 22 accept' in out['rules_after']
    assert 'udp dport 53-54' not in out['rules_after']
    assert 'nova-i-6f1c2a0e1111' not in out['tables_after']
    assert out['hosts_after'] is False
    # A removed subnet's gateway address leaves the bridge at the
    # refresh that follows.
    assert '10.99.0.1/24' in out['addr_two']
    assert '10.99.0.1/24' not in out['addr_pruned']
    assert '10.77.0.1/24' in out['addr_pruned']
    # The bridge's last guest went: its dnsmasq, NAT table and address.
    assert out['dnsmasq_after'] is False
    assert 'nova-n-brnovatest' not in out['tables_after']
    assert '10.77.0.1/24' not in out['addr_after']


_GUEST_SCRIPT = r'''
import json, os, socket, subprocess, sys, threading, time
sys.path.insert(0, %(root)r)
import nova.conf
from nova.network import linux_net
from tests.unit import test_network_plumbing as t
conf = nova.conf.CONF
conf([], project='nova', default_config_files=[])
conf.set_override('state_path', %(state)r)
conf.set_override('allow_same_net_traffic', False, group='network')
run = linux_net.execute
driver = linux_net.LinuxNetPlumbing()
open_rule = [{'protocol': 'tcp', 'from_port': 8080, 'to_port': 8080,
              'sources': ['0.0.0.0/0']}]
driver.plug(t._instance(), t._network_info(), open_rule)
pid = open(os.path.join(%(state)r, 'networks', 'brnovatest',
                        'dnsmasq.pid')).read().strip()
guest = 'nova-test-guest-%%d' %% os.getpid()
try:
  # The guest: a namespace behind a veth whose host end is the tap device.
  run('ip', 'netns', 'add', guest)
  run('ip', 'link', 'add', 'tapvif-1', 'type', 'veth', 'peer', 'name', 'g0')
  run('ip', 'link', 'set', 'g0', 'netns', guest)
  run('ip', 'link', 'set', 'tapvif-1', 'master', 'brnovatest', 'up')
  g = ['ip', 'netns', 'exec', guest]
  run(*g, 'ip', 'link', 'set', 'lo', 'up')
  run(*g, 'ip', 'link', 'set', 'g0', 'address', 'fa:16:3e:00:00:01', 'up')
  hook = os.path.join(%(state)r, 'udhcpc.sh')
  with open(hook, 'w') as f:
      f.write('#!/bin/sh\n[ "$1" = bound ] || exit 0\n'
              'ip addr add $ip/$mask dev $interface\n'
              'echo $ip > %(state)s/leased\n')
  os.chmod(hook, 0o755)
  time.sleep(1)  # the veth's carrier
  run(*g, 'busybox', 'udhcpc', '-q', '-n', '-t', '5', '-T', '2', '-i', 'g0',
      '-s', hook)
  leased = open(os.path.join(%(state)r, 'leased')).read().strip()
  server = subprocess.Popen(g + [sys.executable, '-c',
      'import socket; s = socket.socket(); '
      's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); '
      's.bind(("0.0.0.0", 8080)); s.listen(5)\n'
      'while True:\n c, _ = s.accept(); c.sendall(b"hi"); c.close()'])
  time.sleep(1)

  def reachable():
      try:
          with socket.create_connection((leased, 8080), timeout=2) as c:
              return c.recv(2) == b'hi'
      except OSError:
          return False

  out = {'leased': leased, 'open': reachable()}
  driver.plug(t._instance(), t._network_info(), [])
  out['closed'] = not reachable()
  driver.plug(t._instance(), t._network_info(), open_rule)
  out['reopened'] = reachable()
  # Egress: the guest connects to a port of the host's bridge address.
  listener = socket.socket()
  listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
  listener.bind(('10.77.0.1', 9090))
  listener.listen(5)
  threading.Thread(target=lambda: [listener.accept()[0].close()
                                   for _ in iter(int, 1)],
                   daemon=True).start()

  def leaves():
      return subprocess.run(g + [sys.executable, '-c',
          'import socket; socket.create_connection(("10.77.0.1", 9090), '
          'timeout=2).close()'], capture_output=True).returncode == 0

  out['egress_closed'] = not leaves()
  to_port = {'direction': 'egress', 'protocol': 'tcp', 'from_port': 9090,
             'to_port': 9090, 'sources': [],
             'destinations': ['10.77.0.1/32']}
  driver.plug(t._instance(), t._network_info(), open_rule + [to_port])
  out['egress_port'] = leaves()
  driver.plug(t._instance(), t._network_info(), open_rule + t.ALL_OUT)
  out['egress_open'] = leaves()
  server.kill()
  driver.unplug(t._instance(), t._network_info())
  print(json.dumps(out))
finally:
  if 'server' in globals():
      server.kill()
  os.kill(int(pid), 15)
  run('ip', 'netns', 'del', guest, check=False)
'''


@pytest.mark.skipif(os.geteuid() != 0 or not all(
    shutil.which(c) for c in ('nft', 'dnsmasq', 'ip', 'unshare',
                              'busybox')),
    reason='needs root and the nft, dnsmasq, ip, unshare and busybox '
           'commands')
def test_guest_gets_its_address_and_only_open_ports(tmp_path):
    """A guest (a namespace behind the tap device) gets its fixed IP from
    dnsmasq; a port a rule opens answers the host, and stops answering
    when the rule is gone; the guest reaches the host's port only when
    an egress rule lets it out."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    script = _GUEST_SCRIPT % {'root': root, 'state': str(tmp_path)}
    try:
        done = subprocess.run(['unshare', '--net', '--mount',
                               sys.executable, '-c', script],
                              capture_output=True, text=True, timeout=120,
                              cwd=root)
    finally:
        _stop_dnsmasq(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out == {'leased': '10.77.0.5', 'open': True, 'closed': True,
                   'reopened': True, 'egress_closed': True,
                   'egress_port': True, 'egress_open': True}
