"""EC2 ids (i-, ami-, aki-, ari-, vol-, snap- + 8 hex) <-> UUIDs.

Each UUID gets a number the first time EC2 shows it (EC2IdMapping); the
EC2 id is the kind's prefix and that number in 8 hex digits, so an id
never changes and never names two things.
"""

import re

from nova.api.ec2 import faults
from nova import objects

INSTANCE = 'i'
IMAGE = 'ami'
KERNEL = 'aki'
RAMDISK = 'ari'
VOLUME = 'vol'
SNAPSHOT = 'snap'
IMAGE_KINDS = (IMAGE, KERNEL, RAMDISK)

_EC2_ID = re.compile(r'^([a-z]+)-([0-9a-fA-F]{8})$')

# The error codes of a malformed or unknown id, per kind.
_ERRORS = {
    INSTANCE: 'InvalidInstanceID',
    IMAGE: 'InvalidAMIID', KERNEL: 'InvalidAMIID', RAMDISK: 'InvalidAMIID',
    VOLUME: 'InvalidVolume', SNAPSHOT: 'InvalidSnapshot',
}


def image_kind(image):
    """ami, aki or ari from an image's container (or disk) format."""
    fmt = image.get('container_format') or image.get('disk_format')
    if fmt in (KERNEL, RAMDISK):
        return fmt
    return IMAGE


def format_id(kind, number):
    return '%s-%08x' % (kind, number)


def numbers(context, uuids):
    """{uuid: EC2 number} of uuids, numbering the new ones."""
    return objects.EC2IdMapping.numbers(context, uuids)


def to_ec2(context, kind, uuid):
    """The EC2 id of uuid (given a number now if it has none)."""
    if not uuid:
        return None
    return format_id(kind, numbers(context, [uuid])[uuid])


def to_ec2_many(context, kind, uuids):
    """{uuid: EC2 id} of many uuids, in one query when all are known."""
    uuids = {u for u in uuids if u}
    found = numbers(context, uuids) if uuids else {}
    return {uuid: format_id(kind, number) for uuid, number in
            found.items()}


def to_uuid(context, ec2_id, kinds):
    """The UUID an EC2 id of one of kinds names.

    A malformed id is <Error>.Malformed, an unknown one <Error>.NotFound.
    """
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    error = _ERRORS[kinds[0]]
    # A numbered parameter (InstanceId.1) where one id belongs parses as
    # a list: malformed too, not a TypeError.
    match = _EC2_ID.match(ec2_id) if isinstance(ec2_id, str) else None
    if not match or match.group(1) not in kinds:
        raise faults.EC2Error(
            error + '.Malformed',
            'Invalid id: "%s" (expecting "%s-...")' % (ec2_id, kinds[0]))
    uuid = objects.EC2IdMapping.uuid_of(context, int(match.group(2), 16))
    if uuid is None:
        raise faults.EC2Error(
            error + '.NotFound', 'The ID \'%s\' does not exist' % ec2_id)
    return uuid
