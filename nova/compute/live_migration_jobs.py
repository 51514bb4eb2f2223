"""The compute side of a running live migration: its progress on the
migration record, and forcing it to complete or aborting it (RPC 1.8,
on the source host; a mixin of ComputeManager)."""

from oslo_log import log as logging

from nova.compute import utils as compute_utils
from nova import exception
from nova.notifications import emit as notify
from nova import objects

LOG = logging.getLogger(__name__)

_PROGRESS_FIELDS = ('memory_total', 'memory_processed', 'memory_remaining',
                    'disk_total', 'disk_processed', 'disk_remaining')


def progress_recorder(migration):
    """A driver's on_progress callback that keeps migration up to date."""
    def record(*values):
        for name, value in zip(_PROGRESS_FIELDS, values):
            setattr(migration, name, value)
        try:
            migration.save()
        except Exception:
            LOG.exception('Could not record progress of migration %s',
                          migration.uuid)
    return record


class LiveMigrationJobsMixin:
    """RPC methods 1.8 of ComputeManager."""

    def live_migration_force_complete(self, context, instance):
        with compute_utils.EventReporter(
                context, 'compute_live_migration_force_complete', self.host,
                instance.uuid), notify.phases(
                context, instance, 'live_migration_force_complete',
                self.host):
            self.driver.live_migration_force_complete(instance)

    def live_migration_abort(self, context, instance, migration_id):
        with compute_utils.EventReporter(
                context, 'compute_live_migration_abort', self.host,
                instance.uuid), notify.phases(
                context, instance, 'live_migration_abort', self.host):
            migration = objects.Migration.get_by_id(context, migration_id)
            if migration.status == 'cancelled':
                # Aborted while queued or preparing (API 2.65): end it now
                # unless its job already started (and saw the status).
                waiting = self._queued_live.pop(instance.uuid, None)
                if waiting is None or waiting.cancel():
                    self._live_migration_cancelled(context, instance,
                                                   migration)
                return
            try:
                self.driver.live_migration_abort(instance)
            except exception.NoRunningLiveMigration:
                LOG.warning('Migration %s of instance %s is not running on '
                            '%s; nothing to abort', migration_id,
                            instance.uuid, self.host)
                raise
