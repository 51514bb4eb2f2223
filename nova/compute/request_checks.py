"""Checks of a server request shared by create, rebuild and unshelve.

Each raises the 4xx the Compute API answers (InvalidInput, ...) and
reads only: none writes anything.
"""

import base64
import binascii

from nova import availability_zones
from nova import exception
from nova.image import boot_cache
from nova import objects
from nova import quota


def image_id(image_href):
    """imageRef may be a bare id or a URL ending in the id."""
    return str(image_href).rstrip('/').rsplit('/', 1)[-1]


def boot_image(images, context, image_href, flavor, check_disk=True):
    """The active image image_href; check_disk=False for a server
    whose root disk is a volume (the flavor's disk is not its)."""
    the_id = image_id(image_href)
    try:
        image = boot_cache.get(images, context, the_id)
    except exception.ImageNotFound:
        raise exception.InvalidInput(
            reason='Can not find requested image')
    if image.get('status') != 'active':
        raise exception.ImageNotActive(image_id=the_id)
    if check_disk and flavor.root_gb and image.get('size') and \
            image['size'] > flavor.root_gb * 1024 ** 3:
        raise exception.FlavorDiskTooSmall(
            flavor_size=flavor.root_gb * 1024 ** 3,
            image_size=image['size'])
    if check_disk and flavor.root_gb and \
            (image.get('min_disk') or 0) > flavor.root_gb:
        raise exception.FlavorDiskTooSmall(
            flavor_size=flavor.root_gb * 1024 ** 3,
            image_size=image['min_disk'] * 1024 ** 3)
    if (image.get('min_ram') or 0) > flavor.memory_mb:
        raise exception.FlavorMemoryTooSmall(
            image_min_ram=image['min_ram'])
    return image


def check_metadata(context, metadata):
    quota.check_metadata(context, metadata)


def check_zone(context, zone, forced=False):
    """zone if it is usable (400 else); None and '' pass as they are."""
    # Zones of enabled compute services only, as upstream lists them;
    # a forced host may be disabled, so then its zone counts too.
    if zone and zone not in availability_zones.compute_zones(
            context, only_available=not forced):
        # Upstream's exact message, without the "Invalid input" prefix.
        raise exception.InvalidInput(
            'The requested availability zone is not available')
    return zone


def check_user_data(user_data):
    if user_data is not None:
        try:
            base64.b64decode(user_data, validate=True)
        except (binascii.Error, ValueError):
            raise exception.InvalidInput(
                reason='User data needs to be valid base 64.')


def key_data(context, key_name):
    """The public key of the caller's key pair key_name (the caller
    owns keys, the project owns the server), None for no key."""
    if key_name is None:
        return None
    try:
        return objects.KeyPair.get_by_name(context, context.user_id,
                                           key_name).public_key
    except exception.KeypairNotFound:
        raise exception.InvalidInput(reason='Invalid key_name provided.')
