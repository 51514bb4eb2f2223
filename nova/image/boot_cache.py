"""What Glance said about images servers boot from, kept a few seconds.

Each server create reads its image; from Glance that is an HTTP round
trip (about 13 ms), from the built-in store three queries, for an answer
that rarely changes. The answer is kept per process for [glance]
boot_image_cache_seconds (nova.recent_answers says why that is safe),
keyed by the image and by who asks (project and admin role decide what an
image shows and whether it is visible at all). A change made through this
process (nova.image.api, or the built-in image service nova-api runs)
applies to the next create at once.
"""

import nova.conf
from nova import recent_answers

CONF = nova.conf.CONF

# (image id, project id, is_admin) -> image dict
_images = recent_answers.RecentAnswers(
    lambda: CONF.glance.boot_image_cache_seconds)


def get(images, context, image_id):
    """images.get(context, image_id), from the cache when fresh."""
    return _images.get(
        (image_id, context.project_id, bool(context.is_admin)),
        lambda: images.get(context, image_id))


def forget(image_id=None):
    """Read the image (or every image) again next time: it changed."""
    if image_id is None:
        _images.changed()
    else:
        _images.changed(lambda key: key[0] == image_id)
