"""Base classes of the versioned objects that cross RPC."""

import datetime

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

    def obj_to_primitive(self, target_version=None, version_manifest=None):
        """oslo.versionedobjects' primitive, the same dict, built faster
        at the object's own version: values of fields whose type passes
        them as they are (strings, numbers, booleans) are taken without
        ovo's per-field calls (a server create encodes its instance,
        flavor and request spec several times: for its rows and for the
        conductor's cast). Another version goes through ovo's own."""
        if (target_version is not None and
                target_version != self.VERSION) or version_manifest:
            return super().obj_to_primitive(target_version,
                                            version_manifest)
        data = {}
        for name, storage, field, plain in _primitive_plan(type(self)):
            value = getattr(self, storage, _UNSET)
            if value is _UNSET:
                continue
            data[name] = (value if plain or value is None
                          else field.to_primitive(self, name, value))
        primitive = {'nova_object.name': self.obj_name(),
                     'nova_object.namespace': self.OBJ_PROJECT_NAMESPACE,
                     'nova_object.version': self.VERSION,
                     'nova_object.data': data}
        changes = [name for name in self.obj_what_changed() if name in data]
        if changes:
            primitive['nova_object.changes'] = changes
        return primitive


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


# Field types whose database values need no coercion when already of the
# Python type the field holds; setting them directly skips ovo's per-field
# coercion, the main cost of listing many objects.
_TRUSTED_TYPES = {
    fields.StringField: str,
    fields.UUIDField: str,
    fields.IntegerField: int,
    fields.BooleanField: bool,
    fields.FloatField: float,
}


def _storage(name):
    # Where oslo.versionedobjects keeps a field's value (its _get_attrname).
    return '_obj_' + name


_UNSET = object()
# How obj_to_primitive encodes each object class: [(field name, storage
# attribute, field, whether the value is its own primitive)], once per
# class. A value is its own primitive where neither the field nor its
# type changes ovo's to_primitive (which passes the value through).
_PRIMITIVE_PLANS = {}


def _primitive_plan(cls):
    plan = _PRIMITIVE_PLANS.get(cls)
    if plan is None:
        plan = _PRIMITIVE_PLANS[cls] = [
            (name, _storage(name), field,
             type(field).to_primitive is fields.Field.to_primitive and
             type(field._type).to_primitive is
             fields.FieldType.to_primitive)
            for name, field in cls.fields.items()]
    return plan


# How from_row fills each object class: [(field name, storage attribute,
# field, trusted Python type, whether it is a datetime field)], worked out
# once per class rather than once per row.
_ROW_PLANS = {}


def _row_plan(cls):
    plan = _ROW_PLANS.get(cls)
    if plan is None:
        plan = _ROW_PLANS[cls] = [
            (name, _storage(name), field, _TRUSTED_TYPES.get(type(field)),
             isinstance(field, fields.DateTimeField))
            for name, field in cls.fields.items()]
    return plan


def from_row(context, obj, row, skip=()):
    """Fill obj's fields from a database row (or dict) and return it."""
    if isinstance(row, dict):
        get = row.get
    elif hasattr(row, '_mapping'):
        get = row._mapping.get  # a plain column row (not an ORM object)
    else:
        def get(key, default=None):
            return getattr(row, key, default)
    stored = {}
    coerced = []
    for name, storage, field, trusted, is_time in _row_plan(type(obj)):
        if name in skip:
            continue
        value = get(name, None)
        if name == 'deleted':
            value = bool(value)
        if value is None:
            if field.nullable:
                stored[storage] = None
                continue
            if field.default == fields.UnspecifiedDefault:
                continue
            value = field.default
        if type(value) is trusted:
            stored[storage] = value
        elif is_time and isinstance(value, datetime.datetime) and \
                value.tzinfo is None:
            # What DateTimeField's coercion would do, minus its checks.
            stored[storage] = value.replace(tzinfo=datetime.timezone.utc)
        else:
            coerced.append((name, value))
    obj.__dict__.update(stored)
    for name, value in coerced:
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
