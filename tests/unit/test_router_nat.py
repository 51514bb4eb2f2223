"""The data plane follows routers: the NAT and filter rules rendered for
a network's router state (nova.network.firewall), and nftables accepting
them in a private network namespace."""

import copy
import os
import shutil
import subprocess

import pytest

from nova.network import firewall
from nova.network import plumbing
from tests.unit import test_network_plumbing as base

ROUTER = {'id': 'r-1', 'forwarding': True, 'gateway_ip': '172.24.4.10',
          'enable_snat': True, 'cidrs': ['10.77.0.0/24', '10.78.0.0/24']}


def _info(router, floating=('172.24.4.20',)):
    info = copy.deepcopy(base._network_info(list(floating)))
    info[0]['network']['router'] = router
    return info


def _nat(router):
    return firewall.network_nat('brnovatest', '10.77.0.0/24', '10.77.0.1',
                                8775, router)


def test_a_network_on_no_router_masquerades_as_nova_network_did():
    script = _nat(None)
    assert 'ip saddr 10.77.0.0/24 ip daddr != 10.77.0.0/24 masquerade' in \
        script
    assert 'snat' not in script and 'drop' not in script


def test_a_forwarding_router_snats_its_subnets_to_its_gateway():
    script = _nat(ROUTER)
    assert ('ip saddr 10.77.0.0/24 ip daddr != { 10.77.0.0/24, '
            '10.78.0.0/24 } snat to 172.24.4.10') in script
    assert 'masquerade' not in script and 'drop' not in script
    # The metadata route stays whatever the router does.
    assert '169.254.169.254 tcp dport 80 dnat to 10.77.0.1:8775' in script


def test_enable_snat_false_leaves_the_fixed_addresses():
    script = _nat(dict(ROUTER, enable_snat=False))
    assert 'snat' not in script and 'masquerade' not in script
    assert 'drop' not in script


@pytest.mark.parametrize('state', [
    dict(forwarding=False, gateway_ip=None),           # no gateway
    dict(forwarding=False),                            # admin down
])
def test_a_router_that_does_not_forward_keeps_traffic_inside(state):
    script = _nat(dict(ROUTER, **state))
    assert 'snat' not in script and 'masquerade' not in script
    assert ('ip saddr 10.77.0.0/24 ip daddr != { 10.77.0.0/24, '
            '10.77.0.1/32, 10.78.0.0/24 } drop') in script


def test_floating_ips_need_a_forwarding_router():
    assert 'dnat to 10.77.0.5' in firewall.floating_nat(
        base.UUID, _info(ROUTER))
    assert 'dnat to 10.77.0.5' in firewall.floating_nat(
        base.UUID, _info(None))
    assert firewall.floating_nat(
        base.UUID, _info(dict(ROUTER, forwarding=False))) is None


def test_plug_binds_the_gateway_address_and_routed_floating_ips(conf):
    driver = plumbing.FakePlumbing()
    steps = driver.plan_plug(base._instance(), _info(ROUTER), base.RULES)
    bound = [args['address'] for kind, args in steps
             if kind == 'bind_address']
    assert bound == ['172.24.4.10', '172.24.4.20']
    steps = driver.plan_plug(base._instance(), _info(
        dict(ROUTER, forwarding=False)), base.RULES)
    assert [a for k, a in steps if k == 'bind_address'] == []
    assert firewall.floating_table(base.UUID) in steps[-1][1]['script']
    assert 'delete table ip' in steps[-1][1]['script']


@pytest.mark.skipif(os.geteuid() != 0 or not all(
    shutil.which(c) for c in ('nft', 'unshare')),
    reason='needs root and the nft and unshare commands')
@pytest.mark.parametrize('router', [
    None, ROUTER, dict(ROUTER, enable_snat=False),
    dict(ROUTER, forwarding=False, gateway_ip=None)])
def test_nftables_accepts_the_rules(router):
    script = _nat(router) + firewall.floating_nat(base.UUID, _info(None))
    done = subprocess.run(
        ['unshare', '--net', 'sh', '-c', 'nft -f - && nft list ruleset'],
        input=script, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    if router and router['forwarding'] and router['enable_snat']:
        assert 'snat to 172.24.4.10' in done.stdout
