"""The metadata definitions catalog (Glance metadefs) of the built-in
image service: namespaces, their resource type associations and their
objects, properties and tags.

Who sees what: public namespaces are visible to everyone, private ones to
their owner project; administrators see all. Only the owner or an
administrator changes a namespace or what it holds, and a protected
namespace (or a protected part of it) cannot be deleted (403). Objects,
properties and tags are rows of metadef_items by kind, their definition a
JSON body. Deleting a namespace deletes everything in it.
"""

from oslo_db import exception as db_exc
from oslo_serialization import jsonutils
import sqlalchemy as sa

from nova.db import api
from nova.db import models
from nova import exception

Namespace = models.MetadefNamespace
Item = models.MetadefItem
Association = models.MetadefAssociation
ResourceType = models.MetadefResourceType
NAMESPACE_FIELDS = ('namespace', 'display_name', 'description',
                    'visibility', 'protected')


def _namespace_dict(row):
    return {key: getattr(row, key) for key in NAMESPACE_FIELDS + (
        'owner', 'created_at', 'updated_at')}


def _item_dict(row):
    body = jsonutils.loads(row.body)
    body.update(name=row.name, created_at=row.created_at,
                updated_at=row.updated_at or row.created_at)
    return body


def _association_dict(row):
    return {'name': row.resource_type, 'prefix': row.prefix,
            'properties_target': row.properties_target,
            'created_at': row.created_at,
            'updated_at': row.updated_at or row.created_at}


def _visible(context):
    if context.is_admin:
        return sa.true()
    return sa.or_(Namespace.visibility == 'public',
                  Namespace.owner == context.project_id)


def _namespace_row(context, namespace, write=False):
    row = context.session.scalars(sa.select(Namespace).where(
        Namespace.namespace == namespace, _visible(context))).first()
    if row is None:
        raise exception.NotFound('Metadata definition namespace %s not '
                                 'found.' % namespace)
    if write and not context.is_admin and row.owner != context.project_id:
        raise exception.NotAuthorized(
            'You may not change namespace %s: it belongs to another '
            'project.' % namespace)
    return row


def _add(context, row, conflict):
    try:
        with context.session.begin_nested():
            context.session.add(row)
    except db_exc.DBDuplicateEntry:
        raise exception.Conflict(conflict)
    return row


@api.reader
def namespace_list(context, visibility=None, resource_types=None):
    query = sa.select(Namespace).where(_visible(context))
    if visibility:
        query = query.where(Namespace.visibility == visibility)
    if resource_types:
        query = query.where(Namespace.id.in_(
            sa.select(Association.namespace_id).where(
                Association.resource_type.in_(resource_types))))
    rows = context.session.scalars(query.order_by(Namespace.namespace))
    return [_namespace_dict(row) for row in rows]


@api.reader
def namespace_get(context, namespace):
    """The namespace with its associations, objects, properties, tags."""
    row = _namespace_row(context, namespace)
    result = _namespace_dict(row)
    result['resource_type_associations'] = [
        _association_dict(a) for a in context.session.scalars(
            sa.select(Association).where(Association.namespace_id == row.id)
            .order_by(Association.resource_type))]
    items = context.session.scalars(sa.select(Item).where(
        Item.namespace_id == row.id).order_by(Item.name))
    for item in items:
        result.setdefault(item.kind, []).append(_item_dict(item))
    return result


def _associate(context, row, values):
    name = values['name']
    if context.session.scalars(sa.select(ResourceType).where(
            ResourceType.name == name)).first() is None:
        _add(context, ResourceType(name=name, protected=False), '')
    return _add(context, Association(
        namespace_id=row.id, resource_type=name,
        prefix=values.get('prefix'),
        properties_target=values.get('properties_target')),
        'Resource type %s is already associated with namespace %s.'
        % (name, row.namespace))


@api.writer
def namespace_create(context, values, associations=(), items=()):
    """A new namespace owned by values['owner'] (or the caller's project),
    with resource type associations and (kind, name, body) items."""
    values = dict(values)
    values.setdefault('owner', context.project_id)
    values.setdefault('visibility', 'private')
    values.setdefault('protected', False)
    row = _add(context, Namespace(**values),
               'Metadata definition namespace %s already exists.'
               % values['namespace'])
    for association in associations:
        _associate(context, row, association)
    for kind, name, body in items:
        _add(context, Item(namespace_id=row.id, kind=kind, name=name,
                           body=jsonutils.dumps(body)),
             'Duplicate %s %s in the namespace.' % (kind, name))
    context.session.flush()
    return _namespace_dict(row)


