"""What the image of a server snapshot or backup is made of, and the image_*
system metadata a server keeps of the image it was built from.

A snapshot inherits the properties of the server's image (kept in its
system metadata as image_<name>) and adds instance_uuid, user_id,
image_type and base_image_ref, as upstream Nova's snapshots do.
"""

# Image attributes (not properties) a server keeps as image_<name>.
CORE_ATTRIBUTES = ('min_ram', 'min_disk', 'disk_format', 'container_format')
# image_* keys that describe the server's image, not one its snapshot
# may inherit as a property.
_NOT_INHERITED = CORE_ATTRIBUTES + ('base_image_ref', 'image_type',
                                    'backup_type', 'instance_uuid',
                                    'user_id')
_PREFIX = 'image_'


def image_system_metadata(image):
    """The image_* system metadata of a server built from image."""
    values = {_PREFIX + key: str(value)[:255]
              for key, value in (image.get('properties') or {}).items()
              if value is not None}
    for key in CORE_ATTRIBUTES:
        if image.get(key) is not None:
            values[_PREFIX + key] = str(image[key])
    values[_PREFIX + 'base_image_ref'] = image['id']
    return values


def with_image_system_metadata(system_metadata, image):
    """system_metadata with its image_* keys replaced by image's."""
    kept = {key: value for key, value in system_metadata.items()
            if not key.startswith(_PREFIX)}
    kept.update(image_system_metadata(image))
    return kept


def image_meta(context, instance, name, properties):
    """The new (queued) image of a snapshot of instance, named name.

    properties: what this image adds (image_type, backup_type, the
    request's metadata), over what it inherits.
    """
    system_metadata = instance.system_metadata
    inherited = {key[len(_PREFIX):]: value
                 for key, value in system_metadata.items()
                 if key.startswith(_PREFIX) and value is not None and
                 key[len(_PREFIX):] not in _NOT_INHERITED}
    inherited.update({
        'instance_uuid': instance.uuid,
        'user_id': str(context.user_id),
        'base_image_ref': instance.image_ref or '',
    })
    inherited.update(properties)
    meta = {'name': name, 'visibility': 'private',
            'owner': instance.project_id, 'properties': inherited}
    for key in CORE_ATTRIBUTES:
        value = system_metadata.get(_PREFIX + key)
        if value is None:
            continue
        meta[key] = int(value) if key in ('min_ram', 'min_disk') else value
    # A snapshot's disk needs at least the flavor's root disk.
    if instance.flavor is not None:
        meta['min_disk'] = max(meta.get('min_disk', 0),
                               instance.flavor.root_gb or 0)
    return meta
