"""CreateTags, DescribeTags, DeleteTags: instance tags are the instance's
metadata, as in the Compute API."""

import fnmatch

from nova.api.ec2 import faults
from nova.api.ec2 import ids
from nova.api.ec2 import instances
from nova.api.ec2 import request


def _instances(context, args):
    resource_ids = request.as_list(args, 'ResourceId')
    if not resource_ids:
        raise faults.missing('ResourceId')
    for resource_id in resource_ids:
        if not resource_id.startswith(ids.INSTANCE + '-'):
            raise faults.invalid('Only instances can be tagged; %s is no '
                                 'instance id.' % resource_id)
    return [(r, instances.get_instance(context, r)) for r in resource_ids]


def _tags(args):
    tags = request.as_list(args, 'Tag')
    if not tags:
        raise faults.missing('Tag')
    return tags


def create_tags(context, args):
    tags = _tags(args)
    for tag in tags:
        if not tag.get('Key'):
            raise faults.invalid('A tag needs a Key.')
    new = {t['Key']: t.get('Value') or '' for t in tags}
    for _ec2_id, instance in _instances(context, args):
        instances.compute().update_metadata(context, instance, new)
    return {'return': True}


def delete_tags(context, args):
    tags = request.as_list(args, 'Tag')
    for _ec2_id, instance in _instances(context, args):
        # No Tag: every tag goes; a Tag without Value: that key; with a
        # Value: only when the value matches.
        kept = {key: value for key, value in
                (instance.metadata or {}).items()
                if tags and not any(
                    t.get('Key') == key and t.get('Value') in (None, value)
                    for t in tags)}
        if kept != instance.metadata:
            instances.compute().update_metadata(context, instance, kept,
                                                replace=True)
    return {'return': True}


def describe_tags(context, args):
    filters = request.filters(args)
    for name in filters:
        if name not in ('resource-id', 'resource-type', 'key', 'value'):
            raise faults.invalid('The filter \'%s\' is invalid' % name)
    if 'resource-type' in filters and 'instance' not in \
            filters['resource-type']:
        return {'tagSet': []}
    if filters.get('resource-id'):
        found = [instances.get_instance(context, r)
                 for r in filters['resource-id']]
    else:
        query = {} if context.is_admin else {
            'project_id': context.project_id}
        found = instances.compute().get_all(
            context, query, expected_attrs=('metadata',))
    ec2_ids = ids.to_ec2_many(context, ids.INSTANCE,
                              [i.uuid for i in found])
    result = []
    for instance in found:
        for key, value in sorted((instance.metadata or {}).items()):
            item = {'resourceId': ec2_ids[instance.uuid],
                    'resourceType': 'instance', 'key': key, 'value': value}
            if all(any(fnmatch.fnmatchcase(str(item[_FIELDS[n]]), w)
                       for w in wanted)
                   for n, wanted in filters.items()
                   if n != 'resource-type'):
                result.append(item)
    return {'tagSet': result}


_FIELDS = {'resource-id': 'resourceId', 'key': 'key', 'value': 'value'}
