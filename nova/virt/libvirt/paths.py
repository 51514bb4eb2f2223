"""Where the files of a libvirt guest live under instances_path.

<instances_path>/<uuid>/          disk, disk.local, disk.swap, disk.config,
                                  disk.rescue, console.log, guest.json
<instances_path>/<uuid>_resize/   the pre-resize copy until confirm/revert
<instances_path>/_base/           base images (see imagecache)
"""

import os

import nova.conf

CONF = nova.conf.CONF


def instances_root():
    return CONF.instances_path


def base_dir():
    return os.path.join(instances_root(),
                        CONF.libvirt.image_cache_subdirectory_name)


def instance_dir(uuid):
    return os.path.join(instances_root(), uuid)


def resize_dir(uuid):
    return instance_dir(uuid) + '_resize'


def instance_file(uuid, name):
    return os.path.join(instance_dir(uuid), name)


def console_log(uuid):
    return instance_file(uuid, 'console.log')
