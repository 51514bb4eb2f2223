"""Flavor: the size of a server (vCPUs, RAM, disks) and its extra specs."""

from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.flavors')


@base.NovaObjectRegistry.register
class Flavor(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(default=1.0),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(default=False),
        'is_public': fields.BooleanField(default=True),
        'description': fields.StringField(nullable=True),
        'extra_specs': fields.DictOfStringsField(default={}),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, id):
        return cls._from_db(context, db.flavor_get(context, id=id))

    @classmethod
    @base.remotable
    def get_by_flavor_id(cls, context, flavorid):
        return cls._from_db(context, db.flavor_get(context, flavorid=flavorid))

    @classmethod
    def get_recent_by_flavor_id(cls, context, flavorid):
        """get_by_flavor_id, from what this process read a moment ago
        (nova.db.flavors.flavor_get_recent): for server creates. Not
        remotable: only nova-api, which reads the database itself."""
        return cls._from_db(context, db.flavor_get_recent(context, flavorid))

    @classmethod
    @base.remotable
    def get_by_name(cls, context, name):
        return cls._from_db(context, db.flavor_get(context, name=name))

    @base.remotable
    def create(self, projects=None):
        values = self.obj_get_changes()
        values.pop('id', None)
        row = db.flavor_create(self._context, values, projects=projects)
        base.from_row(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.flavor_destroy(self._context, self.flavorid)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        changes.pop('extra_specs', None)
        if changes:
            db.flavor_update(self._context, self.flavorid, changes)
        self.obj_reset_changes()

    @base.remotable
    def update_extra_specs(self, specs):
        self.extra_specs = db.flavor_extra_specs_update(
            self._context, self.flavorid, specs)
        self.obj_reset_changes(['extra_specs'])

    @base.remotable
    def delete_extra_spec(self, key):
        db.flavor_extra_specs_delete(self._context, self.flavorid, key)
        specs = dict(self.extra_specs)
        specs.pop(key, None)
        self.extra_specs = specs
        self.obj_reset_changes(['extra_specs'])

    @base.remotable
    def get_projects(self):
        return db.flavor_access_get(self._context, self.flavorid)

    @base.remotable
    def add_access(self, project_id):
        db.flavor_access_add(self._context, self.flavorid, project_id)

    @base.remotable
    def remove_access(self, project_id):
        db.flavor_access_remove(self._context, self.flavorid, project_id)


@base.NovaObjectRegistry.register
class FlavorList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'
    # The keys get_all sorts by (the API checks sort_key against them).
    SORT_KEYS = lazy_import.Attribute(db, 'SORT_KEYS')

    fields = {'objects': fields.ListOfObjectsField('Flavor')}

    @classmethod
    @base.remotable
    def get_all(cls, context, is_public=None, min_memory_mb=None,
                min_root_gb=None, sort_key='flavorid', sort_dir='asc',
                limit=None, marker=None):
        rows = db.flavor_get_all(context, is_public=is_public,
                                 min_memory_mb=min_memory_mb,
                                 min_root_gb=min_root_gb, sort_key=sort_key,
                                 sort_dir=sort_dir, limit=limit,
                                 marker=marker)
        return base.make_list(context, cls(), Flavor, rows)

    @classmethod
    def get_all_enabled(cls, context, **filters):
        """get_all without disabled flavors (what non-admins may list).

        Not remotable: only the API, which reads the database itself,
        needs it.
        """
        rows = db.flavor_get_all(context, disabled=False, **filters)
        return base.make_list(context, cls(), Flavor, rows)
