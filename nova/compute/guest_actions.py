"""The compute service's actions on a guest where it runs: rescue,
unrescue, rebuild, set_admin_password, snapshot and backup, console
output, diagnostics, network info resets, soft delete and restore.

A mixin of ComputeManager; RPC version 1.2 (diagnostics 1.7, in the
2.48 format 1.10). Casts run on the worker pool through
nova.compute.action_runner; the calls (password, console output,
diagnostics) answer on the RPC thread. On
success the instance takes the states nova.compute.states names for the
action; a driver failure records a fault and clears the task_state,
leaving the stable state (rebuild, which may have destroyed the guest,
goes to ERROR).
"""

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute import action_runner
from nova.compute import backups
from nova.compute import power_state
from nova.compute import states
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova.image import api as image_api
from nova.network import plug as network_plug
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Upstream's event names, where they are not compute_<name>_instance.
_EVENTS = {
    'set_admin_password': 'compute_set_admin_password',
    'inject_network_info': 'compute_inject_network_info',
    'reset_network': 'compute_reset_network',
    'trigger_crash_dump': 'compute_trigger_crash_dump',
}


def event_name(action):
    """The instance action event the compute step of action records."""
    return _EVENTS.get(action, 'compute_%s_instance' % action)


def _tail(text, lines):
    """The last `lines` newline-separated pieces of text (all of it when
    lines is None): a log ending in a newline has an empty last piece, so
    asking for 3 gives 2 lines and that newline, as upstream does."""
    if lines is None:
        return text
    if lines <= 0:
        return ''
    return '\n'.join(text.split('\n')[-lines:])


