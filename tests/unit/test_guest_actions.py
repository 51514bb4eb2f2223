"""Actions on a guest where it runs: the fake driver's side, backup
rotation, snapshot image metadata and the compute side's outcomes."""

import concurrent.futures
import datetime
import types

from oslo_utils import timeutils
import pytest

from nova.api.openstack.compute import actions
from nova.api.openstack.compute import server_guest_actions
from nova.compute import backups
from nova.compute import guest_actions
from nova.compute import power_state
from nova.compute import snapshots
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova.image import api as image_api
from nova.image import qcow2
from nova import objects
from nova import policies
from nova.virt import fake
from nova.virt import fake_guest
from tests.unit import stored_instances

UUID = 'e4d909c2-90d0-4c3e-9d4b-4b4c2b3b1f00'


def _guest(name='vm', uuid='u1'):
    return types.SimpleNamespace(uuid=uuid, display_name=name,
                                 memory_mb=512, vcpus=2, root_gb=1)


# The fake driver ------------------------------------------------------------


def test_console_log_follows_the_guests_life(conf):
    driver = fake.FakeDriver('host1')
    guest = _guest()
    driver.spawn(None, guest, None, [], 'pw')
    first = driver.get_console_output(None, guest)
    boot = first.splitlines()
    # A log of several lines, as clients (Tempest's "unlimited length"
    # console test wants more than 3) expect of a booted guest.
    assert len(boot) == fake_guest.BOOT_LINES > 3
    assert boot[0] == '[    0.000000] Linux version 6.1.0-fake (first boot)'
    assert 'Memory: 512MiB' in first
    assert boot[-1] == 'vm login:'
    driver.reboot(None, guest, None, 'HARD')
    driver.power_off(guest)
    driver.power_on(None, guest, None)
    lines = driver.get_console_output(None, guest).splitlines()
    n = fake_guest.BOOT_LINES
    assert len(lines) == 3 * n + 1
    assert 'hard reboot' in lines[n]
    assert lines[2 * n] == 'reboot: Power down'
    assert 'power on' in lines[2 * n + 1]
    driver.destroy(None, guest)
    with pytest.raises(exception.InstanceNotReady):
        driver.get_console_output(None, guest)
    # A new guest of the same uuid starts with a new log.
    driver.spawn(None, guest, None, [], 'pw')
    assert driver.get_console_output(None, guest) == first


def test_console_log_keeps_the_last_lines(conf):
    driver = fake.FakeDriver('host1')
    guest = _guest()
    driver.spawn(None, guest, None, [], None)
    for number in range(fake_guest.MAX_CONSOLE_LINES + 10):
        driver.console_log(guest, 'line %d' % number)
    lines = driver.get_console_output(None, guest).splitlines()
    assert len(lines) == fake_guest.MAX_CONSOLE_LINES
    assert lines[-1] == 'line %d' % (fake_guest.MAX_CONSOLE_LINES + 9)


def test_rescue_unrescue_and_passwords(conf):
    driver = fake.FakeDriver('host1')
    guest = _guest()
    driver.spawn(None, guest, None, [], 'boot-pw')
    assert driver.admin_password_of(guest) == 'boot-pw'
    driver.pause(guest)
    rescue_image = objects.ImageMeta.from_dict({'id': UUID})
    driver.rescue(None, guest, None, rescue_image, 'rescue-pw')
    assert driver.rescue_image_of(guest) == UUID
    assert driver.get_info(guest).state == power_state.RUNNING
    # The rescue password belongs to the rescue system only.
    assert driver.admin_password_of(guest) == 'boot-pw'
    driver.unrescue(None, guest)
    assert driver.rescue_image_of(guest) is None
    driver.set_admin_password(guest, 'new-pw')
    assert driver.admin_password_of(guest) == 'new-pw'
    assert 'rescue from image %s' % UUID in driver.get_console_output(
        None, guest)


def test_rebuild_starts_a_new_disk(conf):
    driver = fake.FakeDriver('host1')
    guest = _guest()
    driver.spawn(None, guest, None, [], 'pw')
    driver.power_off(guest)
    driver.rebuild(None, guest, {'id': UUID}, 'rebuilt-pw')
    assert driver.get_info(guest).state == power_state.RUNNING
    assert driver.admin_password_of(guest) == 'rebuilt-pw'
    output = driver.get_console_output(None, guest)
    assert 'first boot' not in output
    assert 'rebuilt from image %s' % UUID in output


