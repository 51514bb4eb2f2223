"""The compute service's side of moves between hosts: resize and cold
migration (with confirm and revert), live migration, evacuation, shelve,
shelve offload and unshelve.

A mixin of ComputeManager (it uses self.driver, self.host, self.tracker
and self._workers); RPC version 1.3. Every step runs on the worker pool,
records its instance action event and either casts the next step to the
host doing it or leaves the server in a stable state. A failed step
records a fault, ends the migration in error and recounts the usage of
both hosts, so a claim nobody holds is released.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute import live_migration_jobs
from nova.compute import power_state
from nova.compute import resource_tracker
from nova.compute import rpcapi as compute_rpcapi
from nova.compute import task_states
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception
from nova.notifications import emit as notify
from nova.network import plug as network_plug
from nova import objects
from nova.objects import migration as migration_obj

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Instance states a lost race leaves us nothing to do about: deleted, or
# taken over by another action (a delete, a reset-state).
_GONE = (exception.InstanceNotFound, exception.UnexpectedStateError)

# Evacuations from a host that its start checks for guests left behind.
EVACUATIONS_TO_CLEAN = ['accepted', 'pre-migrating', 'done']

_SHELVED_KEYS = ('shelved_at', 'shelved_image_id', 'shelved_host')
_SHELVING_STEPS = {
    task_states.IMAGE_PENDING_UPLOAD:
        task_states.SHELVING_IMAGE_PENDING_UPLOAD,
    task_states.IMAGE_UPLOADING: task_states.SHELVING_IMAGE_UPLOADING,
}


def _stable_vm_state(instance):
    """ACTIVE, or STOPPED for a server whose guest is powered off."""
    if instance.power_state == power_state.SHUTDOWN:
        return vm_states.STOPPED
    return vm_states.ACTIVE


class MoveActionsMixin:
    """RPC methods 1.3 of ComputeManager."""

    @property
    def _compute_rpc(self):
        if getattr(self, '_move_rpc', None) is None:
            self._move_rpc = compute_rpcapi.ComputeAPI()
        return self._move_rpc

    # Resize and cold migration: prep (dest) -> resize (source) ->
    # finish (dest) -> confirm (source) | revert (dest) -> finish (source).

    def prep_resize(self, context, instance, migration):
        self._workers.submit(self._prep_resize, context, instance,
                             migration)

    def _prep_resize(self, context, instance, migration):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_prep_resize', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'resize_prep', self.host,
                    new_flavor=migration.new_flavor):
                self._check_node(migration.dest_node)
        except Exception as error:
            self._move_step_failed(context, instance, migration, error)
            return
        self._compute_rpc.resize_instance(context, instance, migration)

    def resize_instance(self, context, instance, migration):
        self._workers.submit(self._resize_instance, context, instance,
                             migration)

    def _resize_instance(self, context, instance, migration):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_resize_instance', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'resize', self.host):
                migration.status = 'migrating'
                migration.save()
                instance.task_state = task_states.RESIZE_MIGRATING
                instance.save(expected_task_state=[task_states.RESIZE_PREP])
                self.driver.migrate_disk_and_power_off(
                    context, instance, migration.dest_host,
                    migration.new_flavor)
                self.forget_consoles(context, instance)
                migration.status = 'post-migrating'
                migration.save()
                instance.task_state = task_states.RESIZE_MIGRATED
                instance.save(
                    expected_task_state=[task_states.RESIZE_MIGRATING])
        except Exception as error:
            self._restart_if_was_running(context, instance)
            self._move_step_failed(context, instance, migration, error)
            return
        self._compute_rpc.finish_resize(context, instance, migration)

    def finish_resize(self, context, instance, migration):
        self._workers.submit(self._finish_resize, context, instance,
                             migration)

    def _finish_resize(self, context, instance, migration):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_finish_resize', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'resize_finish', self.host):
                instance.task_state = task_states.RESIZE_FINISH
                instance.save(
                    expected_task_state=[task_states.RESIZE_MIGRATED])
                power_on = instance.vm_state != vm_states.STOPPED
                compute_utils.set_flavor(instance, migration.new_flavor)
                self.driver.finish_migration(
                    context, migration, instance, None,
                    network_plug.plug(context, instance), None, True,
                    power_on=power_on)
                # Finished before the instance moves, so the destination
                # never counts less than the new flavor meanwhile.
                migration.status = 'finished'
                migration.save()
                instance.host = self.host
                instance.node = migration.dest_node
                instance.power_state = self.driver.get_info(instance).state
                instance.vm_state = vm_states.RESIZED
                instance.task_state = None
                instance.save(expected_task_state=[task_states.RESIZE_FINISH])
        except Exception as error:
            if migration.source_compute != self.host:
                self._destroy_quietly(context, instance)
            compute_utils.set_flavor(instance, migration.old_flavor)
            self._move_step_failed(context, instance, migration, error,
                                   vm_state=vm_states.ERROR)
            return
        LOG.info('Instance %s resized onto %s', instance.uuid, self.host)
        resource_tracker.refresh_move_nodes(context, migration)

    def confirm_resize(self, context, instance, migration):
        self._workers.submit(self._confirm_resize, context, instance,
                             migration)

    def _confirm_resize(self, context, instance, migration):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_confirm_resize', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'resize_confirm', self.host):
                self.driver.confirm_migration(context, migration, instance)
                migration.status = 'confirmed'
                migration.save()
                instance.vm_state = _stable_vm_state(instance)
                instance.task_state = None
                instance.save(
                    expected_task_state=[task_states.RESIZE_CONFIRMING])
        except Exception as error:
            self._move_step_failed(context, instance, migration, error,
                                   vm_state=vm_states.ERROR)
            return
        resource_tracker.refresh_move_nodes(context, migration)

    def confirm_resize_on_delete(self, context, instance, migration):
        self._workers.submit(self._confirm_resize_on_delete, context,
                             instance, migration)

    def _confirm_resize_on_delete(self, context, instance, migration):
        # The server is being deleted: only the source's copy is ours.
        try:
            self.driver.confirm_migration(context, migration, instance)
            migration.status = 'confirmed'
        except Exception:
            LOG.exception('Could not remove the resize source of deleted '
                          'instance %s', instance.uuid)
            migration.status = 'error'
        migration.save()
        resource_tracker.refresh_move_nodes(context, migration)

    def revert_resize(self, context, instance, migration):
        self._workers.submit(self._revert_resize, context, instance,
                             migration)

    def _revert_resize(self, context, instance, migration):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_revert_resize', self.host,
                    instance.uuid):
                self.driver.destroy(context, instance)
        except Exception as error:
            self._move_step_failed(context, instance, migration, error,
                                   vm_state=vm_states.ERROR)
            return
        self._compute_rpc.finish_revert_resize(context, instance, migration)

    def finish_revert_resize(self, context, instance, migration):
        self._workers.submit(self._finish_revert_resize, context, instance,
                             migration)

    def _finish_revert_resize(self, context, instance, migration):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_finish_revert_resize', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'resize_revert', self.host):
                power_on = instance.power_state != power_state.SHUTDOWN
                compute_utils.set_flavor(instance, migration.old_flavor)
                self.driver.finish_revert_migration(
                    context, instance, network_plug.plug(context, instance),
                    migration, power_on=power_on)
                # Landing on the source ends the hold on the destination
                # (see instance_migrations.held_on_node).
                instance.host = self.host
                instance.node = migration.source_node
                instance.power_state = self.driver.get_info(instance).state
                instance.vm_state = _stable_vm_state(instance)
                instance.task_state = None
                instance.save(
                    expected_task_state=[task_states.RESIZE_REVERTING])
                migration.status = 'reverted'
                migration.save()
        except Exception as error:
            self._move_step_failed(context, instance, migration, error,
                                   vm_state=vm_states.ERROR)
            return
        resource_tracker.refresh_move_nodes(context, migration)

    # Live migration: source moves the guest, destination adopts it. ----

    def live_migration(self, context, instance, migration, block_migration):
        # Queued until a slot of [DEFAULT] max_concurrent_live_migrations
        # frees; API 2.65 may abort it before (it then is "cancelled").
        if not migration.change_status('queued', expected=('preparing',)):
            self._live_migration_cancelled(context, instance, migration)
            return
        self._queued_live[instance.uuid] = self._live_workers.submit(
            self._live_migration, context, instance, migration,
            block_migration)

    def _live_migration(self, context, instance, migration,
                        block_migration):
        self._queued_live.pop(instance.uuid, None)
        if not migration.change_status('running', expected=('queued',)):
            self._live_migration_cancelled(context, instance, migration)
            return
        try:
            with compute_utils.EventReporter(
                    context, 'compute_live_migration', self.host,
                    instance.uuid):
                self.driver.live_migration(
                    context, instance, migration.dest_compute,
                    block_migration=block_migration,
                    on_progress=live_migration_jobs.progress_recorder(
                        migration))
        except exception.LiveMigrationAborted:
            self._live_migration_cancelled(context, instance, migration)
            return
        except Exception as error:
            with notify.phases(context, instance, 'live_migration_rollback',
                               self.host):
                self._move_step_failed(context, instance, migration, error)
            return
        # The guest left: the source's part ends with handing it over.
        with notify.phases(context, instance, 'live_migration_post',
                           self.host):
            self._compute_rpc.post_live_migration_at_destination(
                context, instance, migration)

    def _live_migration_cancelled(self, context, instance, migration):
        """Aborted on request: the guest runs on here, no fault. Safe to
        run twice (a queued abort and the dequeued job may both)."""
        LOG.info('Live migration of instance %s aborted', instance.uuid)
        instance.task_state = None
        try:
            instance.save(expected_task_state=[task_states.MIGRATING])
        except _GONE:
            LOG.info('Instance %s was deleted or no longer migrating',
                     instance.uuid)
        migration.status = 'cancelled'
        migration.save()
        resource_tracker.refresh_move_nodes(context, migration)

    def post_live_migration_at_destination(self, context, instance,
                                           migration):
        self._workers.submit(self._post_live_migration, context, instance,
                             migration)

    def _post_live_migration(self, context, instance, migration):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_post_live_migration_at_destination',
                    self.host, instance.uuid), notify.phases(
                    context, instance, 'live_migration_post_dest', self.host):
                self.driver.post_live_migration_at_destination(
                    context, instance, network_plug.plug(context, instance))
                instance.host = self.host
                instance.node = migration.dest_node
                instance.power_state = self.driver.get_info(instance).state
                instance.task_state = None
                instance.save(expected_task_state=[task_states.MIGRATING])
                # The source's consoles led to the guest that left it.
                self.forget_consoles(context, instance)
                migration.status = 'completed'
                migration.save()
        except Exception as error:
            self._move_step_failed(context, instance, migration, error,
                                   vm_state=vm_states.ERROR)
            return
        LOG.info('Instance %s live-migrated onto %s', instance.uuid,
                 self.host)
        resource_tracker.refresh_move_nodes(context, migration)

    # Evacuation: rebuild here a server whose host is down. ---------------

    def evacuate_instance(self, context, instance, migration, image,
                          admin_password, stop=False):
        """stop: leave the rebuilt server stopped whatever its state was
        (API 2.95), for its owner to check before starting it."""
        self._workers.submit(self._evacuate, context, instance, migration,
                             image, admin_password, stop)

    def _evacuate(self, context, instance, migration, image, admin_password,
                  stop=False):
        was_stopped = stop or instance.vm_state == vm_states.STOPPED
        try:
            with compute_utils.EventReporter(
                    context, 'compute_rebuild_instance', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'evacuate', self.host):
                self.driver.spawn(context, instance, image, [],
                                  admin_password,
                                  network_info=network_plug.plug(
                                      context, instance))
                if was_stopped:
                    self.driver.power_off(instance)
                instance.host = self.host
                instance.node = migration.dest_node
                instance.launched_on = self.host
                instance.power_state = self.driver.get_info(instance).state
                instance.vm_state = (vm_states.STOPPED if was_stopped
                                     else vm_states.ACTIVE)
                instance.task_state = None
                instance.save(expected_task_state=[task_states.REBUILDING])
                self.forget_consoles(context, instance)
                migration.status = 'done'
                migration.save()
        except Exception as error:
            self._destroy_quietly(context, instance)
            instance.host = migration.source_compute
            instance.node = migration.source_node
            self._move_step_failed(context, instance, migration, error,
                                   vm_state=vm_states.ERROR)
            return
        LOG.info('Instance %s evacuated from %s onto %s', instance.uuid,
                 migration.source_compute, self.host)
        resource_tracker.refresh_move_nodes(context, migration)

    def _destroy_evacuated_instances(self, context):
        """Back after an evacuation: remove the guests it left here,
        without touching the servers, which now live elsewhere."""
        # A group read those of many hosts at once: take ours.
        evacuations, self.prefetched_evacuations = getattr(
            self, 'prefetched_evacuations', None), None
        if evacuations is None:
            evacuations = objects.MigrationList.get_by_filters(
                context, source_compute=self.host,
                migration_type=migration_obj.EVACUATION,
                status=EVACUATIONS_TO_CLEAN)
        local = set(self.driver.list_instance_uuids())
        for migration in evacuations:
            # A guest here is stale whatever the evacuation's progress;
            # only a finished one is ours to mark completed.
            if migration.instance_uuid in local:
                LOG.info('Destroying guest %s, evacuated from this host',
                         migration.instance_uuid)
                stub = objects.Instance(context=context,
                                        uuid=migration.instance_uuid)
                self._destroy_quietly(context, stub)
            if migration.status == 'done':
                migration.status = 'completed'
                migration.save()

    # Shelve, offload, unshelve. ----------------------------------------

    def shelve_instance(self, context, instance, image_id):
        self._workers.submit(self._shelve, context, instance, image_id)

    def _shelve(self, context, instance, image_id):
        offload = CONF.shelved_offload_time == 0
        claimed = [task_states.SHELVING]

        def update_task_state(task_state, expected_state=None):
            # The driver names snapshot steps; shelving has its own.
            task_state = _SHELVING_STEPS.get(task_state, task_state)
            instance.task_state = task_state
            instance.save(expected_task_state=[claimed[0]])
            claimed[0] = task_state

        try:
            with compute_utils.EventReporter(
                    context, 'compute_shelve_instance', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'shelve', self.host):
                self.driver.power_off(instance)
                self.driver.snapshot(context, instance, image_id,
                                     update_task_state)
                sysmeta = dict(instance.system_metadata)
                sysmeta.update(shelved_at=timeutils.utcnow().isoformat(),
                               shelved_image_id=image_id,
                               shelved_host=self.host)
                instance.system_metadata = sysmeta
                instance.power_state = self.driver.get_info(instance).state
                instance.vm_state = vm_states.SHELVED
                # Offloading at once: no other action may slip in between.
                instance.task_state = (task_states.SHELVING_OFFLOADING
                                       if offload else None)
                instance.save(expected_task_state=claimed)
        except Exception as error:
            self._restart_if_was_running(context, instance)
            self._action_failed(context, instance, error)
            self.conductor.delete_shelved_image(context, image_id)
            return
        if offload:
            self._shelve_offload(context, instance)

    def shelve_offload_instance(self, context, instance):
        self._workers.submit(self._shelve_offload, context, instance)

    def _shelve_offload(self, context, instance):
        try:
            with compute_utils.EventReporter(
                    context, 'compute_shelve_offload_instance', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'shelve_offload', self.host):
                self.driver.destroy(context, instance)
                self.forget_consoles(context, instance)
                instance.host = None
                instance.node = None
                instance.power_state = power_state.NOSTATE
                instance.vm_state = vm_states.SHELVED_OFFLOADED
                instance.task_state = None
                instance.save(expected_task_state=[
                    task_states.SHELVING_OFFLOADING])
        except Exception as error:
            self._action_failed(context, instance, error)
        self.tracker.refresh_usage(context)

    def _offload_shelved_instances(self, context):
        """Periodic: offload servers shelved here longer than
        shelved_offload_time."""
        if CONF.shelved_offload_time <= 0:
            return
        for instance in objects.InstanceList.get_by_filters(
                context, {'host': self.host,
                          'vm_state': vm_states.SHELVED},
                expected_attrs=['system_metadata']):
            shelved_at = instance.system_metadata.get('shelved_at')
            if instance.task_state is not None or not shelved_at:
                continue
            age = timeutils.delta_seconds(
                timeutils.parse_isotime(shelved_at).replace(tzinfo=None),
                timeutils.utcnow())
            if age < CONF.shelved_offload_time:
                continue
            instance.task_state = task_states.SHELVING_OFFLOADING
            try:
                instance.save(expected_task_state=[None])
            except _GONE:
                continue
            self._shelve_offload(context, instance)

    def unshelve_instance(self, context, instance, image):
        self._workers.submit(self._unshelve, context, instance, image)

    def _unshelve(self, context, instance, image):
        offloaded = instance.vm_state == vm_states.SHELVED_OFFLOADED
        try:
            with compute_utils.EventReporter(
                    context, 'compute_unshelve_instance', self.host,
                    instance.uuid), notify.phases(
                    context, instance, 'unshelve', self.host):
                if offloaded:
                    # The scheduler's claim placed it here. Its volumes,
                    # attached before the shelve or while offloaded (API
                    # 2.20), are connected to this host first.
                    instance.refresh()
                    self.driver.spawn(
                        context, instance, image, [], None,
                        network_info=network_plug.plug(context, instance),
                        block_device_info=self.prepare_block_devices(
                            context, instance))
                else:
                    self.driver.power_on(context, instance, None)
                sysmeta = dict(instance.system_metadata)
                image_id = sysmeta.get('shelved_image_id')
                for key in _SHELVED_KEYS:
                    sysmeta.pop(key, None)
                instance.system_metadata = sysmeta
                instance.power_state = self.driver.get_info(instance).state
                instance.vm_state = vm_states.ACTIVE
                instance.task_state = None
                instance.save(expected_task_state=[task_states.UNSHELVING])
        except Exception as error:
            if offloaded:
                self._destroy_quietly(context, instance)
                instance.host = None
                instance.node = None
            self._action_failed(context, instance, error)
            self.tracker.refresh_usage(context)
            return
        if image_id:
            self.conductor.delete_shelved_image(context, image_id)
        self.tracker.refresh_usage(context)

    # Helpers ------------------------------------------------------------

    def _check_node(self, nodename):
        if nodename not in self.driver.get_available_nodes():
            raise exception.ComputeHostNotFound(host=nodename)

    def _restart_if_was_running(self, context, instance):
        """Undo a power off of a step that then failed."""
        if instance.vm_state != vm_states.ACTIVE:
            return
        try:
            if self.driver.get_info(instance).state != power_state.RUNNING:
                self.driver.power_on(context, instance, None)
            instance.power_state = self.driver.get_info(instance).state
        except Exception:
            LOG.exception('Could not restart instance %s', instance.uuid)

    def _action_failed(self, context, instance, error, vm_state=None):
        """Fault recorded, task cleared, vm_state kept (or vm_state)."""
        LOG.warning('Move of instance %s failed on %s: %s', instance.uuid,
                    self.host, error)
        compute_utils.record_fault(context, instance, error, host=self.host)
        if vm_state is not None:
            instance.vm_state = vm_state
        instance.task_state = None
        try:
            instance.save()
        except _GONE:
            LOG.info('Instance %s was deleted meanwhile', instance.uuid)

    def _move_step_failed(self, context, instance, migration, error,
                          vm_state=None):
        self._action_failed(context, instance, error, vm_state=vm_state)
        try:
            migration.status = 'error'
            migration.save()
        except Exception:
            LOG.exception('Could not end migration %s', migration.uuid)
        resource_tracker.refresh_move_nodes(context, migration)
