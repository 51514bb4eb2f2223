"""The database rules of block storage on SQLite, MariaDB and PostgreSQL:
one active mapping per non-multiattach volume, whatever the interleaving."""

import concurrent.futures
import datetime
import threading

from oslo_utils import timeutils
import pytest
import sqlalchemy as sa

from nova import context as nova_context
from nova.db import api as db_api
from nova.db import block_devices as bdm_db
from nova.db import volume_models
from nova.db import volumes as db
from nova.volume import exception
from nova.volume import manager as volume_manager

VOLUME = '11111111-2222-3333-4444-555555555555'


def _mapping(instance, active=VOLUME):
    return {'instance_uuid': instance, 'source_type': 'volume',
            'destination_type': 'volume', 'volume_id': VOLUME,
            'active_volume_id': active}


def test_concurrent_mappings_of_one_volume_one_wins(any_admin_context):
    """No check in code: the unique active_volume_id alone decides."""
    barrier = threading.Barrier(8)

    def insert(index):
        ctx = nova_context.get_admin_context()
        barrier.wait()
        try:
            bdm_db.bdm_create(ctx, _mapping('instance-%d' % index))
            return 'won'
        except exception.InvalidVolume as error:
            return error.format_message()

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(insert, range(8)))
    assert results.count('won') == 1, results
    for result in results:
        if result != 'won':
            assert result.startswith('Invalid volume: volume %s is already '
                                     'attached to instance' % VOLUME)
    assert len(bdm_db.bdm_get_all_volumes(any_admin_context)) == 1


def test_deleted_and_multiattach_mappings_do_not_count(any_admin_context):
    ctx = any_admin_context
    first = bdm_db.bdm_create(ctx, _mapping('i1'))
    with pytest.raises(exception.InvalidVolume):
        bdm_db.bdm_create(ctx, _mapping('i2'))
    bdm_db.bdm_destroy(ctx, first.uuid)
    bdm_db.bdm_create(ctx, _mapping('i2'))
    # Multiattach mappings hold NULL: any number of them.
    bdm_db.bdm_create(ctx, _mapping('i3', active=None))
    bdm_db.bdm_create(ctx, _mapping('i4', active=None))
    assert bdm_db.bdm_count_active(ctx, VOLUME) == 3


def test_reconcile_frees_attachments_without_mapping(conf, admin_context,
                                                     tmp_path):
    conf.set_override('volumes_path', str(tmp_path), group='volume')
    ctx = admin_context
    volume = db.volume_create(ctx, {'size': 1, 'status': 'available',
                                    'host': 'vol1', 'project_id': 'p'})
    attachment = db.attachment_create(ctx, volume, 'gone-instance')
    db.attachment_update(ctx, attachment.uuid, {'attach_status':
                                                'attached'})
    db.volume_update(ctx, volume.uuid, {'status': 'in-use'})
    manager = volume_manager.VolumeManager('vol1')
    try:
        manager.reconcile_attachments(ctx)
    finally:
        manager.cleanup_host()
    assert db.volume_get(ctx, volume.uuid).status == 'available'
    assert db.attachments_of_volumes(ctx, [volume.uuid]) == []


def test_reconcile_ends_a_stuck_detach_in_use(conf, admin_context,
                                              tmp_path):
    conf.set_override('volumes_path', str(tmp_path), group='volume')
    ctx = admin_context
    volume = db.volume_create(ctx, {'size': 1, 'status': 'available',
                                    'host': 'vol1', 'project_id': 'p'})
    attachment = db.attachment_create(ctx, volume, 'i1')
    db.attachment_update(ctx, attachment.uuid, {'attach_status':
                                                'attached'})
    bdm_db.bdm_create(ctx, dict(_mapping('i1', active=volume.uuid),
                                volume_id=volume.uuid))
    db.volume_update(ctx, volume.uuid, {'status': 'detaching'})
    manager = volume_manager.VolumeManager('vol1')
    try:
        manager.reconcile_attachments(ctx)  # recent: a detach in flight
        assert db.volume_get(ctx, volume.uuid).status == 'detaching'
        old = timeutils.utcnow() - datetime.timedelta(hours=1)
        with db_api.writer.using(ctx):
            ctx.session.execute(sa.update(volume_models.Volume).where(
                volume_models.Volume.uuid == volume.uuid).values(
                updated_at=old))
        manager.reconcile_attachments(ctx)
        assert db.volume_get(ctx, volume.uuid).status == 'in-use'
    finally:
        manager.cleanup_host()
