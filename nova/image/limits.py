"""Upload limits of the built-in image store.

The size cap ([glance] image_size_cap), the project's storage quota
([glance] project_storage_quota_mb) and the free space the store leaves
on its file system ([glance] store_reserved_mb). Each is checked against
a declared size before anything is read, and again as bytes arrive.
"""

import errno
import os

import nova.conf
from nova.db import images as db
from nova import exception

CONF = nova.conf.CONF

MIB = 1024 * 1024
# statvfs once per this many bytes written, not once per chunk.
_SPACE_CHECK_EVERY = 4 * MIB


def _free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


class UploadMeter:
    """Counts an upload's bytes and raises once a limit is passed."""

    def __init__(self, context, path, declared=None):
        self.path = path
        self.project_id = context.project_id
        self.cap = CONF.glance.image_size_cap
        quota = CONF.glance.project_storage_quota_mb * MIB
        self.quota = quota
        self.used = db.image_storage_used(
            context, context.project_id) if quota else 0
        self.reserve = CONF.glance.store_reserved_mb * MIB
        self.size = 0
        self._unchecked = 0
        if declared:
            self._check(declared)
            self._check_space(declared)

    def _check(self, size):
        if size > self.cap:
            raise exception.ImageTooLarge(max=self.cap)
        if self.quota and self.used + size > self.quota:
            raise exception.ImageStorageQuotaExceeded(
                project_id=self.project_id, used=self.used,
                quota=self.quota, size=size)

    def _check_space(self, coming):
        free = _free_bytes(self.path)
        if free - coming < self.reserve:
            raise exception.ImageStoreFull(
                reason='%d MiB free, %d MiB kept in reserve' % (
                    free // MIB, self.reserve // MIB))

    def add(self, count):
        """Account count more bytes (call before writing them)."""
        self.size += count
        self._check(self.size)
        self._unchecked += count
        if self._unchecked >= _SPACE_CHECK_EVERY:
            self._unchecked = 0
            self._check_space(0)


def store_full(error):
    """The ImageStoreFull of an OSError from a full disk, or None."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC,
                                                      errno.EDQUOT):
        return exception.ImageStoreFull(reason=os.strerror(error.errno))
    return None
