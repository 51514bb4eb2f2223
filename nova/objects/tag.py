"""Tag: a simple string attached to a server (API 2.26).

Only nova-api reads and writes tags (it has the database), so the
methods run locally.
"""

from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.tags')


@base.NovaObjectRegistry.register
class Tag(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'resource_id': fields.StringField(),
        'tag': fields.StringField(),
    }

    @classmethod
    def _from_db(cls, context, row):
        tag = cls(context=context, **row)
        tag.obj_reset_changes()
        return tag

    def create(self):
        """Add the tag; False when the server had it already."""
        return db.tag_add(self._context, self.resource_id, self.tag)

    @classmethod
    def destroy(cls, context, resource_id, name):
        db.tag_delete(context, resource_id, name)

    @classmethod
    def exists(cls, context, resource_id, name):
        return name in db.tag_get_by_resource_id(context, resource_id)


@base.NovaObjectRegistry.register
class TagList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Tag')}

    @classmethod
    def _make(cls, context, resource_id, names):
        return base.make_list(context, cls(), Tag, [
            {'resource_id': resource_id, 'tag': name} for name in names])

    @classmethod
    def get_by_resource_id(cls, context, resource_id):
        return cls._make(context, resource_id,
                         db.tag_get_by_resource_id(context, resource_id))

    @classmethod
    def create(cls, context, resource_id, names):
        """Replace all the server's tags with names."""
        return cls._make(context, resource_id,
                         db.tag_set(context, resource_id, names))

    @classmethod
    def destroy(cls, context, resource_id):
        db.tag_delete_all(context, resource_id)

    @staticmethod
    def names_by_resource_ids(context, resource_ids):
        """{server uuid: sorted tag names} in one query (API side only)."""
        return db.tags_get_many(context, resource_ids)
