"""Migration: one move of a server between hosts (resize, cold or live
migration, evacuation), its hosts, flavors and progress."""

from oslo_serialization import jsonutils
from oslo_versionedobjects import fields

from nova import exception
from nova import lazy_import
from nova.objects import base
from nova.objects import flavor as flavor_obj

db = lazy_import.module('nova.db.instance_migrations')

# migration_type values, as upstream names them.
RESIZE = 'resize'
MIGRATION = 'migration'
LIVE_MIGRATION = 'live-migration'
EVACUATION = 'evacuation'

_FLAVORS = ('old_flavor', 'new_flavor')

# Statuses of a live migration that has not ended yet (upstream's list).
LIVE_IN_PROGRESS = ('queued', 'accepted', 'preparing', 'running',
                    'post-migrating')


@base.NovaObjectRegistry.register
class Migration(base.NovaPersistentObject, base.NovaObject):
    # 1.1: progress of a running live migration (memory_*, disk_*).
    # 1.2: change_status
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'instance_uuid': fields.UUIDField(),
        'migration_type': fields.StringField(),
        'status': fields.StringField(),
        'source_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'old_instance_type_id': fields.IntegerField(nullable=True),
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'memory_total': fields.IntegerField(nullable=True),
        'memory_processed': fields.IntegerField(nullable=True),
        'memory_remaining': fields.IntegerField(nullable=True),
        'disk_total': fields.IntegerField(nullable=True),
        'disk_processed': fields.IntegerField(nullable=True),
        'disk_remaining': fields.IntegerField(nullable=True),
    }

    def is_live_migration_in_progress(self):
        return (self.migration_type == LIVE_MIGRATION and
                self.status in LIVE_IN_PROGRESS)

    @classmethod
    def _from_db(cls, context, row):
        migration = base.from_row(context, cls(), row, skip=_FLAVORS)
        for name in _FLAVORS:
            text = getattr(row, name)
            setattr(migration, name, flavor_obj.Flavor.obj_from_primitive(
                jsonutils.loads(text)) if text else None)
        migration.obj_reset_changes()
        return migration

    @staticmethod
    def _db_values(changes):
        values = dict(changes)
        values.pop('id', None)
        values.pop('deleted', None)
        for name in _FLAVORS:
            if name in values:
                flavor = values[name]
                values[name] = jsonutils.dumps(
                    flavor.obj_to_primitive()) if flavor else None
        return values

    @classmethod
    @base.remotable
    def get_by_id(cls, context, migration_id):
        return cls._from_db(context, db.migration_get(context, migration_id))

    @base.remotable
    def create(self):
        row = db.migration_create(self._context,
                                  self._db_values(self.obj_get_changes()))
        base.from_row(self._context, self, row, skip=_FLAVORS)
        self.obj_reset_changes()

    @base.remotable
    def change_status(self, status, expected):
        """Move to status only from one of expected; whether it did (the
        status is reloaded either way)."""
        changed = db.migration_update_if_status(self._context, self.id,
                                                expected, status)
        self.status = db.migration_get(self._context, self.id).status
        self.obj_reset_changes(['status'])
        return changed

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        if changes:
            row = db.migration_update(self._context, self.id,
                                      self._db_values(changes))
            base.from_row(self._context, self, row, skip=_FLAVORS)
        self.obj_reset_changes()


@base.NovaObjectRegistry.register
class MigrationList(base.ObjectListBase, base.NovaObject):
    # 1.1: Migration 1.1; get_by_filters takes host (source or dest).
    # 1.2: Migration 1.2
    VERSION = '1.2'

    fields = {'objects': fields.ListOfObjectsField('Migration')}

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, instance_uuid=None, source_compute=None,
                       migration_type=None, status=None, host=None):
        return base.make_list(context, cls(), Migration, db.migration_get_all(
            context, instance_uuid=instance_uuid,
            source_compute=source_compute, migration_type=migration_type,
            status=status, host=host))

    @classmethod
    def get_page(cls, context, limit=None, marker=None, changes_since=None,
                 changes_before=None, **filters):
        """A page of migrations, newest first (API 2.59). Not remotable:
        only the API, which reads the database itself, needs it."""
        return base.make_list(context, cls(), Migration,
                              db.migration_get_page(
                                  context, limit=limit, marker=marker,
                                  changes_since=changes_since,
                                  changes_before=changes_before,
                                  **filters))


def latest_of(context, instance_uuid, status):
    """The instance's newest migration in status (a str or list), or
    MigrationNotFound."""
    found = MigrationList.get_by_filters(context, instance_uuid=instance_uuid,
                                         status=status)
    if not found.objects:
        raise exception.MigrationNotFound(
            migration_id='of instance %s in status %s' % (instance_uuid,
                                                          status))
    return found.objects[-1]