@api.writer
def namespace_update(context, namespace, values):
    row = _namespace_row(context, namespace, write=True)
    new_name = values.get('namespace', namespace)
    if new_name != namespace and context.session.scalars(
            sa.select(Namespace).where(Namespace.namespace == new_name)
    ).first() is not None:
        raise exception.Conflict('Metadata definition namespace %s already '
                                 'exists.' % new_name)
    for key, value in values.items():
        setattr(row, key, value)
    context.session.flush()
    return _namespace_dict(row)


@api.writer
def namespace_delete(context, namespace):
    row = _namespace_row(context, namespace, write=True)
    if row.protected:
        raise exception.NotAuthorized(
            'Namespace %s is protected and cannot be deleted.' % namespace)
    for model in (Item, Association):
        context.session.execute(sa.delete(model).where(
            model.namespace_id == row.id))
    context.session.delete(row)


@api.reader
def resource_type_list(context):
    rows = context.session.scalars(sa.select(ResourceType).order_by(
        ResourceType.name))
    return [{'name': row.name, 'created_at': row.created_at,
             'updated_at': row.updated_at or row.created_at}
            for row in rows]


@api.reader
def association_list(context, namespace):
    row = _namespace_row(context, namespace)
    return [_association_dict(a) for a in context.session.scalars(
        sa.select(Association).where(Association.namespace_id == row.id)
        .order_by(Association.resource_type))]


@api.writer
def association_create(context, namespace, values):
    row = _namespace_row(context, namespace, write=True)
    association = _associate(context, row, values)
    context.session.flush()
    return _association_dict(association)


@api.writer
def association_delete(context, namespace, resource_type):
    row = _namespace_row(context, namespace, write=True)
    if row.protected:
        raise exception.NotAuthorized(
            'Namespace %s is protected.' % namespace)
    association = context.session.scalars(sa.select(Association).where(
        Association.namespace_id == row.id,
        Association.resource_type == resource_type)).first()
    if association is None:
        raise exception.NotFound('Resource type %s is not associated with '
                                 'namespace %s.' % (resource_type, namespace))
    context.session.delete(association)


def _item_row(context, row, kind, name):
    item = context.session.scalars(sa.select(Item).where(
        Item.namespace_id == row.id, Item.kind == kind,
        Item.name == name)).first()
    if item is None:
        raise exception.NotFound('Metadata definition %s %s not found in '
                                 'namespace %s.' % (kind, name,
                                                    row.namespace))
    return item


@api.reader
def item_list(context, namespace, kind):
    row = _namespace_row(context, namespace)
    return [_item_dict(item) for item in context.session.scalars(
        sa.select(Item).where(Item.namespace_id == row.id,
                              Item.kind == kind).order_by(Item.name))]


@api.reader
def item_get(context, namespace, kind, name):
    row = _namespace_row(context, namespace)
    return _item_dict(_item_row(context, row, kind, name))


@api.writer
def item_create(context, namespace, kind, name, body):
    row = _namespace_row(context, namespace, write=True)
    item = _add(context, Item(namespace_id=row.id, kind=kind, name=name,
                              body=jsonutils.dumps(body)),
                'A %s named %s already exists in namespace %s.'
                % (kind, name, namespace))
    context.session.flush()
    return _item_dict(item)


@api.writer
def item_update(context, namespace, kind, name, new_name, body):
    """Replace the definition (and maybe the name) of an item."""
    row = _namespace_row(context, namespace, write=True)
    item = _item_row(context, row, kind, name)
    if new_name != name and context.session.scalars(sa.select(Item).where(
            Item.namespace_id == row.id, Item.kind == kind,
            Item.name == new_name)).first() is not None:
        raise exception.Conflict('A %s named %s already exists in '
                                 'namespace %s.' % (kind, new_name,
                                                    namespace))
    item.name = new_name
    item.body = jsonutils.dumps(body)
    context.session.flush()
    return _item_dict(item)


@api.writer
def item_delete(context, namespace, kind, name=None):
    """Delete one item, or every item of the kind when name is None."""
    row = _namespace_row(context, namespace, write=True)
    if row.protected:
        raise exception.NotAuthorized(
            'Namespace %s is protected.' % namespace)
    if name is None:
        context.session.execute(sa.delete(Item).where(
            Item.namespace_id == row.id, Item.kind == kind))
    else:
        context.session.delete(_item_row(context, row, kind, name))


@api.writer
def items_replace(context, namespace, kind, names):
    """Replace every item of the kind with bodiless ones (tags)."""
    row = _namespace_row(context, namespace, write=True)
    context.session.execute(sa.delete(Item).where(
        Item.namespace_id == row.id, Item.kind == kind))
    context.session.flush()
    created = []
    for name in names:
        created.append(_add(context, Item(namespace_id=row.id, kind=kind,
                                          name=name, body='{}'),
                            'Duplicate %s %s.' % (kind, name)))
    context.session.flush()
    return [_item_dict(item) for item in created]
