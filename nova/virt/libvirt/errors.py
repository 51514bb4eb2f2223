"""Errors of the libvirt driver."""

from nova import exception


class LibvirtUnavailable(exception.NovaException):
    msg_fmt = 'The libvirt driver cannot run here: %(reason)s'


class ImageFetchFailed(exception.NovaException):
    msg_fmt = 'Could not fetch image %(image_id)s: %(reason)s'


class DiskOperationFailed(exception.NovaException):
    msg_fmt = 'Disk operation failed: %(reason)s'


class MigrationNotSupported(exception.NovaException):
    msg_fmt = ('The libvirt driver cannot move instance %(instance_uuid)s '
               'to %(dest)s: %(reason)s')


class VolumeNotSupported(exception.Invalid):
    msg_fmt = 'Cannot attach this volume: %(reason)s'
