"""Compute RPC 1.15: the build request carries the instance's network
info the conductor read with its volume mappings, so the compute does
not ask the conductor for it; a compute pinned below 1.15 still gets a
message it takes (1.14) and reads it itself."""

import contextlib
import types

import pytest
import sqlalchemy as sa

from nova.compute import rpcapi as compute_rpcapi
from nova.conductor import manager as conductor_manager
from nova import context as nova_context
from nova.network import api as network_api
from nova.network import plug
from nova import objects
from tests.unit import stored_instances
from tests.unit import test_build_bdms

bus = test_build_bdms.bus


def _info(uuid='f' * 32, rules='[]'):
    return objects.InstanceNetworkInfo(
        instance_uuid=uuid, network_info_json='[{"id": "vif-1"}]',
        firewall_rules_json=rules)


def _build(api, **kwargs):
    ctx = nova_context.get_admin_context()
    instance = objects.Instance(uuid='f' * 32, host='host1')
    api.build_and_run_instance(
        ctx, instance, 'host1', 'node1', None, None, None, [],
        block_device_mappings=objects.BlockDeviceMappingList(objects=[]),
        **kwargs)


def test_build_carries_the_network_info(conf, bus):
    compute = test_build_bdms._Compute('1.15')
    bus(compute)
    api = compute_rpcapi.ComputeAPI()
    assert api.can_build_with_network_info()
    _build(api, instance_network_info=_info())
    assert compute.event.wait(5)
    got = compute.got[0]
    assert isinstance(got['instance_network_info'],
                      objects.InstanceNetworkInfo)
    assert got['instance_network_info'].network_info == [{'id': 'vif-1'}]
    assert list(got['block_device_mappings']) == []


def test_a_compute_pinned_to_1_14_gets_the_build_without_it(conf, bus):
    """A compute of 1.14 has no instance_network_info argument: the
    pinned conductor sends the 1.14 message (the mappings only)."""
    conf.set_override('compute', '1.14', group='upgrade_levels')
    compute = test_build_bdms._Compute('1.14')
    bus(compute)
    api = compute_rpcapi.ComputeAPI()
    assert api.can_build_with_bdms()
    assert not api.can_build_with_network_info()
    _build(api, instance_network_info=_info())
    assert compute.event.wait(5)
    assert list(compute.got[0]) == ['block_device_mappings']


class _ComputeClient:
    def __init__(self, network):
        self.network = network

    def can_build_with_network_info(self):
        return self.network


@pytest.mark.parametrize('backend_binds,compute_takes,sends', [
    (False, True, True),
    (False, False, False),  # pinned below 1.15
    (True, True, False),  # Neutron: the binding changes vif details
])
def test_conductor_sends_it_only_where_it_stays_valid(
        monkeypatch, backend_binds, compute_takes, sends):
    monkeypatch.setattr(network_api, 'get_api', lambda: types.SimpleNamespace(
        binding_changes_network_info=backend_binds))
    assert conductor_manager._sends_network_info(
        _ComputeClient(compute_takes)) is sends


def test_the_builtin_binding_keeps_network_info():
    from nova.network import builtin
    from nova.network import neutron_backend
    assert not builtin.BuiltinNetworkAPI.binding_changes_network_info
    assert neutron_backend.NeutronNetworkAPI.binding_changes_network_info


@contextlib.contextmanager
def _transactions():
    begun = []

    def begin(conn):
        begun.append(conn)
    sa.event.listen(sa.engine.Engine, 'begin', begin)
    try:
        yield begun
    finally:
        sa.event.remove(sa.engine.Engine, 'begin', begin)


def test_conductor_reads_mappings_and_network_in_one_transaction(db):
    ctx = nova_context.get_admin_context()
    instance = stored_instances.create(ctx, host=None)
    test_build_bdms._bdm(ctx, instance, source_type='volume',
                         destination_type='volume', boot_index=None,
                         volume_id='v1', device_name='/dev/vdb')
    with _transactions() as begun:
        bdms, info = conductor_manager._build_reads(ctx, instance, True,
                                                    True)
    assert len(begun) == 1
    assert [b.volume_id for b in bdms] == ['v1']
    expected = objects.InstanceNetworkInfo.get_by_instance_uuid(
        ctx, instance.uuid)
    assert info.instance_uuid == instance.uuid
    assert info.network_info == expected.network_info
    assert info.firewall_rules == expected.firewall_rules
    assert conductor_manager._build_reads(ctx, instance, False, False) == (
        None, None)
    bdms, info = conductor_manager._build_reads(ctx, instance, True, False)
    assert info is None and len(bdms) == 1


def test_a_failed_read_leaves_both_to_the_compute(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError('the database went away')

    monkeypatch.setattr(objects.InstanceNetworkInfo, 'get_by_instance_uuid',
                        broken)
    ctx = nova_context.get_admin_context()
    instance = stored_instances.create(ctx, host=None)
    assert conductor_manager._build_reads(ctx, instance, True, True) == (
        None, None)


class _Driver:
    def __init__(self):
        self.plugged = []

    def plug(self, instance, network_info, firewall_rules):
        self.plugged.append((network_info, firewall_rules))


@pytest.fixture
def driver(monkeypatch):
    driver = _Driver()
    monkeypatch.setattr(plug.plumbing, 'get_plumbing', lambda: driver)
    monkeypatch.setattr(network_api, 'get_api', lambda: types.SimpleNamespace(
        bind_to_host=lambda context, instance: None))
    monkeypatch.setattr(plug, '_refreshed', {})
    return driver


def test_plug_uses_the_info_the_build_carried(driver, monkeypatch):
    def no_read(context, instance):
        raise AssertionError('read the network info the build carried')

    monkeypatch.setattr(plug, '_read', no_read)
    instance = types.SimpleNamespace(uuid='a' * 32)
    assert plug.plug(None, instance, info=_info(instance.uuid)) == [
        {'id': 'vif-1'}]
    assert driver.plugged == [([{'id': 'vif-1'}], [])]


def test_a_refresh_before_the_build_plugs_makes_it_read_afresh(
        driver, monkeypatch):
    """A rule added after the conductor read the build's network info
    is refreshed onto the host (cast to it) before the build plugs: the
    build must not plug the rules the refresh replaced."""
    fresh = _info('b' * 32, rules='[{"direction": "ingress"}]')
    monkeypatch.setattr(plug, '_read', lambda context, instance: fresh)
    instance = types.SimpleNamespace(uuid='b' * 32)
    plug.NetworkRefreshMixin().refresh_instance_network(None, instance)
    plug.plug(None, instance, info=_info(instance.uuid))
    assert driver.plugged == [([{'id': 'vif-1'}], [{'direction': 'ingress'}]),
                              ([{'id': 'vif-1'}], [{'direction': 'ingress'}])]


def test_instance_network_info_reads_in_one_transaction(db):
    ctx = nova_context.get_admin_context()
    instance = stored_instances.create(ctx, host=None)
    with _transactions() as begun:
        objects.InstanceNetworkInfo.get_by_instance_uuid(ctx, instance.uuid)
    assert len(begun) == 1
