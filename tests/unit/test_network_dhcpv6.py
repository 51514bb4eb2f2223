"""DHCPv6 for real: what a guest (a private network namespace behind a
tap of the bridge) is told by the host's dnsmasq, the DNS servers of
its IPv6 subnet in DHCPv6 answers and router advertisements, and its
stateful lease released when its interface is unplugged (dhcp_release6,
as dhcp_release does for IPv4); and the lease file parsing behind it."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from nova.network import dhcpv6_leases
from nova.network import linux_net
from tests.unit import test_network_ipv6_plumbing as v6

DNS = ['2001:db8::53', '2001:db8:0:1::53']
STATEFUL_ADDRESS = '2001:db8:77::20'
SECOND_DNS = '2001:db8::99'

LEASES = '''\
1700000000 fa:16:3e:00:00:02 10.77.0.6 vm-two 01:fa:16:3e:00:00:02
duid 00:01:00:01:2c:aa:bb:cc:fa:16:3e:00:00:99
1700000100 1 2001:db8:77::20 vm-one 00:03:00:01:fa:16:3e:00:00:01
1700000100 T7 2001:db8:77::21 * 00:03:00:01:fa:16:3e:00:00:01
1700000200 3 2001:db8:77::22 * *
'''


def test_lease_file_parsing():
    server, leases = dhcpv6_leases.parse(LEASES)
    assert server == '00:01:00:01:2c:aa:bb:cc:fa:16:3e:00:00:99'
    # Temporary addresses and leases without a client DUID: nothing a
    # release could name.
    assert leases == {'2001:db8:77::20': (
        '1', '00:03:00:01:fa:16:3e:00:00:01')}
    assert dhcpv6_leases.parse(None) == (None, {})
    # An IPv4-only lease file has no DUID line.
    assert dhcpv6_leases.parse(LEASES.splitlines()[0]) == (None, {})


def test_release_commands_name_server_client_and_iaid():
    """Addresses are compared as addresses (the hosts file keeps the
    API's spelling, the lease file dnsmasq's)."""
    assert dhcpv6_leases.release_commands(
        LEASES, 'brx', ['2001:DB8:77:0::20', '2001:db8:77::30']) == [(
            'dhcp_release6', '--iface', 'brx', '--ip', '2001:db8:77::20',
            '--server-id', '00:01:00:01:2c:aa:bb:cc:fa:16:3e:00:00:99',
            '--client-id', '00:03:00:01:fa:16:3e:00:00:01', '--iaid', '1')]
    assert dhcpv6_leases.release_commands('', 'brx', ['2001:db8::1']) == []


_SCRIPT = v6.SCRIPT_HEAD + r'''
from tests.unit import test_network_ipv6_plumbing as t
rules = [{'direction': 'egress', 'protocol': None, 'sources': [],
          'destinations': [everywhere]}
         for everywhere in ('0.0.0.0/0', '::/0')]
# Names of its own: namespaces are files of the host's /run/netns.
bridge = 'brd6-%%d' %% (os.getpid() %% 100000)
netns = namespaces.namespace(bridge)
mode = %(mode)r
ips = [%(address)r] if mode == 'dhcpv6-stateful' else [t.SLAAC_ADDRESS]


def network_info(mac, address, addresses6, tap='tapvif-1'):
    info = t._network_info(mode=mode, ips=addresses6)
    info[0]['address'] = mac
    info[0]['devname'] = tap
    info[0]['network']['bridge'] = bridge
    info[0]['network']['subnets'][0]['ips'][0]['address'] = address
    for subnet in info[0]['network']['subnets']:
        if subnet['version'] == 6:
            subnet['dns'] = %(dns)r
    if %(second)r:  # another subnet of the link, none of the guest's
        other = t._subnet6(cidr='2001:db8:78::/64', gateway='2001:db8:78::1',
                           mode=mode)
        other['dns'] = [%(second)r]
        info[0]['network']['ranges6'] = [dict(s, ips=[]) for s in info[0][
            'network']['subnets'] if s['version'] == 6] + [other]
    return info


info = network_info(t.MAC, '10.77.0.5', ips)
instance = t.base._instance()
# Another guest of the network keeps it (and its dnsmasq) plumbed when
# the first one leaves.
other = type(instance)(uuid='7f1c2a0e-1111-4222-8333-944455556666',
                       hostname='vm-two')
guest = 'nova-test-d6-%%d' %% os.getpid()
state = os.path.join(%(state)r, 'networks', bridge)
out = {}
g = ['ip', 'netns', 'exec', guest]
try:
    driver.plug(instance, info, rules)
    driver.plug(other, network_info('fa:16:3e:00:00:02', '10.77.0.6',
                                    ['2001:db8:77::21'], 'tapvif-2'), rules)
    run('ip', 'netns', 'add', guest)
    run('ip', 'link', 'add', 'tapvif-1', 'type', 'veth', 'peer', 'name',
        'g0', 'netns', guest)
    run('ip', 'link', 'set', 'tapvif-1', 'master', bridge, 'up')
    run(*g, 'ip', 'link', 'set', 'lo', 'up')
    for name, value in (('accept_dad', '0'), ('accept_ra', '2'),
                        ('forwarding', '0')):
        run(*g, 'sysctl', '-q', '-w', 'net.ipv6.conf.g0.%%s=%%s' %% (
            name, value))
    run(*g, 'ip', 'link', 'set', 'g0', 'address', t.MAC, 'up')
    client = [*g, sys.executable, '-m', 'tests.dhcpv6_client', 'g0', t.MAC]
    for what in ('ra', 'lease' if mode == 'dhcpv6-stateful' else 'info'):
        out[what] = json.loads(run(*client, what).stdout)
    out['leased'] = open(os.path.join(state, 'leases')).read()
    driver.unplug(instance, info)
    for _ in range(50):
        out['after'] = open(os.path.join(state, 'leases')).read()
        if %(address)r not in out['after']:
            break
        time.sleep(0.1)
finally:
    for pid in run('ip', 'netns', 'pids', guest, check=False).stdout.split():
        os.kill(int(pid), 9)
    run('ip', 'netns', 'del', guest, check=False)
    for pid_file in ('dnsmasq.pid', 'haproxy.pid'):
        linux_net._stop(os.path.join(state, pid_file))
    if %(overlapping)r:
        run('ip', 'netns', 'del', netns, check=False)
print(json.dumps(out))
'''


@pytest.mark.skipif(os.geteuid() != 0 or not all(
    shutil.which(c) for c in ('nft', 'dnsmasq', 'ip', 'unshare', 'haproxy',
                              'dhcp_release6')),
    reason='needs root and the nft, dnsmasq, ip, unshare, haproxy and '
           'dhcp_release6 commands')
@pytest.mark.parametrize('mode,overlapping,second', [
    ('dhcpv6-stateless', False, None),
    ('dhcpv6-stateless', False, SECOND_DNS),
    ('dhcpv6-stateful', False, None),
    ('dhcpv6-stateful', True, SECOND_DNS)],
    ids=['stateless', 'stateless-two-subnets', 'stateful-host',
         'stateful-namespace-two-subnets'])
def test_guest_is_told_its_dns_and_its_lease_is_released(
        tmp_path, mode, overlapping, second):
    """The subnet's DNS servers reach the guest in the router
    advertisement (RDNSS) and in the DHCPv6 answer: an
    Information-request's (stateless; on a link of two subnets, which
    dnsmasq cannot tell apart there, both's) or with the port's address
    (stateful: its subnet's only); unplugging the guest releases its
    DHCPv6 lease at once (before, it stayed until it expired)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    script = _SCRIPT % {'root': root, 'state': str(tmp_path), 'mode': mode,
                        'overlapping': overlapping, 'dns': DNS,
                        'address': STATEFUL_ADDRESS, 'second': second}
    done = subprocess.run(['unshare', '--net', '--mount', sys.executable,
                           '-c', script], capture_output=True, text=True,
                          timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if second:
        # An advertisement carries one subnet's servers.
        assert out['ra']['rdnss'] in (DNS, [second]), out
    else:
        assert out['ra'] == {'rdnss': DNS}, out
    if mode == 'dhcpv6-stateless':
        assert out['info'] == {'dns': DNS + ([second] if second else [])}, out
        return
    assert out['lease'] == {'address': STATEFUL_ADDRESS, 'dns': DNS}, out
    assert ' %s ' % STATEFUL_ADDRESS in out['leased'], out
    assert ' %s ' % STATEFUL_ADDRESS not in out['after'], out


def test_subnet_dns_servers_reach_the_plan(conf):
    steps = v6._plan(conf, v6._network_info(mode='dhcpv6-stateless'))
    assert v6._args(steps, 'ensure_dhcp')[0]['v6'] == [
        {'cidr': '2001:db8:77::/64', 'mode': 'ra-stateless'}]
    info = v6._network_info(mode='dhcpv6-stateless')
    info[0]['network']['subnets'][1]['dns'] = ['2001:DB8::53']
    steps = v6._plan(conf, info)
    assert v6._args(steps, 'ensure_dhcp')[0]['v6'] == [
        {'cidr': '2001:db8:77::/64', 'mode': 'ra-stateless',
         'dns': ['2001:db8::53']}]


def test_dhcp_options_carry_only_their_familys_servers(conf):
    """An IPv4 DNS server in an IPv6 subnet's option6 (or an IPv6 one in
    an IPv4 subnet's option) kept the network's dnsmasq from starting:
    the API takes either on either subnet."""
    info = v6._network_info(mode='dhcpv6-stateless')
    info[0]['network']['subnets'][0]['dns'] = ['10.77.0.1', '2001:db8::53']
    info[0]['network']['subnets'][1]['dns'] = ['192.0.2.53', '2001:db8::54']
    steps = v6._plan(conf, info)
    dhcp = v6._args(steps, 'ensure_dhcp')[0]
    assert dhcp['v6'][0]['dns'] == ['2001:db8::54']
    cmd = linux_net.dnsmasq_command('br', '/s', **{
        k: v for k, v in dhcp.items() if k != 'bridge'})
    assert [c for c in cmd if 'dns-server' in c or 'server=' in c] == [
        '--server=10.77.0.1', '--server=2001:db8::53',
        '--dhcp-option=option:dns-server,10.77.0.1',
        '--dhcp-option=tag:subnet6-0,option6:dns-server,[2001:db8::54]']
    if shutil.which('dnsmasq'):
        checked = subprocess.run(cmd + ['--test'], capture_output=True,
                                 text=True)
        assert checked.returncode == 0, checked.stderr
    info[0]['network']['subnets'][1]['dns'] = ['192.0.2.53']
    dhcp = v6._args(v6._plan(conf, info), 'ensure_dhcp')[0]
    assert 'dns' not in dhcp['v6'][0]
