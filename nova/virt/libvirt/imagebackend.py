"""Instance disks: the root disk from the cached image, ephemeral and swap
disks from the flavor, and the guest record that describes them.

The guest record (<instance dir>/guest.json) keeps what the domain XML
is rebuilt from after a resize, rescue or unrescue: the image's boot
properties, the disks' formats, the kernel and ramdisk, the bases used
(so the cache cleanup keeps them) and hot-plugged volumes.
"""

import json
import os

import nova.conf
from nova.virt.libvirt import disk_utils
from nova.virt.libvirt import imagecache
from nova.virt.libvirt import paths

CONF = nova.conf.CONF
GiB = disk_utils.GiB
MiB = 1024 * 1024

DEFAULT_CMDLINE = 'root=/dev/vda console=tty0 console=ttyS0'


def image_dict(image_meta):
    """An image dict (id, disk_format, properties) from an ImageMeta, an
    image dict or None."""
    if image_meta is None:
        return {'id': None, 'disk_format': None, 'properties': {}}
    if isinstance(image_meta, dict):
        return {'id': image_meta.get('id'),
                'disk_format': image_meta.get('disk_format'),
                'properties': dict(image_meta.get('properties') or {})}
    get = image_meta.obj_attr_is_set
    return {'id': image_meta.id if get('id') else None,
            'disk_format': image_meta.disk_format if get('disk_format')
            else None,
            'properties': dict(image_meta.properties
                               if get('properties') else {})}


def read_record(uuid, directory=None):
    path = os.path.join(directory or paths.instance_dir(uuid), 'guest.json')
    with open(path) as f:
        return json.load(f)


def write_record(uuid, record, directory=None):
    path = os.path.join(directory or paths.instance_dir(uuid), 'guest.json')
    with open(path + '.tmp', 'w') as f:
        json.dump(record, f, indent=1, sort_keys=True)
    os.replace(path + '.tmp', path)


def _fetch_boot_files(context, images, image, record, prefix=''):
    """Kernel and ramdisk of an AMI-style image (kernel_id/ramdisk_id)."""
    props = image['properties']
    for key, name in (('kernel_id', 'kernel'), ('ramdisk_id', 'ramdisk')):
        if props.get(key):
            base = imagecache.fetch(context, images, props[key])
            record[prefix + name] = base
            record['bases'].append(base)
    if record.get(prefix + 'kernel'):
        record[prefix + 'cmdline'] = props.get('os_command_line') or \
            DEFAULT_CMDLINE


def create_root(context, images, instance, image, name, record):
    """Create the root disk `name` from image; returns its format."""
    base = imagecache.fetch(context, images, image['id'])
    record['bases'].append(base)
    fmt = imagecache.base_format(base, image['disk_format'])
    path = paths.instance_file(instance.uuid, name)
    size = (instance.flavor.root_gb or 0) * GiB
    if CONF.libvirt.images_type == 'raw':
        disk_utils.convert(base, path, 'raw', fmt)
        disk_utils.grow(path, size)
        return 'raw'
    virtual = disk_utils.info(base)['virtual-size']
    disk_utils.create_overlay(base, fmt, path, max(size, virtual))
    return 'qcow2'


def create_flavor_disks(instance, record):
    """Ephemeral (disk.local) and swap (disk.swap) disks of the flavor."""
    flavor = instance.flavor
    fmt = 'raw' if CONF.libvirt.images_type == 'raw' else 'qcow2'
    record['ephemeral'] = None
    record['swap'] = None
    if flavor.ephemeral_gb:
        disk_utils.create_blank(
            paths.instance_file(instance.uuid, 'disk.local'),
            flavor.ephemeral_gb * GiB, fmt)
        record['ephemeral'] = fmt
    if flavor.swap:
        path = paths.instance_file(instance.uuid, 'disk.swap')
        disk_utils.create_blank(path, flavor.swap * MiB, 'raw')
        disk_utils.make_swap(path)
        record['swap'] = 'raw'


def prepare(context, images, instance, image_meta, boots_from_volume=False):
    """Create the disks of a new guest and its record; returns it.
    A guest that boots from a volume has no local root disk, even when
    the volume was made from an image (image_meta then describes it)."""
    image = image_dict(image_meta)
    os.makedirs(paths.instance_dir(instance.uuid), exist_ok=True)
    record = {'image': image, 'bases': [], 'volumes': {},
              'config_drive': None}
    record['root_format'] = None
    if image['id']:
        _fetch_boot_files(context, images, image, record)
    if image['id'] and not boots_from_volume:
        record['root_format'] = create_root(context, images, instance,
                                            image, 'disk', record)
    create_flavor_disks(instance, record)
    write_record(instance.uuid, record)
    return record


def prepare_rescue(context, images, instance, image_meta, record):
    """Create disk.rescue from the rescue image; the record says so."""
    image = image_dict(image_meta)
    if not image['id']:
        image = record['image']
    rescue = {'image': image, 'bases': []}
    _fetch_boot_files(context, images, image, rescue, prefix='rescue_')
    if not rescue.get('rescue_kernel') and record.get('kernel') and \
            not image['properties'].get('kernel_id'):
        # A rescue image without a kernel of its own: the guest's.
        for key in ('kernel', 'ramdisk', 'cmdline'):
            rescue['rescue_' + key] = record.get(key)
    rescue['format'] = create_root(context, images, instance, image,
                                   'disk.rescue', rescue)
    record['rescue'] = rescue
    write_record(instance.uuid, record)
    return record


def grow_for_flavor(instance, record):
    """After a resize: grow the root and ephemeral disks to the flavor."""
    flavor = instance.flavor
    if record.get('root_format'):  # None: the root is a volume
        disk_utils.grow(paths.instance_file(instance.uuid, 'disk'),
                        (flavor.root_gb or 0) * GiB)
    local = paths.instance_file(instance.uuid, 'disk.local')
    if flavor.ephemeral_gb:
        if os.path.exists(local):
            disk_utils.grow(local, flavor.ephemeral_gb * GiB)
        else:
            fmt = 'raw' if CONF.libvirt.images_type == 'raw' else 'qcow2'
            disk_utils.create_blank(local, flavor.ephemeral_gb * GiB, fmt)
            record['ephemeral'] = fmt
    swap = paths.instance_file(instance.uuid, 'disk.swap')
    if flavor.swap and not os.path.exists(swap):
        disk_utils.create_blank(swap, flavor.swap * MiB, 'raw')
        disk_utils.make_swap(swap)
        record['swap'] = 'raw'
    write_record(instance.uuid, record)
