"""Config drives: the instance's metadata on a small read-only disk.

The files (label config-2) are exactly what the metadata service serves
for the instance (nova.api.metadata.gather.config_drive_files: ec2/ and
openstack/ version trees), plus openstack/content/NNNN for files injected
at boot. nova-compute has no database: gather reads through versioned
objects, which the conductor answers.
"""

import os
import shutil
import tempfile

import nova.conf
from nova.api.metadata import gather
from nova.virt.libvirt import disk_utils

CONF = nova.conf.CONF
LABEL = 'config-2'


def wanted(instance):
    return bool(instance.config_drive) or CONF.libvirt.force_config_drive


def write_tree(root, files):
    """Write {relative path: bytes} under root."""
    for name, data in files.items():
        path = os.path.join(root, *name.split('/'))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)


def make(path, context, instance, injected_files=()):
    """Write the config drive of instance to path (ISO 9660 or vfat)."""
    files = gather.config_drive_files(context, instance, injected_files)
    tree = tempfile.mkdtemp(prefix='configdrive-')
    try:
        write_tree(tree, files)
        if CONF.libvirt.config_drive_format == 'vfat':
            with open(path, 'wb') as f:
                f.truncate(64 * 1024 * 1024)
            disk_utils.run('mkfs.vfat', '-n', LABEL, path)
            tops = sorted(os.listdir(tree))
            disk_utils.run('mcopy', '-s', '-i', path,
                           *[os.path.join(tree, top) for top in tops], '::/')
        else:
            disk_utils.run('genisoimage', '-o', path, '-ldots',
                           '-allow-lowercase', '-allow-multidot', '-l',
                           '-quiet', '-J', '-r', '-V', LABEL, tree)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
