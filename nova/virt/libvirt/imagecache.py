"""The base image cache: images fetched once from the image service.

Each image a guest needs (root disk, kernel, ramdisk) is downloaded once
into <instances_path>/_base/<sha1 of the image id>, over the image API
(HTTP for a nova-compute without database). Instance disks are qcow2
overlays over these files, or raw copies of them. A base that no
instance's guest.json names any more is removed once it has been unused
for [libvirt] remove_unused_original_minimum_age_seconds.
"""

import collections
import hashlib
import json
import os
import tempfile
import threading
import time

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova.virt.libvirt import disk_utils
from nova.virt.libvirt import errors
from nova.virt.libvirt import paths

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# One download per image at a time; others wait for it.
_locks = collections.defaultdict(threading.Lock)
_locks_guard = threading.Lock()


def _lock(image_id):
    with _locks_guard:
        return _locks[image_id]


def base_path(image_id):
    return os.path.join(paths.base_dir(),
                        hashlib.sha1(image_id.encode()).hexdigest())


def fetch(context, images, image_id):
    """The cached file of image_id, downloaded if missing; touched, so the
    cleanup sees it as used now."""
    path = base_path(image_id)
    with _lock(image_id):
        if not os.path.exists(path):
            _download(context, images, image_id, path)
        os.utime(path)
    return path


def _download(context, images, image_id, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(path),
                                prefix='.fetch-')
    start = time.monotonic()
    try:
        with os.fdopen(fd, 'wb') as out:
            for chunk in images.download(context, image_id):
                out.write(chunk)
        os.replace(temp, path)
    except exception.NovaException:
        os.unlink(temp)
        raise
    except Exception as error:
        os.unlink(temp)
        raise errors.ImageFetchFailed(image_id=image_id, reason=str(error))
    LOG.info('Fetched image %s into the cache in %.1fs', image_id,
             time.monotonic() - start)


def base_format(path, declared):
    """The format of a cached base: what qemu-img finds, which for
    images declared raw (or ami, aki, ari) must stay raw."""
    if declared in ('raw', 'ami', 'aki', 'ari', 'iso'):
        return 'raw'
    found = disk_utils.info(path).get('format')
    return 'qcow2' if found == 'qcow2' else 'raw'


# Cleanup --------------------------------------------------------------

def bases_in_use():
    """The base files the guest.json of any instance directory names."""
    used = set()
    root = paths.instances_root()
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return used
    for name in names:
        record = os.path.join(root, name, 'guest.json')
        try:
            with open(record) as f:
                guest = json.load(f)
        except (OSError, ValueError):
            continue
        used.update(guest.get('bases', []))
        used.update((guest.get('rescue') or {}).get('bases', []))
    return used


def remove_unused_bases(min_age=None):
    """Remove bases unused for min_age seconds; returns their paths."""
    if min_age is None:
        min_age = CONF.libvirt.remove_unused_original_minimum_age_seconds
    base_dir = paths.base_dir()
    try:
        names = os.listdir(base_dir)
    except FileNotFoundError:
        return []
    used = bases_in_use()
    removed = []
    now = time.time()
    for name in names:
        path = os.path.join(base_dir, name)
        if name.startswith('.') or path in used:
            continue
        with _lock(name):
            try:
                if now - os.path.getmtime(path) < min_age:
                    continue
                os.unlink(path)
            except FileNotFoundError:
                continue
        LOG.info('Removed unused base image %s', path)
        removed.append(path)
    return removed


class CacheCleaner:
    """A native thread removing unused bases every interval seconds."""

    def __init__(self, interval):
        self.interval = interval
        self._stop = threading.Event()
        self._thread = None

    def start(self):
        if self.interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name='libvirt-image-cache')
        self._thread.start()

    def _run(self):
        while not self._stop.wait(self.interval):
            try:
                remove_unused_bases()
            except Exception:
                LOG.exception('Image cache cleanup failed')

    def stop(self):
        self._stop.set()
