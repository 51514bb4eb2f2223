"""os-extended-volumes:volumes_attached of servers, read once per request."""

from nova import objects

_KEY = 'nova.volumes_attached'


def prefetch(req, instances):
    cache = req.environ.setdefault(_KEY, {})
    missing = [i.uuid for i in instances if i.uuid not in cache]
    if missing:
        cache.update(objects.BlockDeviceMappingList.volume_ids_by_instances(
            req.context, missing))
    return cache


def volumes_attached(req, instance):
    cache = req.environ.get(_KEY)
    if cache is None or instance.uuid not in cache:
        cache = prefetch(req, [instance])
    if not req.is_version('2.3'):
        return [{'id': volume_id} for volume_id, _d in cache[instance.uuid]]
    return [{'id': volume_id, 'delete_on_termination': delete}
            for volume_id, delete in cache[instance.uuid]]