def test_guest_actions_fail_for_configured_names(conf):
    conf.set_override('fail_guest_actions_for', ['bad'], 'fake_driver')
    driver = fake.FakeDriver('host1')
    guest = _guest('bad')
    driver.spawn(None, guest, None, [], None)
    with pytest.raises(exception.InstancePasswordSetFailed):
        driver.set_admin_password(guest, 'pw')
    for call in (lambda: driver.rescue(None, guest, None, None, 'pw'),
                 lambda: driver.unrescue(None, guest),
                 lambda: driver.rebuild(None, guest, None, 'pw'),
                 lambda: driver.snapshot(None, guest, UUID, None)):
        with pytest.raises(exception.NovaException, match='Simulated'):
            call()


def test_network_resets_on_a_missing_guest_are_not_found(conf):
    driver = fake.FakeDriver('host1')
    with pytest.raises(exception.InstanceNotFound):
        driver.reset_network(_guest())
    with pytest.raises(exception.InstanceNotFound):
        driver.inject_network_info(_guest(), None)


def test_snapshot_uploads_a_qcow2_disk_and_moves_the_task(admin_context):
    driver = fake.FakeDriver('host1')
    guest = _guest()
    guest.root_gb = 2
    driver.spawn(None, guest, None, [], None)
    images = image_api.API()
    image = images.create(admin_context, {
        'name': 'snap', 'disk_format': 'qcow2', 'container_format': 'bare'})
    steps = []

    def update_task_state(task_state, expected_state=None):
        steps.append((task_state, expected_state))
        # The upload comes after the last task state change.
        assert images.get(admin_context, image['id'])['status'] == 'queued'

    driver.snapshot(admin_context, guest, image['id'], update_task_state)
    assert steps == [(task_states.IMAGE_PENDING_UPLOAD, None),
                     (task_states.IMAGE_UPLOADING,
                      task_states.IMAGE_PENDING_UPLOAD)]
    stored = images.get(admin_context, image['id'])
    assert stored['status'] == 'active'
    assert stored['virtual_size'] == 2 * 1024 ** 3
    data = b''.join(images.download(admin_context, image['id']))
    assert qcow2.virtual_size(data) == 2 * 1024 ** 3


# Backup rotation ------------------------------------------------------------


def _backup(image_id, minute):
    return {'id': image_id,
            'created_at': datetime.datetime(2026, 1, 1, 12, minute)}


@pytest.mark.parametrize('rotation,deleted', [
    (3, []), (2, ['a']), (1, ['b', 'a']), (0, ['c', 'b', 'a'])])
def test_rotation_deletes_the_oldest(rotation, deleted):
    found = [_backup('b', 2), _backup('a', 1), _backup('c', 3)]
    assert backups.excess(found, rotation) == deleted


def test_rotation_keeps_the_new_backup_on_a_timestamp_tie():
    found = [_backup('old', 1), _backup('new', 1)]
    assert backups.excess(found, 1, newest_id='new') == ['old']
    assert backups.excess(list(reversed(found)), 1,
                          newest_id='new') == ['old']


class _Images:
    """The part of nova.image.api.API rotate uses, over a list."""

    def __init__(self, images, vanished=()):
        self.images = images
        self.vanished = set(vanished)
        self.filters = None

    def get_all(self, context, filters=None):
        self.filters = filters
        return list(self.images)

    def delete(self, context, image_id):
        if image_id in self.vanished:
            raise exception.ImageNotFound(image_id=image_id)
        self.images = [i for i in self.images if i['id'] != image_id]


def test_rotate_asks_for_this_servers_backups_of_the_type():
    images = _Images([_backup('a', 1), _backup('b', 2), _backup('c', 3)],
                     vanished=['a'])
    assert backups.rotate(None, images, UUID, 'weekly', 1, 'c') == ['b']
    assert images.filters == {'property-image_type': 'backup',
                              'property-instance_uuid': UUID,
                              'property-backup_type': 'weekly'}
    assert [i['id'] for i in images.images] == ['a', 'c']


