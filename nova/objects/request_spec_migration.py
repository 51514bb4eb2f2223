"""Online data migration: a request spec for every live instance made
before request specs were kept with instances (migration 0012).

The build take-over of nova.conductor.build_recovery, and the scheduler
hints shown by the API, read the spec stored with an instance; an
instance made by older code has none. The spec is rebuilt from what the
instance row still knows: its owner, flavor, image (the image_* system
metadata written at create), availability zone, and its server group
(as the "group" hint). The original request's forced host and injected
files are not known any more and stay empty.
"""

from oslo_db import exception as db_exc
from oslo_log import log as logging

from nova import exception
from nova import lazy_import
from nova import objects

request_specs_db = lazy_import.module('nova.db.request_specs')

LOG = logging.getLogger(__name__)

# Image keys create() writes to system metadata beside the properties.
_INT_KEYS = ('min_ram', 'min_disk')
_STR_KEYS = ('disk_format', 'container_format')


def _image(instance):
    image = {'id': instance.image_ref or None, 'properties': {}}
    for key, value in (instance.system_metadata or {}).items():
        if not key.startswith('image_') or key == 'image_base_image_ref':
            continue
        name = key[len('image_'):]
        if name in _INT_KEYS:
            try:
                image[name] = int(value)
            except (TypeError, ValueError):
                pass
        elif name in _STR_KEYS:
            image[name] = value
        else:
            image['properties'][name] = value
    return objects.ImageMeta.from_dict(image)


def _hints(context, instance):
    try:
        group = objects.InstanceGroup.get_by_instance_uuid(context,
                                                           instance.uuid)
    except exception.InstanceGroupNotFound:
        return {}
    return {'group': [group.uuid]}


def spec_for(context, instance):
    """The RequestSpec the instance's create would have stored."""
    return objects.RequestSpec(
        instance_group=None, project_id=instance.project_id,
        user_id=instance.user_id, flavor=instance.flavor,
        image=_image(instance), num_instances=1,
        availability_zone=instance.availability_zone,
        instance_uuids=[instance.uuid], ignore_hosts=[], force_hosts=[],
        force_nodes=[], requested_host=None, requested_node=None,
        scheduler_hints=_hints(context, instance))


def add_missing_request_specs(context, max_count):
    """(found, done): up to max_count instances without a spec found, and
    how many of them got one."""
    uuids = request_specs_db.instance_uuids_without_spec(context, max_count)
    done = 0
    for uuid in uuids:
        try:
            instance = objects.Instance.get_by_uuid(
                context, uuid, expected_attrs=['system_metadata'])
        except exception.InstanceNotFound:
            continue  # deleted meanwhile: nothing left to migrate
        if instance.flavor is None:
            LOG.warning('Instance %s has no flavor; no request spec can be '
                        'made for it.', uuid)
            continue
        spec = spec_for(context, instance)
        try:
            request_specs_db.request_spec_create(
                context, uuid, spec._document(uuid, ()))
        except db_exc.DBDuplicateEntry:
            pass  # another run (or a move) stored one meanwhile
        done += 1
    return len(uuids), done


def count_missing_request_specs(context):
    return request_specs_db.count_instances_without_spec(context)
