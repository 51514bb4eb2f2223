"""What Glance said about images servers boot from, kept a few seconds.

Each server create reads its image; from Glance that is an HTTP round
trip (about 13 ms), from the built-in store three queries, for an answer
that rarely changes. The answer is kept per process for [glance]
boot_image_cache_seconds, keyed by the image and by who asks (project and
admin role decide what an image shows and whether it is visible at all).
A change made through this process (nova.image.api, or the built-in image
service nova-api runs) applies to the next create at once.
"""

import copy
import threading
import time

import nova.conf

CONF = nova.conf.CONF

_lock = threading.Lock()
# (image id, project id, is_admin) -> (expires at, image dict)
_images = {}


def get(images, context, image_id):
    """images.get(context, image_id), from the cache when fresh."""
    ttl = CONF.glance.boot_image_cache_seconds
    if not ttl:
        return images.get(context, image_id)
    key = (image_id, context.project_id, bool(context.is_admin))
    now = time.monotonic()
    with _lock:
        expires, image = _images.get(key, (0, None))
    if expires > now:
        return copy.deepcopy(image)
    image = images.get(context, image_id)
    with _lock:
        if len(_images) > 1000:
            _drop_expired(now)
        _images[key] = (now + ttl, copy.deepcopy(image))
    return image


def forget(image_id=None):
    """Read the image (or every image) again next time: it changed."""
    with _lock:
        if image_id is None:
            _images.clear()
        for key in [k for k in _images if k[0] == image_id]:
            del _images[key]


def _drop_expired(now):
    for key in [k for k, (expires, _) in _images.items() if expires <= now]:
        del _images[key]