class GuestActionsMixin(action_runner.ActionRunnerMixin):
    """RPC methods 1.2 of ComputeManager."""

    # Rescue -------------------------------------------------------------

    def rescue_instance(self, context, instance, rescue_password,
                        rescue_image):
        self._submit_guest_action(
            context, instance, 'rescue', lambda: self.driver.rescue(
                context, instance, None, rescue_image, rescue_password),
            notify_fields={'rescue_image_ref': rescue_image.get('id')
                           if isinstance(rescue_image, dict) else None})

    def unrescue_instance(self, context, instance):
        self._submit_guest_action(
            context, instance, 'unrescue',
            lambda: self.driver.unrescue(context, instance))

    # Rebuild ------------------------------------------------------------

    def rebuild_instance(self, context, instance, image, admin_password,
                         preserve_ephemeral, was_stopped,
                         reimage_boot_volume=False):
        def rebuild():
            if reimage_boot_volume:
                self._rebuild_from_volume(context, instance, image,
                                          admin_password)
            else:
                rebuild_guest()
            if was_stopped:
                self.driver.power_off(instance)
            instance.launched_at = timeutils.utcnow()

        def rebuild_guest():
            try:
                self.driver.rebuild(context, instance, image,
                                    admin_password, preserve_ephemeral)
            except NotImplementedError:
                # No rebuild of its own: a new guest in place of the old.
                self.driver.destroy(context, instance)
                self.driver.spawn(context, instance, image, [],
                                  admin_password,
                                  network_info=network_plug.plug(
                                      context, instance))

        self._submit_guest_action(
            context, instance, 'rebuild', rebuild, error_on_failure=True,
            vm_state=vm_states.STOPPED if was_stopped else None)

    def _rebuild_from_volume(self, context, instance, image,
                             admin_password):
        """API 2.93: the guest goes, the volume service rewrites the boot
        volume from image, and a new guest boots from that volume (the
        same for every driver: no driver rebuilds a volume in place)."""
        self.driver.destroy(context, instance)
        block_device_info = self.reimage_boot_volume(context, instance,
                                                     image.id)
        self.driver.spawn(context, instance, image, [], admin_password,
                          network_info=network_plug.plug(context, instance),
                          block_device_info=block_device_info)

    # Password (RPC call) ------------------------------------------------

    def set_admin_password(self, context, instance, new_pass):
        """Set the guest's password; the API answers with the outcome."""
        try:
            self._run_guest_action(
                context, instance, 'set_admin_password',
                lambda: self.driver.set_admin_password(instance, new_pass),
                reraise=True)
        except (NotImplementedError, exception.InstancePasswordSetFailed):
            raise
        except Exception as error:
            raise exception.InstancePasswordSetFailed(
                instance=instance.uuid, reason=str(error))

    # Snapshot and backup ------------------------------------------------

    def snapshot_instance(self, context, instance, image_id):
        self._workers.submit(self._snapshot, context, instance, image_id,
                             'snapshot')

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        self._workers.submit(self._snapshot, context, instance, image_id,
                             'backup', backup_type, rotation)

    def _snapshot(self, context, instance, image_id, action,
                  backup_type=None, rotation=None):
        claimed = [states.TRANSITIONS[action].task_state]

        def update_task_state(task_state, expected_state=claimed[0]):
            instance.task_state = task_state
            instance.save(expected_task_state=[expected_state])
            claimed[0] = task_state

        images = image_api.API()

        def snapshot_and_rotate():
            self.driver.snapshot(context, instance, image_id,
                                 update_task_state)
            if action == 'backup':
                # Before the task ends: once the server is idle again its
                # old backups are already gone.
                self._rotate_backups(context, images, instance, backup_type,
                                     rotation, image_id)

        done = self._run_guest_action(
            context, instance, action, snapshot_and_rotate,
            expected_task_state=claimed,
            notify_fields={'snapshot_image_id': image_id}
            if action == 'snapshot' else None)
        if not done:
            # Upstream deletes the image of a failed snapshot too.
            self._delete_image_quietly(context, images, image_id)

    @staticmethod
    def _rotate_backups(context, images, instance, backup_type, rotation,
                        image_id):
        """Delete the oldest backups beyond rotation; a failure here does
        not fail the backup just made."""
        try:
            for old in backups.rotate(context, images, instance.uuid,
                                      backup_type, rotation, image_id):
                LOG.info('Deleted backup %s of instance %s (rotation %d)',
                         old, instance.uuid, rotation)
        except Exception:
            LOG.exception('Rotation of the %s backups of instance %s failed',
                          backup_type, instance.uuid)

    @staticmethod
    def _delete_image_quietly(context, images, image_id):
        try:
            images.delete(context, image_id)
        except exception.ImageNotFound:
            pass
        except Exception:
            LOG.exception('Could not delete image %s of a failed snapshot',
                          image_id)

    # Console output (RPC call) ------------------------------------------

    def get_console_output(self, context, instance, tail_length):
        return _tail(self.driver.get_console_output(context, instance),
                     tail_length)

    # Diagnostics (RPC call, 1.7) ----------------------------------------

    def get_diagnostics(self, context, instance):
        """The driver's counters of a running guest; 409 otherwise, as
        a stopped guest has none."""
        self._check_running(instance, 'get_diagnostics')
        return self.driver.get_diagnostics(instance)

    def get_instance_diagnostics(self, context, instance):
        """The same in the standard format of API 2.48 (RPC 1.10)."""
        self._check_running(instance, 'get_instance_diagnostics')
        return self.driver.get_instance_diagnostics(instance)

    def _check_running(self, instance, action):
        state = self.driver.get_info(instance).state
        if state != power_state.RUNNING:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='power state',
                state=power_state.STATE_MAP.get(state, state))

    # Network info -------------------------------------------------------

    def inject_network_info(self, context, instance):
        self._submit_guest_action(
            context, instance, 'inject_network_info',
            lambda: self.driver.inject_network_info(instance, None))

    def reset_network(self, context, instance):
        self._submit_guest_action(
            context, instance, 'reset_network',
            lambda: self.driver.reset_network(instance))

    def trigger_crash_dump(self, context, instance):
        self._submit_guest_action(
            context, instance, 'trigger_crash_dump',
            lambda: self.driver.trigger_crash_dump(instance))

    # Soft delete, restore and reclaim -----------------------------------

    def soft_delete_instance(self, context, instance):
        self._submit_guest_action(context, instance, 'soft_delete',
                                  lambda: self.driver.power_off(instance))

    def restore_instance(self, context, instance):
        self._submit_guest_action(context, instance, 'restore',
                                  lambda: self.driver.power_on(
                                      context, instance, None))

    def _reclaim_queued_deletes(self, context):
        """Really delete this host's servers soft-deleted long enough ago."""
        interval = CONF.reclaim_instance_interval
        if interval <= 0:
            return
        instances = objects.InstanceList.get_by_filters(
            context, {'host': self.host, 'vm_state': vm_states.SOFT_DELETED,
                      'task_state': None})
        now = timeutils.utcnow()
        for instance in instances:
            deleted_at = instance.deleted_at or instance.updated_at
            if deleted_at is None or timeutils.delta_seconds(
                    deleted_at.replace(tzinfo=None), now) < interval:
                continue
            try:
                instance.task_state = task_states.DELETING
                instance.save(expected_vm_state=[vm_states.SOFT_DELETED],
                              expected_task_state=[None])
            except (exception.InstanceNotFound,
                    exception.UnexpectedStateError):
                continue  # restored or force-deleted meanwhile
            LOG.info('Reclaiming instance %s, soft-deleted at %s',
                     instance.uuid, deleted_at)
            self._terminate(context, instance)

    # Through the common runner, with upstream's event names -------------

    def _submit_guest_action(self, context, instance, action, call,
                             **kwargs):
        self._submit_action(context, instance, action, call,
                            event_name(action), **kwargs)

    def _run_guest_action(self, context, instance, action, call, **kwargs):
        return self._run_action(context, instance, action, call,
                                event_name(action), **kwargs)
