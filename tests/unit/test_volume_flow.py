"""The volume creation flow and the file backend on a real database."""

import os

import pytest

from nova import context as nova_context
from nova.db import volumes as db
from nova import exception as nova_exception
from nova import objects
from nova.volume import builtin
from nova.volume import exception
from nova.volume import file_backend
from nova.volume.flows import create_volume
from nova.volume import quota


class RecordingRpc:
    """Stands in for the bus: records casts, runs the host side inline."""

    def __init__(self, backend):
        self.backend = backend
        self.casts = []

    def create_volume(self, context, host, volume_id):
        self.casts.append((host, volume_id))
        create_volume.run_manager_flow(context, self.backend, None,
                                       volume_id)


@pytest.fixture
def volume_host(admin_context):
    service = objects.Service(context=admin_context, host='vol1',
                              binary='nova-volume', topic='volume')
    service.create()
    service.heartbeat()
    return service


@pytest.fixture
def ctx(db):
    return nova_context.RequestContext(user_id='u1', project_id='p1')


def _create(ctx, rpc, **kw):
    request = dict(size=1, name='v', description=None, metadata=None,
                   volume_type=None, snapshot_id=None, source_volid=None,
                   image_id=None, availability_zone=None, multiattach=False)
    request.update(kw)
    return create_volume.run_api_flow(ctx, None, rpc, **request)


def test_create_makes_sparse_file_and_available(conf, ctx, volume_host,
                                                tmp_path):
    backend = file_backend.FileBackend(str(tmp_path / 'vols'))
    rpc = RecordingRpc(backend)
    volume_id = _create(ctx, rpc, size=2)
    row = db.volume_get(ctx, volume_id)
    assert row.status == 'available' and row.host == 'vol1'
    assert os.path.getsize(row.provider_location) == 2 * 1024 ** 3
    # Sparse: nothing written, (almost) nothing allocated.
    assert os.stat(row.provider_location).st_blocks < 64
    info = backend.connection_info(row.provider_location, row.disk_format)
    assert info == {'driver_volume_type': 'file',
                    'data': {'device_path': row.provider_location,
                             'format': 'raw'}}
    assert db.quota_usage(ctx, 'p1') == {'volumes': 1, 'gigabytes': 2}


def test_backend_failure_leaves_error_and_releases_quota(
        conf, ctx, volume_host, tmp_path):
    conf.set_override('fail_create_for_names', ['boom'], group='volume')
    backend = file_backend.FileBackend(str(tmp_path / 'vols'))
    volume_id = _create(ctx, RecordingRpc(backend), name='boom', size=3)
    row = db.volume_get(ctx, volume_id)
    assert row.status == 'error'
    assert 'simulated failure' in row.error_reason
    assert db.quota_usage(ctx, 'p1') == {}
    assert not os.path.exists(backend.volume_file(volume_id))


def test_failed_api_flow_reverts_row_and_reservation(conf, ctx, tmp_path):
    # No volume host is up: the last task fails, every task reverts.
    with pytest.raises(exception.NoVolumeHost):
        _create(ctx, RecordingRpc(None), size=1)
    assert db.volume_get_all(ctx) == []
    assert db.quota_usage(ctx, 'p1') == {}


def test_quota_counts_reservations_and_types(conf, ctx, volume_host,
                                             tmp_path):
    conf.set_override('quota_volumes', 1, group='volume')
    backend = file_backend.FileBackend(str(tmp_path / 'vols'))
    _create(ctx, RecordingRpc(backend))
    with pytest.raises(exception.VolumeLimitExceeded) as error:
        _create(ctx, RecordingRpc(backend))
    assert 'Quota exceeded for volumes' in str(error.value)
    assert len(db.volume_get_all(ctx)) == 1
    deltas = quota.deltas_for({'volumes': 1, 'gigabytes': 5}, 'gold')
    assert deltas == {'volumes': 1, 'gigabytes': 5, 'volumes_gold': 1,
                      'gigabytes_gold': 5}


def test_per_type_quota(conf, ctx, volume_host, tmp_path):
    from nova.db import quotas as quotas_db
    db.volume_type_create(ctx, 'gold', {'tier': '1'})
    quotas_db.quota_set(ctx, 'p1', {'gigabytes_gold': 3})
    backend = file_backend.FileBackend(str(tmp_path / 'vols'))
    _create(ctx, RecordingRpc(backend), size=2, volume_type='gold')
    with pytest.raises(exception.VolumeLimitExceeded):
        _create(ctx, RecordingRpc(backend), size=2, volume_type='gold')
    _create(ctx, RecordingRpc(backend), size=2)  # untyped: no type limit


