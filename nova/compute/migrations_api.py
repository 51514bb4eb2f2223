"""Migrations as the Compute API sees them (nova-api side): listing
them, and forcing to complete or aborting a running live migration."""

from nova.compute import api as compute_api
from nova.compute import rpcapi as compute_rpcapi
from nova.compute import task_states
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception
from nova import objects
from nova.objects import migration as migration_obj

# Instance action names upstream records for these requests.
FORCE_COMPLETE_ACTION = 'live_migration_force_complete'
ABORT_ACTION = 'live_migration_cancel'
# Live migration statuses before it runs, which 2.65 may abort.
WAITING = ('queued', 'preparing')


class MigrationsAPI:

    def __init__(self):
        self._compute = None

    @property
    def compute(self):
        if self._compute is None:
            self._compute = compute_rpcapi.ComputeAPI()
        return self._compute

    @staticmethod
    def get_all(context, host=None, status=None, instance_uuid=None,
                migration_type=None, source_compute=None):
        """Every migration matching the filters, oldest first."""
        return objects.MigrationList.get_by_filters(
            context.elevated(), host=host, status=status,
            instance_uuid=instance_uuid, migration_type=migration_type,
            source_compute=source_compute).objects

    @staticmethod
    def get_page(context, limit, marker=None, changes_since=None,
                 changes_before=None, **filters):
        """A page of the migrations matching the filters, newest first
        (API 2.59); MarkerNotFound when no migration has uuid marker."""
        return objects.MigrationList.get_page(
            context.elevated(), limit=limit, marker=marker,
            changes_since=changes_since, changes_before=changes_before,
            **filters).objects

    @staticmethod
    def in_progress_live(context, instance):
        """The instance's live migrations that have not ended."""
        return objects.MigrationList.get_by_filters(
            context.elevated(), instance_uuid=instance.uuid,
            migration_type=migration_obj.LIVE_MIGRATION,
            status=list(migration_obj.LIVE_IN_PROGRESS)).objects

    @staticmethod
    def get_for_instance(context, instance, migration_id):
        """Migration migration_id of instance, or MigrationNotFound."""
        try:
            migration = objects.Migration.get_by_id(context.elevated(),
                                                    migration_id)
        except exception.MigrationNotFound:
            migration = None
        if migration is None or migration.instance_uuid != instance.uuid:
            raise exception.MigrationNotFound(
                migration_id='%s of instance %s' % (migration_id,
                                                    instance.uuid))
        return migration

    def _running(self, context, instance, migration_id, method,
                 statuses=('running',)):
        compute_api.API._check_lock(context, instance)
        if instance.task_state != task_states.MIGRATING:
            raise exception.InstanceInvalidState(
                action=method, instance_uuid=instance.uuid,
                attr='task_state', state=instance.task_state)
        migration = self.get_for_instance(context, instance, migration_id)
        if (migration.migration_type != migration_obj.LIVE_MIGRATION or
                migration.status not in statuses):
            raise exception.InvalidMigrationState(
                migration_id=migration_id, instance_uuid=instance.uuid,
                state=migration.status, method=method)
        return migration

    def force_complete(self, context, instance, migration_id):
        if instance.vm_state != vm_states.ACTIVE:
            raise exception.InstanceInvalidState(
                action='force complete', instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        migration = self._running(context, instance, migration_id,
                                  'force complete')
        compute_utils.record_action_start(context, instance,
                                          FORCE_COMPLETE_ACTION)
        self.compute.live_migration_force_complete(context, instance,
                                                   migration)

    def abort(self, context, instance, migration_id, waiting_ok=False):
        """Abort a running live migration; with waiting_ok (API 2.65)
        also one still queued on its source host or preparing: it is
        cancelled before it starts."""
        method = 'abort live migration'
        migration = self._running(
            context, instance, migration_id, method,
            statuses=WAITING + ('running',) if waiting_ok else ('running',))
        if migration.status in WAITING and not migration.change_status(
                'cancelled', expected=WAITING):
            # It started meanwhile: abort it running, if it still runs.
            if migration.status != 'running':
                raise exception.InvalidMigrationState(
                    migration_id=migration_id, instance_uuid=instance.uuid,
                    state=migration.status, method=method)
        compute_utils.record_action_start(context, instance, ABORT_ACTION)
        self.compute.live_migration_abort(context, instance, migration)
