"""Compute RPC 1.14: the build request carries the volume mappings the
conductor read, so the compute does not ask the conductor for them; an
older compute (pinned below 1.14) still gets the 1.0 message and reads
them itself."""

import threading

import oslo_messaging as messaging
import pytest

from nova.compute import rpcapi as compute_rpcapi
from nova.compute import volume_actions
from nova.conductor import manager as conductor_manager
from nova import context as nova_context
from nova import objects
from nova import rpc
from nova import upgrade_levels
from tests.unit import stored_instances


class _Compute:
    """A compute endpoint of the given version that records the keyword
    arguments of each build it receives."""

    def __init__(self, version):
        self.target = messaging.Target(version=version)
        self.got = []
        self.event = threading.Event()

    def build_and_run_instance(self, ctxt, instance, node, image,
                               request_spec, admin_password, injected_files,
                               **kwargs):
        self.got.append(kwargs)
        self.event.set()


def _serve(conf, endpoint):
    conf.set_override('transport_url', 'inproc://')
    upgrade_levels.reset()
    rpc.cleanup()
    rpc.init(conf)
    server = rpc.get_server(
        messaging.Target(topic='compute', server='host1'), [endpoint])
    server.start()
    return server


@pytest.fixture
def bus(conf):
    servers = []
    yield lambda endpoint: servers.append(_serve(conf, endpoint))
    for server in servers:
        server.stop()
        server.wait()
    rpc.cleanup()
    upgrade_levels.reset()


def _build(api):
    ctx = nova_context.get_admin_context()
    instance = objects.Instance(uuid='f' * 32, host='host1')
    mappings = objects.BlockDeviceMappingList(objects=[])
    api.build_and_run_instance(ctx, instance, 'host1', 'node1', None, None,
                               None, [], block_device_mappings=mappings)


def test_build_carries_the_volume_mappings(conf, bus):
    compute = _Compute('1.14')
    bus(compute)
    api = compute_rpcapi.ComputeAPI()
    assert api.can_build_with_bdms()
    _build(api)
    assert compute.event.wait(5)
    mappings = compute.got[0]['block_device_mappings']
    assert isinstance(mappings, objects.BlockDeviceMappingList)
    assert list(mappings) == []


def test_an_older_compute_gets_the_build_without_them(conf, bus):
    """A compute of 1.13 has no block_device_mappings argument: the
    pinned conductor sends the 1.0 message, which that compute takes."""
    conf.set_override('compute', '1.13', group='upgrade_levels')
    compute = _Compute('1.13')
    bus(compute)
    api = compute_rpcapi.ComputeAPI()
    assert not api.can_build_with_bdms()
    _build(api)
    assert compute.event.wait(5)
    assert compute.got == [{}]


def _bdm(ctx, instance, **fields):
    bdm = objects.BlockDeviceMapping(context=ctx,
                                     instance_uuid=instance.uuid, **fields)
    bdm.create()
    return bdm


def test_conductor_reads_only_the_volume_mappings(db):
    ctx = nova_context.get_admin_context()
    instance = stored_instances.create(ctx, host=None)
    _bdm(ctx, instance, source_type='image', destination_type='local',
         boot_index=0, image_id='i')
    volume = _bdm(ctx, instance, source_type='volume',
                  destination_type='volume', boot_index=None,
                  volume_id='v1', device_name='/dev/vdb')
    mappings = conductor_manager._volume_mappings(ctx, instance)
    assert [b.uuid for b in mappings] == [volume.uuid]
    bare = stored_instances.create(ctx, host=None)
    assert list(conductor_manager._volume_mappings(ctx, bare)) == []


def test_compute_uses_the_mappings_it_was_given(monkeypatch):
    def no_read(*args, **kwargs):
        raise AssertionError('read the mappings the build carried')

    monkeypatch.setattr(objects.BlockDeviceMappingList,
                        'get_by_instance_uuid', no_read)
    mixin = volume_actions.VolumeActionsMixin()
    instance = objects.Instance(uuid='f' * 32)
    assert mixin.prepare_block_devices(
        None, instance, bdms=objects.BlockDeviceMappingList(
            objects=[])) is None


def test_a_failed_read_leaves_the_mappings_to_the_compute(monkeypatch):
    """A database outage right after scheduling must not stop the placed
    build from going out: its compute reads the mappings itself."""
    def outage(*args, **kwargs):
        raise RuntimeError('database gone')

    monkeypatch.setattr(objects.BlockDeviceMappingList,
                        'get_by_instance_uuid', outage)
    instance = objects.Instance(uuid='f' * 32)
    assert conductor_manager._volume_mappings(
        nova_context.get_admin_context(), instance) is None
