"""File-backed volumes: one sparse raw (or qcow2) file per volume."""

import os
import shutil
import subprocess

from oslo_log import log as logging

import nova.conf
from nova.volume import exception

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
GiB = 1024 ** 3
# Image disk formats whose file is not the disk itself.
CONVERTED_FORMATS = ('qcow2', 'vmdk', 'vdi', 'vhd', 'vhdx')


def _qemu_img():
    return shutil.which('qemu-img')


def sparse_copy(source, dest):
    """Copy only the data extents of source (SEEK_DATA/SEEK_HOLE), so a
    copy of a sparse volume stays sparse and costs what was written."""
    size = os.path.getsize(source)
    with open(source, 'rb') as src, open(dest, 'wb') as dst:
        dst.truncate(size)
        offset = 0
        while offset < size:
            try:
                start = os.lseek(src.fileno(), offset, os.SEEK_DATA)
            except OSError:  # ENXIO: only a hole is left
                break
            end = os.lseek(src.fileno(), start, os.SEEK_HOLE)
            src.seek(start)
            dst.seek(start)
            remaining = end - start
            while remaining > 0:
                chunk = src.read(min(remaining, 4 * 1024 * 1024))
                if not chunk:
                    break
                dst.write(chunk)
                remaining -= len(chunk)
            offset = end


def _convert(source, source_format, dest):
    """qemu-img convert source to a raw dest."""
    try:
        subprocess.run([_qemu_img(), 'convert', '-f', source_format, '-O',
                        'raw', source, dest], check=True, capture_output=True)
    except subprocess.CalledProcessError as error:
        raise exception.VolumeBackendFailed(
            reason='the %s image could not be converted: %s' % (
                source_format, error.stderr.decode(errors='replace')
                .strip()))


class FileBackend:
    """Creates, copies, grows and removes volume files under one directory.

    raw files are sparse, so a 10 GiB volume costs what is written to it;
    qcow2 is used when asked for and qemu-img exists.
    """

    def __init__(self, path=None, volume_format=None):
        self.path = path or CONF.volume.volumes_path
        wanted = volume_format or CONF.volume.volume_format
        self.format = 'qcow2' if wanted == 'qcow2' and _qemu_img() else 'raw'

    def _file(self, name):
        return os.path.join(self.path, name)

    def volume_file(self, volume_id):
        return self._file('volume-%s' % volume_id)

    def snapshot_file(self, snapshot_id):
        return self._file('snapshot-%s' % snapshot_id)

    def _check_failure(self, display_name):
        if display_name and display_name in \
                CONF.volume.fail_create_for_names:
            raise exception.VolumeBackendFailed(
                reason='simulated failure for %s' % display_name)

    def create(self, volume_id, size_gb, display_name=None):
        """An empty volume of size_gb; returns (path, format)."""
        self._check_failure(display_name)
        os.makedirs(self.path, exist_ok=True)
        path = self.volume_file(volume_id)
        if self.format == 'qcow2':
            subprocess.run([_qemu_img(), 'create', '-f', 'qcow2', path,
                            '%dG' % size_gb], check=True,
                           capture_output=True)
        else:
            with open(path, 'wb') as f:
                f.truncate(size_gb * GiB)
        return path, self.format

    def create_from_file(self, volume_id, source, size_gb, source_format,
                         display_name=None):
        """A volume holding a copy of source (a volume, snapshot or image
        file), grown to size_gb; returns (path, format)."""
        self._check_failure(display_name)
        os.makedirs(self.path, exist_ok=True)
        path = self.volume_file(volume_id)
        sparse_copy(source, path)
        self.extend(path, size_gb, source_format)
        return path, source_format

    def create_from_bytes(self, volume_id, chunks, size_gb,
                          display_name=None, source_format='raw'):
        """A raw volume holding an image's disk, then sparse to size.

        An image in a container format (qcow2, vmdk, ...) is converted,
        so the guest sees the image's disk, not its file.
        """
        self._check_failure(display_name)
        os.makedirs(self.path, exist_ok=True)
        path = self.volume_file(volume_id)
        self._write_image(path, chunks, size_gb, source_format, volume_id)
        return path, 'raw'

    def reimage(self, volume_id, path, chunks, size_gb, display_name=None,
                source_format='raw'):
        """Replace the volume's data at path by an image's disk, as
        create_from_bytes makes it; returns (path, 'raw').

        The image is written beside the volume and moved over it only
        once complete, so a failure leaves the old data in place.
        """
        self._check_failure(display_name)
        path = path or self.volume_file(volume_id)
        staging = path + '.reimage'
        try:
            self._write_image(staging, chunks, size_gb, source_format,
                              volume_id)
            os.replace(staging, path)
        finally:
            if os.path.exists(staging):
                os.unlink(staging)
        return path, 'raw'

    def _write_image(self, path, chunks, size_gb, source_format, volume_id):
        """Write the image's disk (chunks) to path as a raw file of
        size_gb, converting container formats when qemu-img exists."""
        convert = source_format in CONVERTED_FORMATS
        if convert and not _qemu_img():
            # Without qemu-img (fake-driver clouds) the file is copied.
            LOG.warning('qemu-img is missing: volume %s holds the %s '
                        'image file unconverted', volume_id, source_format)
            convert = False
        download = path + '.download' if convert else path
        try:
            with open(download, 'wb') as f:
                for chunk in chunks:
                    f.write(chunk)
            if convert:
                _convert(download, source_format, path)
                if os.path.getsize(path) > size_gb * GiB:
                    raise exception.VolumeBackendFailed(
                        reason='the image\'s disk is larger than the '
                               '%d GiB volume; ask for a bigger volume'
                               % size_gb)
        except Exception:
            if convert and os.path.exists(path):
                os.unlink(path)  # nothing half-made stays behind
            raise
        finally:
            if convert and os.path.exists(download):
                os.unlink(download)
        self.extend(path, size_gb, 'raw')

    def snapshot(self, snapshot_id, volume_path):
        os.makedirs(self.path, exist_ok=True)
        path = self.snapshot_file(snapshot_id)
        sparse_copy(volume_path, path)
        return path

    def extend(self, path, size_gb, volume_format='raw'):
        if volume_format == 'qcow2' and _qemu_img():
            subprocess.run([_qemu_img(), 'resize', path, '%dG' % size_gb],
                           check=True, capture_output=True)
            return
        if os.path.getsize(path) < size_gb * GiB:
            with open(path, 'r+b') as f:
                f.truncate(size_gb * GiB)

    def delete(self, path):
        if not path:
            return
        try:
            os.unlink(path)
        except FileNotFoundError:
            LOG.info('Volume file %s was already gone', path)

    @staticmethod
    def connection_info(path, volume_format):
        """What a compute host needs to plug the file into a guest."""
        return {'driver_volume_type': 'file',
                'data': {'device_path': os.path.abspath(path),
                         'format': volume_format or 'raw'}}
