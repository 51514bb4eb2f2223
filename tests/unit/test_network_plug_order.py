"""Refreshes of one instance's network apply in the order they read:
a refresh that read the rules before another must not apply after it."""

import threading
import types

from nova.network import plug


class _Driver:
    def __init__(self):
        self.applied = []

    def plug(self, instance, network_info, firewall_rules):
        self.applied.append(firewall_rules)


def test_a_slow_refresh_does_not_apply_stale_rules_last(monkeypatch):
    driver = _Driver()
    monkeypatch.setattr(plug.plumbing, 'get_plumbing', lambda: driver)
    rules = {'now': ['tcp 8080 from gateway']}
    first_read = threading.Event()
    release_first = threading.Event()

    def read(context, instance):
        current = list(rules['now'])
        if not first_read.is_set():
            first_read.set()
            release_first.wait(5)  # the first refresh is slow to apply
        return types.SimpleNamespace(network_info=[], firewall_rules=current)

    monkeypatch.setattr(plug, '_read', read)
    instance = types.SimpleNamespace(uuid='8a1c1b52-3ad7-4f55-9ad0-3c0d1e7a')
    slow = threading.Thread(target=plug.plug, args=(None, instance))
    slow.start()
    assert first_read.wait(5)
    rules['now'] = []  # the rule is deleted; a second refresh is cast
    fast = threading.Thread(target=plug.plug, args=(None, instance))
    fast.start()
    fast.join(0.2)
    release_first.set()
    slow.join(5)
    fast.join(5)
    assert driver.applied == [['tcp 8080 from gateway'], []]


def test_other_instances_do_not_wait(monkeypatch):
    stripes = {plug._instance_lock(types.SimpleNamespace(uuid='%032x' % i))
               for i in range(200)}
    assert len(stripes) > 32


class _FailingDriver:
    def __init__(self):
        self.unplugged = []

    def plug(self, instance, network_info, firewall_rules):
        raise RuntimeError('nft: Device or resource busy')

    def unplug(self, instance, network_info):
        self.unplugged.append(instance.uuid)


def test_a_failed_build_plug_is_undone_a_failed_refresh_is_not(monkeypatch):
    """A build whose plug failed leaves nothing plugged; a running
    guest's refresh that failed keeps what it had (as its network's last
    user, its unplug would take the whole network, DHCP included)."""
    driver = _FailingDriver()
    monkeypatch.setattr(plug.plumbing, 'get_plumbing', lambda: driver)
    monkeypatch.setattr(plug, '_read', lambda context, instance:
                        types.SimpleNamespace(network_info=[],
                                              firewall_rules=[]))
    instance = types.SimpleNamespace(uuid='0d6f0c43-3f3e-4a8e-8f43-2b7c5d')
    try:
        plug.plug(None, instance)
    except RuntimeError:
        pass
    else:
        raise AssertionError('the failed plug did not raise')
    assert driver.unplugged == [instance.uuid]
    plug.NetworkRefreshMixin().refresh_instance_network(None, instance)
    assert driver.unplugged == [instance.uuid]