# Snapshot image metadata ----------------------------------------------------


def test_snapshot_image_inherits_the_servers_image_properties():
    flavor = objects.Flavor(root_gb=5)
    instance = types.SimpleNamespace(
        uuid=UUID, project_id='proj', image_ref='base-id', flavor=flavor,
        system_metadata={
            'image_os_distro': 'cirros', 'image_hw_disk_bus': 'virtio',
            'image_min_disk': '1', 'image_min_ram': '64',
            'image_disk_format': 'qcow2', 'image_container_format': 'bare',
            'image_base_image_ref': 'base-id', 'image_image_type': 'snapshot',
            'image_instance_uuid': 'another-server', 'other': 'x'})
    context = types.SimpleNamespace(user_id='alice')
    meta = snapshots.image_meta(context, instance, 'snap', {
        'image_type': 'backup', 'backup_type': 'daily'})
    assert meta == {
        'name': 'snap', 'visibility': 'private', 'owner': 'proj',
        'min_disk': 5, 'min_ram': 64, 'disk_format': 'qcow2',
        'container_format': 'bare',
        'properties': {'os_distro': 'cirros', 'hw_disk_bus': 'virtio',
                       'instance_uuid': UUID, 'user_id': 'alice',
                       'base_image_ref': 'base-id', 'image_type': 'backup',
                       'backup_type': 'daily'}}


def test_rebuild_replaces_the_image_system_metadata():
    old = {'image_os_distro': 'cirros', 'image_kernel_id': 'k',
           'owner_note': 'kept'}
    new = snapshots.with_image_system_metadata(old, {
        'id': UUID, 'min_ram': 0, 'disk_format': 'raw',
        'properties': {'os_distro': 'fedora', 'dropped': None}})
    assert new == {'owner_note': 'kept', 'image_os_distro': 'fedora',
                   'image_min_ram': '0', 'image_disk_format': 'raw',
                   'image_base_image_ref': UUID}


# The compute side -----------------------------------------------------------


@pytest.mark.parametrize('lines,expected', [
    (None, 'a\nb\nc\n'), (3, 'b\nc\n'), (2, 'c\n'), (5, 'a\nb\nc\n'),
    (0, '')])
def test_console_tail(lines, expected):
    assert guest_actions._tail('a\nb\nc\n', lines) == expected


def test_event_names_follow_upstream():
    assert guest_actions.event_name('rescue') == 'compute_rescue_instance'
    assert guest_actions.event_name('set_admin_password') == \
        'compute_set_admin_password'
    assert guest_actions.event_name('soft_delete') == \
        'compute_soft_delete_instance'


class Compute(guest_actions.GuestActionsMixin):
    """Just what the mixin needs of ComputeManager."""

    def __init__(self, driver):
        self.host = 'host1'
        self.driver = driver
        self._workers = concurrent.futures.ThreadPoolExecutor(1)
        self.terminated = []

    def run(self, method, context, instance, *args):
        result = getattr(self, method)(context, instance, *args)
        self._workers.shutdown(wait=True)
        return result

    def _terminate(self, context, instance):
        self.terminated.append(instance.uuid)


def _instance(context, driver, vm_state, task_state, name='vm'):
    instance = stored_instances.create(context, task_state, vm_state,
                                       uuid=UUID, display_name=name,
                                       root_gb=1)
    driver.spawn(context, instance, None, [], None)
    return instance


_reload = stored_instances.reload


def test_rescue_leaves_the_server_rescued(admin_context):
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.ACTIVE,
                         task_states.RESCUING)
    Compute(driver).run('rescue_instance', admin_context, instance, 'pw',
                        objects.ImageMeta.from_dict({'id': UUID}))
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state, stored.power_state) == (
        vm_states.RESCUED, None, power_state.RUNNING)
    assert stored.fault is None


def test_rebuild_of_a_stopped_server_ends_stopped(admin_context):
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.STOPPED,
                         task_states.REBUILDING)
    Compute(driver).run('rebuild_instance', admin_context, instance,
                        objects.ImageMeta.from_dict({'id': UUID}), 'pw',
                        False, True)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state, stored.power_state) == (
        vm_states.STOPPED, None, power_state.SHUTDOWN)
    assert stored.launched_at is not None


