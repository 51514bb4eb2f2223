"""Aggregate: a named group of compute hosts with metadata.

The metadata key 'availability_zone' makes the aggregate's hosts a zone.
"""

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova import lazy_import
from nova.notifications import emit as notify
from nova.objects import base

db = lazy_import.module('nova.db.aggregates')

AZ_KEY = 'availability_zone'


@base.NovaObjectRegistry.register
class Aggregate(base.NovaPersistentObject, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(default=[]),
        'metadata': fields.DictOfStringsField(default={}),
    }

    obj_extra_fields = ['availability_zone']

    @property
    def availability_zone(self):
        return self.metadata.get(AZ_KEY)

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    def _refresh(self, row):
        base.from_row(self._context, self, row)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, aggregate_id):
        return cls._from_db(context, db.aggregate_get(context, aggregate_id))

    @base.remotable
    def create(self):
        """Create with the name and any metadata set on the object."""
        changes = self.obj_get_changes()
        metadata = changes.pop('metadata', None)
        changes.pop('hosts', None)
        if 'uuid' not in changes:
            # Set on the object too: aggregate.create.start names it.
            self.uuid = changes['uuid'] = uuidutils.generate_uuid()
        notify.aggregate(self._context, self, 'create', 'start')
        self._refresh(db.aggregate_create(self._context, changes,
                                          metadata=metadata))
        notify.aggregate(self._context, self, 'create', 'end')

    @base.remotable
    def save(self):
        """Save a new name; metadata changes go through update_metadata."""
        changes = self.obj_get_changes()
        values = {'name': changes['name']} if 'name' in changes else {}
        self._refresh(db.aggregate_update(self._context, self.id, values))

    @base.remotable
    def update_metadata(self, updates):
        """Set keys; a None value deletes its key."""
        notify.aggregate(self._context, self, 'update_metadata', 'start')
        self._refresh(db.aggregate_update(self._context, self.id, {},
                                          metadata=updates))
        notify.aggregate(self._context, self, 'update_metadata', 'end')

    @base.remotable
    def add_host(self, host):
        notify.aggregate(self._context, self, 'add_host', 'start')
        self._refresh(db.aggregate_host_add(self._context, self.id, host))
        notify.aggregate(self._context, self, 'add_host', 'end')

    @base.remotable
    def delete_host(self, host):
        notify.aggregate(self._context, self, 'remove_host', 'start')
        self._refresh(db.aggregate_host_delete(self._context, self.id, host))
        notify.aggregate(self._context, self, 'remove_host', 'end')

    @base.remotable
    def destroy(self):
        notify.aggregate(self._context, self, 'delete', 'start')
        db.aggregate_delete(self._context, self.id)
        notify.aggregate(self._context, self, 'delete', 'end')


@base.NovaObjectRegistry.register
class AggregateList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Aggregate')}

    @classmethod
    @base.remotable
    def get_all(cls, context):
        return base.make_list(context, cls(), Aggregate,
                              db.aggregate_get_all(context))

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host):
        return base.make_list(context, cls(), Aggregate,
                              db.aggregate_get_all(context, host=host))
