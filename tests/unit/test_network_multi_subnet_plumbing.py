"""The data plane of a network with two IPv4 subnets: a bridge address
per subnet, one dnsmasq serving a tagged DHCP range (and router) per
subnet, one DHCP host entry per interface, NAT of every subnet; and the
single-subnet command line unchanged."""

import types

from nova.network import firewall
from nova.network import linux_net
from nova.network import plumbing

UUID = '6f1c2a0e-1111-4222-8333-944455556677'


def _subnet(cidr, gateway, ips=(), dhcp=True):
    return {'cidr': cidr, 'version': 4, 'gateway': gateway,
            'dns': ['10.78.0.1'], 'dhcp_server': gateway if dhcp else None,
            'ips': [{'address': a, 'type': 'fixed', 'version': 4,
                     'floating_ips': []} for a in ips]}


def _network_info(router=None):
    first = _subnet('10.78.0.0/24', '10.78.0.1', ['10.78.0.5'])
    second = _subnet('10.79.0.0/28', '10.79.0.1', ['10.79.0.6'])
    return [{
        'id': 'vif-1', 'address': 'fa:16:3e:00:00:02', 'type': 'bridge',
        'devname': 'tapvif-1',
        'network': {
            'id': 'net-1', 'label': 'two', 'bridge': 'brnovatwo',
            'bridge_interface': None, 'vlan': None, 'multi_host': False,
            'mtu': None, 'injected': False, 'router': router,
            'subnets': [first, second],
            'ranges': [dict(first, ips=[]), dict(second, ips=[]),
                       _subnet('10.80.0.0/28', '10.80.0.1', dhcp=False)]}}]


def test_plan_serves_every_subnet_of_the_network(conf):
    driver = plumbing.FakePlumbing()
    driver.plug(types.SimpleNamespace(uuid=UUID, hostname='vm'),
                _network_info(), [])
    steps = [(c['step'], c['args']) for c in driver.calls]
    assert [a['address'] for k, a in steps if k == 'ensure_bridge'] == [
        '10.78.0.1/24', '10.79.0.1/28', '10.80.0.1/28']
    [dhcp] = [a for k, a in steps if k == 'ensure_dhcp']
    assert (dhcp['cidr'], dhcp['listen'], dhcp['more']) == (
        '10.78.0.0/24', '10.78.0.1',
        [{'cidr': '10.79.0.0/28', 'listen': '10.79.0.1',
          'gateway': '10.79.0.1'}])
    # DHCP hands the MAC its first address only.
    assert [a['address'] for k, a in steps if k == 'dhcp_host'] == [
        '10.78.0.5']
    assert steps[3] == ('prune_addresses', {
        'bridge': 'brnovatwo',
        'keep': ['10.78.0.1/24', '10.79.0.1/28', '10.80.0.1/28']})
    nat = steps[4][1]['script']
    for cidr in ('10.78.0.0/24', '10.79.0.0/28', '10.80.0.0/28'):
        assert 'ip saddr %s ip daddr != %s masquerade' % (cidr, cidr) in nat


def test_router_snat_covers_each_subnet():
    router = {'id': 'r', 'forwarding': True, 'gateway_ip': '192.0.2.9',
              'enable_snat': True,
              'cidrs': ['10.78.0.0/24', '10.79.0.0/28']}
    script = firewall.network_nat('brnovatwo',
                                  ['10.78.0.0/24', '10.79.0.0/28'],
                                  '10.78.0.1', 8775, router)
    inside = '{ 10.78.0.0/24, 10.79.0.0/28 }'
    for cidr in ('10.78.0.0/24', '10.79.0.0/28'):
        assert 'ip saddr %s ip daddr != %s snat to 192.0.2.9' % (
            cidr, inside) in script
    down = dict(router, forwarding=False)
    script = firewall.network_nat('brnovatwo',
                                  ['10.78.0.0/24', '10.79.0.0/28'],
                                  '10.78.0.1', 8775, down)
    assert script.count(' drop') == 2


def test_dnsmasq_command_tags_a_range_per_subnet(conf):
    conf.set_override('dhcp_lease_time', 600, group='network')
    cmd = linux_net.dnsmasq_command(
        'brnovatwo', '/s', '10.78.0.0/24', '10.78.0.1', '10.78.0.1',
        ['8.8.8.8'], [{'cidr': '10.79.0.0/28', 'listen': '10.79.0.1',
                       'gateway': None}])
    assert cmd.count('--listen-address=10.78.0.1') == 1
    assert '--listen-address=10.79.0.1' in cmd
    assert '--dhcp-range=set:subnet0,10.78.0.0,static,255.255.255.0,' \
           '600s' in cmd
    assert '--dhcp-range=set:subnet1,10.79.0.0,static,255.255.255.240,' \
           '600s' in cmd
    assert '--dhcp-option=tag:subnet0,option:router,10.78.0.1' in cmd
    # No gateway: that subnet's guests get no default route.
    assert not [c for c in cmd if 'tag:subnet1' in c]
    assert '--dhcp-lease-max=272' in cmd


def test_dnsmasq_command_of_one_subnet_is_unchanged(conf):
    conf.set_override('dhcp_lease_time', 600, group='network')
    cmd = linux_net.dnsmasq_command(
        'brq1', '/s', '10.78.0.0/24', '10.78.0.1', '10.78.0.1',
        ['8.8.8.8'])
    assert cmd == [
        'dnsmasq', '--user=root', '--strict-order', '--bind-interfaces',
        '--conf-file=', '--no-hosts', '--no-resolv',
        '--except-interface=lo', '--interface=brq1',
        '--listen-address=10.78.0.1', '--pid-file=/s/dnsmasq.pid',
        '--dhcp-hostsdir=/s/hosts', '--dhcp-leasefile=/s/leases',
        '--dhcp-range=10.78.0.0,static,255.255.255.0,600s',
        '--dhcp-lease-max=256',
        '--dhcp-option=option:router,10.78.0.1', '--server=8.8.8.8',
        '--dhcp-option=option:dns-server,8.8.8.8']
