"""The compute service: builds and deletes guests through the virt driver.

The RPC face is split by concern: this module holds the service's life
(start, periodic tasks) and the build and delete paths; later concerns
(power actions, resize and migrate, volumes, consoles) get modules of
their own behind the same RPC target.
"""

import concurrent.futures

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

import nova.conf
from nova.compute import build_watch
from nova.compute import console_actions
from nova.compute import external_events
from nova.compute import guest_actions
from nova.compute import guest_events
from nova.compute import image_cache
from nova.compute import live_migration_jobs
from nova.compute import move_actions
from nova.compute import power_actions
from nova.compute import power_state
from nova.compute import power_sync
from nova.compute import reaper
from nova.compute import recovery
from nova.compute import resource_tracker
from nova.compute import rpcapi
from nova.compute import task_states
from nova.compute import usage_audit
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova.compute import volume_actions
from nova.conductor import rpcapi as conductor_rpcapi
from nova.network import plug as network_plug
from nova import exception
from nova.notifications import emit as notify
from nova import manager
from nova import metrics
from nova import outages
from nova.virt import driver as virt_driver

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

BUILD_EVENT = 'compute_build_and_run_instance'


class ComputeManager(power_actions.PowerActionsMixin,
                     guest_actions.GuestActionsMixin,
                     move_actions.MoveActionsMixin,
                     live_migration_jobs.LiveMigrationJobsMixin,
                     console_actions.ConsoleActionsMixin,
                     volume_actions.VolumeActionsMixin,
                     external_events.ExternalEventsMixin,
                     image_cache.ImageCacheMixin,
                     recovery.RecoveryMixin, build_watch.BuildWatchMixin,
                     network_plug.NetworkRefreshMixin, manager.Manager):
    target = messaging.Target(version=rpcapi.ComputeAPI.VERSION)

    def __init__(self, host, driver=None):
        super().__init__(host)
        self.driver = driver or virt_driver.load_compute_driver(
            CONF.compute_driver, host=host)
        self.tracker = resource_tracker.ResourceTracker(host, self.driver)
        self.conductor = conductor_rpcapi.ConductorAPI()
        self.power_sync = power_sync.PowerStateSync(host, self.driver)
        self.reaper = reaper.GuestReaper(host, self.driver, self.tracker)
        self._watch_init()
        # Builds and deletes run here, not on the RPC threads, so a slow
        # hypervisor never stops the service from taking messages.
        self._workers = concurrent.futures.ThreadPoolExecutor(
            max_workers=CONF.build_workers,
            thread_name_prefix='compute-%s' % host)
        # Live migrations from here wait their turn in this pool (their
        # migration "queued"); instance uuid -> future while they wait.
        self._live_workers = (concurrent.futures.ThreadPoolExecutor(
            max_workers=CONF.max_concurrent_live_migrations,
            thread_name_prefix='live-%s' % host)
            if CONF.max_concurrent_live_migrations else self._workers)
        self._queued_live = {}
        # Set by nova.compute.host_group when this is one of many
        # simulated hosts of the process: the group then reports the
        # resources of all of them in a few conductor calls (once they
        # take messages), reads their instances for the lost-build watch,
        # the power state sync and the reaper likewise, and cleans the
        # expired consoles (a table-wide task) once for all.
        self.grouped = False

    # Service life -------------------------------------------------------

    def init_host(self, context):
        self.driver.init_host(self.host)
        guest_events.register(self)
        self._destroy_evacuated_instances(context)
        if not self.grouped:  # else the group reports for all hosts
            self.tracker.update_available_resource(
                context, service_id=self.service_record.id)
        self._recover_interrupted_tasks(context)
        self.replug_instances(context)

    def cleanup_host(self):
        self._workers.shutdown(wait=True)
        self._live_workers.shutdown(wait=True)
        self.driver.cleanup_host(self.host)

    def share_workers(self, pool):
        """Run builds, deletes and actions on pool, shared with the other
        simulated hosts of the process (nova.compute.host_group)."""
        own, self._workers = self._workers, pool
        if self._live_workers is own:
            self._live_workers = pool
        own.shutdown(wait=False)

    def periodic_tasks(self):
        tasks = []
        if not self.grouped:
            tasks.extend([(CONF.sync_power_state_interval,
                           self.power_sync.sync_power_states),
                          (CONF.running_deleted_instance_poll_interval,
                           self.reaper.reap_unowned_guests),
                          (CONF.deadlines.check_interval,
                           self.end_lost_builds),
                          (CONF.update_resources_interval,
                           self._update_available_resource),
                          (console_actions.CLEAN_EXPIRED_SECONDS,
                           self.clean_expired_consoles)])
        if CONF.reclaim_instance_interval > 0:
            tasks.append((CONF.reclaim_instance_interval,
                          self._reclaim_queued_deletes))
        if CONF.shelved_offload_time > 0:
            tasks.append((CONF.shelved_poll_interval,
                          self._offload_shelved_instances))
        if CONF.instance_usage_audit:
            tasks.append((usage_audit.CHECK_SECONDS,
                          usage_audit.UsageAudit(self.host).run))
        return tasks

    def _update_available_resource(self, context):
        self.tracker.update_available_resource(
            context, service_id=self.service_record.id)

    # Build ----------------------------------------------------------------

    def build_and_run_instance(self, context, instance, node, image,
                               request_spec, admin_password, injected_files,
                               block_device_mappings=None,
                               instance_network_info=None):
        # block_device_mappings (1.14) and instance_network_info (1.15):
        # read by the conductor with the build; None from an older one,
        # and then read here through the conductor.
        self._submit_watched(self._build, context, instance, node, image,
                             request_spec, admin_password, injected_files,
                             block_device_mappings, instance_network_info)

    def _build(self, context, instance, node, image, request_spec,
               admin_password, injected_files, block_device_mappings=None,
               instance_network_info=None):
        # With a conductor of 1.8 the build's event starts and ends in
        # the saves that move its state: two conductor calls, not four.
        together = self.conductor.can_save_with_event()
        if not self._start_build(context, instance, together):
            return
        notify.instance_action(context, instance, 'create', 'start',
                               host=self.host)
        try:
            with compute_utils.EventReporter(
                    context, BUILD_EVENT, self.host, instance.uuid,
                    started=True, success_by_caller=together):
                with metrics.BUILD_PHASES.labels('block_devices').time():
                    block_device_info = self.prepare_block_devices(
                        context, instance, bdms=block_device_mappings)
                with metrics.BUILD_PHASES.labels('network').time():
                    plugged = network_plug.vif_plugged_waiter(
                        self.event_waiters, context, instance)
                    with plugged as wait_plugged:
                        network_info = network_plug.plug(
                            context, instance, info=instance_network_info)
                with metrics.BUILD_PHASES.labels('spawn').time():
                    self.driver.spawn(context, instance, image,
                                      injected_files or [], admin_password,
                                      network_info=network_info,
                                      block_device_info=block_device_info)
                wait_plugged()
        except Exception as error:
            self._build_failed(context, instance, image, request_spec,
                               admin_password, injected_files, error)
            return
        success = compute_utils.event_note(BUILD_EVENT, self.host,
                                           result='Success')
        try:
            instance.power_state = self.driver.get_info(instance).state
            instance.vm_state = vm_states.ACTIVE
            instance.task_state = None
            instance.launched_at = timeutils.utcnow()
            instance.save(expected_task_state=[task_states.SPAWNING],
                          **({'action_event': success} if together else {}))
            LOG.info('Instance %s is active on %s', instance.uuid, self.host)
            metrics.observe_build(instance)
            notify.instance_action(context, instance, 'create', 'end',
                                   host=self.host)
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            # Deleted while spawning: the delete owns the cleanup now.
            LOG.info('Instance %s was deleted while spawning', instance.uuid)
            if together:
                # The spawn did succeed; the save that says so did not.
                compute_utils.EventReporter(
                    context, BUILD_EVENT, self.host, instance.uuid).finish(
                        'Success')
            self._destroy_quietly(context, instance)
            self.tracker.refresh_usage(context)

    def _start_build(self, context, instance, together):
        """SCHEDULING -> SPAWNING and the start of the build's event;
        False when the build is no longer this host's to do: the server
        was deleted, or a conductor that took over a dropped build
        placed it again while this message waited
        (nova.conductor.build_recovery)."""
        instance.task_state = task_states.SPAWNING
        if together:
            try:
                instance.save(
                    expected_task_state=[task_states.SCHEDULING],
                    expected_host=[self.host],
                    action_event=compute_utils.event_note(BUILD_EVENT,
                                                          self.host))
            except (exception.InstanceNotFound,
                    exception.UnexpectedStateError):
                # Nothing was written: only the claim here goes.
                LOG.info('Instance %s was deleted, or placed elsewhere, '
                         'before its build started on %s', instance.uuid,
                         self.host)
                self.tracker.refresh_usage(context)
                return False
            return True
        try:
            instance.save(expected_task_state=[task_states.SCHEDULING])
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            LOG.info('Instance %s was deleted before its build started',
                     instance.uuid)
            self.tracker.refresh_usage(context)
            return False
        if instance.host != self.host:
            LOG.info('Instance %s now belongs to host %s; not building',
                     instance.uuid, instance.host)
            self._give_back_build(context, instance)
            return False
        compute_utils.EventReporter(context, BUILD_EVENT, self.host,
                                    instance.uuid).start()
        return True

    def _build_failed(self, context, instance, image, request_spec,
                      admin_password, injected_files, error):
        LOG.warning('Build of instance %s failed on %s: %s', instance.uuid,
                    self.host, error)
        self._destroy_quietly(context, instance)
        compute_utils.record_fault(context, instance, error, host=self.host)
        notify.instance_action(context, instance, 'create', 'error',
                               error=error, host=self.host)
        try:
            instance.host = None
            instance.node = None
            instance.task_state = task_states.SCHEDULING
            instance.save(expected_task_state=[task_states.SPAWNING])
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            self.tracker.refresh_usage(context)
            return
        self.tracker.refresh_usage(context)
        reason = (error.format_message()
                  if isinstance(error, exception.NovaException)
                  else '%s: %s' % (type(error).__name__, error))
        self.conductor.reschedule_instance(
            context, instance, image, request_spec, admin_password,
            injected_files, self.host, reason)

    def _give_back_build(self, context, instance):
        try:
            instance.task_state = task_states.SCHEDULING
            instance.save(expected_task_state=[task_states.SPAWNING])
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            pass
        self.tracker.refresh_usage(context)

    def _destroy_quietly(self, context, instance):
        try:
            self.driver.destroy(context, instance)
        except Exception:
            LOG.exception('Cleanup of instance %s failed', instance.uuid)

    # Delete ---------------------------------------------------------------

    def terminate_instance(self, context, instance):
        self._submit_watched(self._terminate, context, instance)

    def _terminate(self, context, instance):
        try:
            notify.instance_action(context, instance, 'delete', 'start',
                                   host=self.host)
            with compute_utils.EventReporter(
                    context, 'compute_terminate_instance', self.host,
                    instance.uuid):
                self.driver.destroy(context, instance)
            self.forget_consoles(context, instance)
            self.release_block_devices(context, instance)
            network_plug.unplug(context, instance)
            instance.vm_state = vm_states.DELETED
            instance.task_state = None
            instance.power_state = power_state.NOSTATE
            instance.terminated_at = timeutils.utcnow()
            instance.destroy()
            notify.instance_action(context, instance, 'delete', 'end',
                                   host=self.host)
        except exception.InstanceNotFound:
            LOG.info('Instance %s was already deleted', instance.uuid)
        except Exception as error:
            if outages.is_outage(error):
                # Left deleting: the watch runs it again once the
                # database and the bus answer (nova.compute.build_watch).
                LOG.warning('Delete of instance %s stopped by an outage: '
                            '%s', instance.uuid, error)
                return
            LOG.exception('Delete of instance %s failed', instance.uuid)
            compute_utils.record_fault(context, instance, error,
                                       host=self.host)
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            try:
                instance.save()
            except exception.InstanceNotFound:
                pass
        self.tracker.refresh_usage(context)
