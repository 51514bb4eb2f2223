"""Errors of block storage, with the messages and codes upstream uses."""

from nova import exception


class VolumeNotFound(exception.NotFound):
    msg_fmt = 'Volume %(volume_id)s could not be found.'


class SnapshotNotFound(exception.NotFound):
    msg_fmt = 'Snapshot %(snapshot_id)s could not be found.'


class VolumeTypeNotFound(exception.NotFound):
    msg_fmt = 'Volume type %(volume_type)s could not be found.'


class VolumeAttachmentNotFound(exception.NotFound):
    msg_fmt = 'Volume attachment %(attachment_id)s could not be found.'


class VolumeBDMNotFound(exception.NotFound):
    msg_fmt = 'No volume Block Device Mapping with id %(volume_id)s.'


class VolumeNotAttached(exception.NotFound):
    # What os-volume_attachments answers for a volume not on the server.
    msg_fmt = 'volume_id not found: %(volume_id)s'


class InvalidVolume(exception.Invalid):
    msg_fmt = 'Invalid volume: %(reason)s'


class MultiattachNotSupportedOldMicroversion(exception.Invalid):
    msg_fmt = ('Multiattach volumes are only supported starting with '
               'compute API version 2.60.')


class MultiattachToShelvedNotSupported(exception.Invalid):
    msg_fmt = ('Attaching multiattach volumes is not supported for '
               'shelved-offloaded instances.')


class InvalidSnapshot(exception.Invalid):
    msg_fmt = 'Invalid snapshot: %(reason)s'


class InvalidDevicePath(exception.Invalid):
    msg_fmt = 'The supplied device path (%(path)s) is invalid.'


class DevicePathInUse(exception.Conflict):
    msg_fmt = 'The supplied device path (%(path)s) is in use.'


class ReimageNotSupported(exception.Conflict):
    msg_fmt = ('The volume service cannot reimage a boot volume: '
               '%(reason)s. Create a new server from a volume of the image '
               'instead.')


class VolumeBackendFailed(exception.NovaException):
    msg_fmt = 'The volume backend failed: %(reason)s'


class NoVolumeHost(exception.NovaException):
    msg_fmt = ('No volume service is up in availability zone %(zone)s; '
               'start nova-volume there or choose another zone.')
    code = 503
    safe = True


class VolumeServiceUnavailable(exception.NovaException):
    msg_fmt = 'The volume service could not be reached: %(reason)s'
    code = 503
    safe = True


class VolumeLimitExceeded(exception.OverQuota):
    pass


# Block device mappings of server create (codes and messages as upstream).

class InvalidBDM(exception.Invalid):
    msg_fmt = 'Block Device Mapping is Invalid.'


class InvalidBDMSnapshot(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: failed to get snapshot '
               '%(id)s.')


class InvalidBDMVolume(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: failed to get volume '
               '%(id)s.')


class InvalidBDMImage(InvalidBDM):
    msg_fmt = 'Block Device Mapping is Invalid: failed to get image %(id)s.'


class InvalidBDMBootSequence(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: Boot sequence for the '
               'instance and image/block device mapping combination is not '
               'valid.')


class InvalidBDMLocalsLimit(InvalidBDM):
    msg_fmt = ('Block Device Mapping is Invalid: You specified more local '
               'devices than the limit allows')


class InvalidBDMEphemeralSize(InvalidBDM):
    msg_fmt = ('Ephemeral disks requested are larger than the instance type '
               'allows. If no size is given in one block device mapping, '
               'flavor ephemeral size will be used.')


class InvalidBDMSwapSize(InvalidBDM):
    msg_fmt = 'Swap drive requested is larger than instance type allows.'


class InvalidBDMFormat(InvalidBDM):
    msg_fmt = 'Block Device Mapping is Invalid: %(details)s'


class InvalidBDMDiskBus(InvalidBDM):
    msg_fmt = ('Block Device Mapping is invalid: Device bus %(disk_bus)s '
               'is not supported')


class InvalidBDMVolumeNotBootable(InvalidBDM):
    msg_fmt = 'Block Device %(id)s is not bootable.'
