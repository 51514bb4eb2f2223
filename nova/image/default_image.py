"""The small public image ("cirros") a new cloud starts with.

Nothing can be downloaded here, so its bytes are an empty qcow2 disk made
on the spot: valid for qemu-img and the drivers, with no OS inside. It is
enough to boot servers on the fake driver and to try the image APIs.
"""

from oslo_log import log as logging

from nova.image import api as image_api
from nova.image import qcow2

LOG = logging.getLogger(__name__)

NAME = 'cirros'
VIRTUAL_SIZE = 1024 ** 3  # fits the smallest default flavor's 1 GiB disk


def ensure_default_image(context):
    """Create the image unless the store lists any; returns it or None.

    context must be an admin context (only administrators make public
    images).
    """
    images = image_api.API()
    if images.get_all(context, limit=1):
        return None
    image = images.create(context, {
        'name': NAME,
        'disk_format': 'qcow2',
        'container_format': 'bare',
        'visibility': 'public',
        'min_disk': 0,
        'min_ram': 0,
        'properties': {'os_distro': 'cirros', 'hw_disk_bus': 'virtio',
                       'description': 'An empty qcow2 disk of 1 GiB, '
                                      'created by nova-all'},
    }, data=qcow2.empty_image(VIRTUAL_SIZE))
    LOG.info('Created the default image %s (%s)', NAME, image['id'])
    return image