def test_create_from_volume_and_snapshot_copy_data(conf, ctx, volume_host,
                                                   tmp_path):
    backend = file_backend.FileBackend(str(tmp_path / 'vols'))
    rpc = RecordingRpc(backend)
    source = db.volume_get(ctx, _create(ctx, rpc, size=1))
    with open(source.provider_location, 'r+b') as f:
        f.write(b'marker')
    clone = db.volume_get(ctx, _create(ctx, rpc, source_volid=source.uuid,
                                       size=None))
    assert clone.size == 1
    with open(clone.provider_location, 'rb') as f:
        assert f.read(6) == b'marker'
    snap = db.snapshot_create(ctx, {
        'volume_uuid': source.uuid, 'status': 'available',
        'volume_size': 1, 'project_id': 'p1',
        'provider_location': backend.snapshot('s1',
                                              source.provider_location)})
    bigger = db.volume_get(ctx, _create(ctx, rpc, snapshot_id=snap.uuid,
                                        size=2))
    assert bigger.status == 'available'
    assert os.path.getsize(bigger.provider_location) == 2 * 1024 ** 3
    with pytest.raises(nova_exception.InvalidInput,
                       match='cannot be smaller'):
        _create(ctx, rpc, source_volid=bigger.uuid, size=1)


def test_attachment_unique_for_non_multiattach(conf, ctx, volume_host,
                                               tmp_path):
    backend = file_backend.FileBackend(str(tmp_path / 'vols'))
    volume = db.volume_get(ctx, _create(ctx, RecordingRpc(backend)))
    first = db.attachment_create(ctx, volume, 'i1')
    # Even with the status reset behind our back (admin reset-state), the
    # unique active_volume_id refuses a second attachment.
    db.volume_update(ctx, volume.uuid, {'status': 'available'})
    with pytest.raises(exception.InvalidVolume):
        db.attachment_create(ctx, db.volume_get(ctx, volume.uuid), 'i2')
    assert db.attachment_destroy(ctx, first.uuid).status == 'available'
    assert db.attachment_destroy(ctx, first.uuid) is None  # idempotent
    db.attachment_create(ctx, db.volume_get(ctx, volume.uuid), 'i2')
    view = builtin.volume_view(ctx, db.volume_get(ctx, volume.uuid))
    assert [a['server_id'] for a in view['attachments']] == ['i2']


class InlineVolumeHost:
    """The volume rpcapi, calling a VolumeManager's methods inline."""

    def __init__(self, manager):
        self.manager = manager

    def extend_volume(self, context, host, volume_id, new_size):
        self.manager.extend_volume(context, volume_id, new_size)

    def upload_to_image(self, context, host, volume_id, image_id):
        self.manager._upload_to_image(context, volume_id, image_id)


def test_extend_and_upload_to_image(conf, ctx, volume_host, tmp_path):
    from nova.volume import manager as volume_manager
    backend = file_backend.FileBackend(str(tmp_path / 'vols'))
    volume_id = _create(ctx, RecordingRpc(backend), size=1)
    manager = volume_manager.VolumeManager('vol1', backend=backend)
    api = builtin.API()
    api._rpc = InlineVolumeHost(manager)
    try:
        with pytest.raises(nova_exception.InvalidInput,
                           match='must be greater'):
            api.extend(ctx, volume_id, 1)
        api.extend(ctx, volume_id, 3)
        row = db.volume_get(ctx, volume_id)
        assert (row.size, row.status) == (3, 'available')
        assert os.path.getsize(row.provider_location) == 3 * 1024 ** 3
        # Upload what the volume file holds (a small file here: a real
        # 3 GiB raw upload would copy 3 GiB of zeros).
        small = tmp_path / 'small-volume'
        small.write_bytes(b'bootable' + b'\0' * 1024)
        db.volume_update(ctx, volume_id, {'provider_location': str(small)})
        image = api.upload_to_image(ctx, volume_id, 'from-volume')
        assert db.volume_get(ctx, volume_id).status == 'available'
        stored = api.images.get(ctx, image['id'])
        assert stored['status'] == 'active'
        assert stored['size'] == 1032
        data = b''.join(api.images.download(ctx, image['id']))
        assert data.startswith(b'bootable')
    finally:
        manager.cleanup_host()