def test_failed_rebuild_is_an_error_with_a_fault(admin_context, conf):
    conf.set_override('fail_guest_actions_for', ['bad'], 'fake_driver')
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.ACTIVE,
                         task_states.REBUILDING, name='bad')
    Compute(driver).run('rebuild_instance', admin_context, instance,
                        None, 'pw', False, False)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert 'Simulated rebuild failure' in stored.fault.message


def test_failed_password_change_answers_and_leaves_a_fault(admin_context,
                                                           conf):
    conf.set_override('fail_guest_actions_for', ['bad'], 'fake_driver')
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.ACTIVE,
                         task_states.UPDATING_PASSWORD, name='bad')
    with pytest.raises(exception.InstancePasswordSetFailed):
        Compute(driver).run('set_admin_password', admin_context, instance,
                            'pw')
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert 'Failed to set admin password' in stored.fault.message


def test_failed_snapshot_deletes_its_image(admin_context, conf):
    conf.set_override('fail_guest_actions_for', ['bad'], 'fake_driver')
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.ACTIVE,
                         task_states.IMAGE_SNAPSHOT, name='bad')
    image = image_api.API().create(admin_context, {'name': 'doomed'})
    Compute(driver).run('snapshot_instance', admin_context, instance,
                        image['id'])
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert 'Simulated snapshot failure' in stored.fault.message
    with pytest.raises(exception.ImageNotFound):
        image_api.API().get(admin_context, image['id'])


def test_backup_uploads_then_rotates(admin_context):
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.ACTIVE, None)
    images = image_api.API()
    made = []
    for name in ('b1', 'b2', 'b3'):
        image = images.create(admin_context, {
            'name': name, 'disk_format': 'qcow2',
            'container_format': 'bare', 'properties': {
                'image_type': 'backup', 'backup_type': 'daily',
                'instance_uuid': UUID}})
        made.append(image['id'])
        instance.task_state = task_states.IMAGE_BACKUP
        instance.save()
        Compute(driver).run('backup_instance', admin_context, instance,
                            image['id'], 'daily', 2)
        assert _reload(admin_context, instance).task_state is None
        assert images.get(admin_context, image['id'])['status'] == 'active'
    remaining = sorted(i['name'] for i in images.get_all(admin_context))
    assert remaining == ['b2', 'b3']


@pytest.mark.parametrize('age,reclaimed', [(30, True), (5, False)])
def test_reclaim_deletes_servers_soft_deleted_long_enough_ago(
        admin_context, conf, age, reclaimed):
    conf.set_override('reclaim_instance_interval', 10)
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.SOFT_DELETED,
                         None)
    instance.deleted_at = timeutils.utcnow() - datetime.timedelta(
        seconds=age)
    instance.save()
    compute = Compute(driver)
    compute._reclaim_queued_deletes(admin_context)
    stored = _reload(admin_context, instance)
    if reclaimed:
        assert compute.terminated == [UUID]
        assert stored.task_state == task_states.DELETING
    else:
        assert compute.terminated == []
        assert stored.task_state is None


def test_reclaim_is_off_without_an_interval(admin_context):
    driver = fake.FakeDriver('host1')
    instance = _instance(admin_context, driver, vm_states.SOFT_DELETED,
                         None)
    instance.deleted_at = timeutils.utcnow() - datetime.timedelta(days=1)
    instance.save()
    compute = Compute(driver)
    compute._reclaim_queued_deletes(admin_context)
    assert compute.terminated == []


# The API side ---------------------------------------------------------------


def test_passwords_are_left_out_when_the_api_hides_them(conf):
    assert server_guest_actions._password_body('pw') == {'adminPass': 'pw'}
    conf.set_override('enable_instance_password', False, 'api')
    assert server_guest_actions._password_body('pw') == {}


def test_every_guest_action_has_a_registered_policy():
    registered = {rule.name for rule in policies.list_rules()}
    for name, declared in server_guest_actions.ACTIONS.items():
        for action in actions.windows(declared):
            assert action.rule in registered, name
