"""Each action whose message the bus refuses gives back what it took
(nova.compute.unsent): the server's task_state and fields, the image a
snapshot, backup or shelve made, the status of a resize's migration;
the caller gets a 503 to retry."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import oslo_messaging as messaging
import pytest

from nova.compute import api as compute_api
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova.compute import volumes_api
from nova.db import block_devices as bdm_db
from nova.db import volumes as volumes_db
from nova import exception
from nova import objects
from nova.objects import migration as migration_obj
from tests.unit import stored_instances


class _BusRefusing:
    """An RPC client whose every send the bus refuses."""

    def __init__(self):
        self.sent = []

    def __getattr__(self, name):
        def send(*args, **kwargs):
            self.sent.append(name)
            raise messaging.MessageDeliveryFailure('no broker')
        return send


@pytest.fixture
def api(admin_context):
    api = compute_api.API()
    api._compute = _BusRefusing()
    api._conductor = _BusRefusing()
    return api


@pytest.fixture
def image(admin_context, api):
    return api.images.create(admin_context, {
        'name': 'boot', 'visibility': 'public', 'disk_format': 'qcow2',
        'container_format': 'bare'}, data=b'qcow2-ish')


def _server(context, vm_state=vm_states.ACTIVE, **fields):
    instance = stored_instances.create(
        context, vm_state=vm_state, image_ref=uuidutils.generate_uuid(),
        system_metadata={'image_min_ram': '0'}, metadata={'k': 'v'},
        **fields)
    compute_utils.set_flavor(instance, objects.Flavor(
        id=1000, flavorid='1', name='tiny', vcpus=1, memory_mb=512,
        root_gb=1, ephemeral_gb=0, swap=0, extra_specs={}))
    instance.save()
    return stored_instances.reload(context, instance)


def _refused(call, api):
    with pytest.raises(exception.ServiceOutage):
        call()
    assert len(api._compute.sent) + len(api._conductor.sent) == 1


def _images(context, api):
    return {i['id'] for i in api.images.get_all(context)}


@pytest.mark.parametrize('action', [
    lambda api, ctx, server: api.reboot(ctx, server, 'HARD'),
    lambda api, ctx, server: api.set_admin_password(ctx, server, 'pw'),
    lambda api, ctx, server: api.resize(ctx, server, '2'),
    lambda api, ctx, server: api.migrate(ctx, server),
    lambda api, ctx, server: api.live_migrate(ctx, server, None, False),
], ids=['reboot', 'set_admin_password', 'resize', 'migrate', 'live_migrate'])
def test_a_refused_action_gives_the_task_back(admin_context, api, action):
    objects.Flavor(context=admin_context, name='small', flavorid='2',
                   vcpus=1, memory_mb=1024, root_gb=1, ephemeral_gb=0,
                   swap=0).create()
    server = _server(admin_context)
    _refused(lambda: action(api, admin_context, server), api)
    stored = stored_instances.reload(admin_context, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)


def test_a_refused_rebuild_gives_back_image_and_fields(admin_context, api,
                                                       image):
    """Root cause: a rebuild wrote the new image, name and metadata,
    then its message was refused: the server showed an image it never
    ran and a task nothing would run."""
    server = _server(admin_context)
    before = (server.image_ref, server.display_name, server.metadata)
    _refused(lambda: api.rebuild(admin_context, server, image['id'], 'pw',
                                 display_name='renamed',
                                 metadata={'new': 'x'}), api)
    stored = objects.Instance.get_by_uuid(
        admin_context, server.uuid, expected_attrs=['metadata',
                                                    'system_metadata'])
    assert (stored.image_ref, stored.display_name, stored.metadata) == \
        before
    assert stored.system_metadata == {'image_min_ram': '0'}
    assert stored.task_state is None


@pytest.mark.parametrize('action', [
    lambda api, ctx, server: api.snapshot(ctx, server, 'snap'),
    lambda api, ctx, server: api.backup(ctx, server, 'back', 'daily', 2),
    lambda api, ctx, server: api.shelve(ctx, server),
], ids=['snapshot', 'backup', 'shelve'])
def test_a_refused_image_action_deletes_its_image(admin_context, api,
                                                  action):
    server = _server(admin_context)
    images = _images(admin_context, api)
    _refused(lambda: action(api, admin_context, server), api)
    assert _images(admin_context, api) == images
    stored = stored_instances.reload(admin_context, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)


@pytest.mark.parametrize('action', ['confirm_resize', 'revert_resize'])
def test_a_refused_resize_end_gives_the_migration_back(admin_context, api,
                                                       action):
    server = _server(admin_context, vm_state=vm_states.RESIZED)
    migration = objects.Migration(
        context=admin_context, uuid=uuidutils.generate_uuid(),
        instance_uuid=server.uuid, migration_type='resize',
        status='finished', source_compute='host1', dest_compute='host2')
    migration.create()
    _refused(lambda: getattr(api, action)(admin_context, server), api)
    assert migration_obj.latest_of(admin_context, server.uuid,
                                   'finished').id == migration.id
    stored = stored_instances.reload(admin_context, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.RESIZED, None)


def test_a_refused_restore_stays_soft_deleted(admin_context, api):
    deleted_at = timeutils.utcnow().replace(microsecond=0)
    server = _server(admin_context, vm_state=vm_states.SOFT_DELETED,
                     deleted_at=deleted_at)
    _refused(lambda: api.restore(admin_context, server), api)
    stored = stored_instances.reload(admin_context, server)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.SOFT_DELETED, None)
    assert stored.deleted_at.replace(tzinfo=None) == deleted_at


def test_a_refused_soft_delete_keeps_the_server(admin_context, api):
    server = _server(admin_context)
    _refused(lambda: api._soft_delete(admin_context, server), api)
    stored = stored_instances.reload(admin_context, server)
    assert (stored.vm_state, stored.task_state, stored.deleted_at) == (
        vm_states.ACTIVE, None, None)


def test_a_refused_detach_leaves_the_volume_in_use(admin_context):
    """Root cause: the detach marked the volume detaching before its
    message was refused; nothing would ever detach it."""
    volume = volumes_db.volume_create(admin_context, {
        'size': 1, 'status': 'in-use', 'host': 'vol1', 'project_id': 'p'})
    server = _server(admin_context)
    bdm_db.bdm_create(admin_context, {
        'instance_uuid': server.uuid, 'source_type': 'volume',
        'destination_type': 'volume', 'volume_id': volume.uuid,
        'active_volume_id': volume.uuid, 'device_name': '/dev/vdb'})
    api = volumes_api.API()
    api._compute = _BusRefusing()
    with pytest.raises(messaging.MessageDeliveryFailure):
        api.detach(admin_context, server, volume.uuid)
    assert volumes_db.volume_get(admin_context,
                                 volume.uuid).status == 'in-use'
