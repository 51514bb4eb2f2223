"""Base classes of the versioned objects that cross RPC."""

from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

remotable = ovo_base.remotable


class NovaObjectRegistry(ovo_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        # Make nova.objects.<Name> the newest registered version.
        import nova.objects as objects
        existing = getattr(objects, cls.obj_name(), None)
        if existing is None or versionutils.convert_version_to_tuple(
                cls.VERSION) >= versionutils.convert_version_to_tuple(
                existing.VERSION):
            setattr(objects, cls.obj_name(), cls)


class NovaObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'

    def obj_reset_changes(self, fields=None, recursive=False):
        super().obj_reset_changes(fields, recursive=recursive)


class NovaPersistentObject:
    """Timestamps and soft-delete fields of objects kept in the database."""

    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
    }


class ObjectListBase(ovo_base.ObjectListBase):
    pass


class NovaObjectSerializer(ovo_base.VersionedObjectSerializer):
    OBJ_BASE_CLASS = NovaObject


def from_row(context, obj, row, skip=()):
    """Fill obj's fields from a database row (or dict) and return it."""
    get = row.get if isinstance(row, dict) else (
        lambda key, default=None: getattr(row, key, default))
    for name, field in obj.fields.items():
        if name in skip:
            continue
        value = get(name, None)
        if name == 'deleted':
            value = bool(value)
        if value is None and not field.nullable:
            if field.default != fields.UnspecifiedDefault:
                value = field.default
            else:
                continue
        setattr(obj, name, value)
    obj._context = context
    obj.obj_reset_changes()
    return obj


def make_list(context, list_obj, item_cls, rows, **kwargs):
    """Build a list object of item_cls from database rows."""
    list_obj.objects = [item_cls._from_db(context, row, **kwargs)
                        for row in rows]
    list_obj._context = context
    list_obj.obj_reset_changes()
    return list_obj
