"""The fake hypervisor's image cache (API 2.81 aggregate image caching).

A fake host downloads nothing; it records which images it was asked to
cache in <state_path>/fake-hypervisor-image-cache/<host>.json, so the
record outlives the process as a real host's cache would, and tests can
see which hosts got which images.
"""

import json
import os
import threading

import nova.conf

CONF = nova.conf.CONF


def cache_path(state_path, host):
    return os.path.join(state_path, 'fake-hypervisor-image-cache',
                        '%s.json' % host)


def load_cached(state_path, host):
    """The image ids host has cached ([] when none)."""
    try:
        with open(cache_path(state_path, host)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return []


class FakeImageCacheMixin:
    """cache_image of the fake driver."""

    @property
    def _image_cache_lock(self):
        return self.__dict__.setdefault('_image_cache_lock_',
                                        threading.Lock())

    def cache_image(self, context, image_id):
        with self._image_cache_lock:
            cached = load_cached(CONF.state_path, self.host)
            if image_id in cached:
                return False
            path = cache_path(CONF.state_path, self.host)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + '.tmp', 'w') as f:
                json.dump(cached + [image_id], f)
            os.replace(path + '.tmp', path)
            return True
