"""Creating flavors: the checks every new flavor passes, and the defaults."""

import re

from oslo_log import log as logging
from oslo_utils import strutils
from oslo_utils import uuidutils

from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)

# The largest values the database columns hold (32-bit int, single float).
MAX_INT = 0x7FFFFFFF
MAX_FLOAT = 3.40282e+38

_VALID_ID = re.compile(r'^[\w\.\- ]*$')
# Printable characters; spaces only inside, never leading or trailing.
_VALID_NAME = re.compile(r'^(?! )[^\x00-\x1f\x7f\t\n\r\v\f]+(?<! )$')

# (name, flavorid, memory_mb, vcpus, root_gb): what nova-all offers at first
# start, the sizes clients and tutorials expect.
DEFAULT_FLAVORS = [
    ('m1.tiny', '1', 512, 1, 1),
    ('m1.small', '2', 2048, 1, 20),
    ('m1.medium', '3', 4096, 2, 40),
    ('m1.large', '4', 8192, 4, 80),
    ('m1.xlarge', '5', 16384, 8, 160),
]


def _integer(value, name, minimum):
    try:
        value = int(str(value))
    except ValueError:
        raise exception.InvalidInput(reason='%s must be an integer' % name)
    if value < minimum:
        raise exception.InvalidInput(reason='%s must be >= %d'
                                     % (name, minimum))
    if value > MAX_INT:
        raise exception.InvalidInput(reason='%s must be <= %d'
                                     % (name, MAX_INT))
    return value


def _flavorid(flavorid):
    if flavorid is None:
        return uuidutils.generate_uuid()
    # Clients send ids as JSON numbers too; the column is a string.
    flavorid = str(flavorid)
    if flavorid.strip() != flavorid:
        raise exception.InvalidInput(reason='id cannot contain leading '
                                            'and/or trailing whitespace(s)')
    if not 1 <= len(flavorid) <= 255:
        raise exception.InvalidInput(reason='id must be between 1 and 255 '
                                            'characters long')
    if not _VALID_ID.match(flavorid):
        raise exception.InvalidInput(
            reason='Flavor id can only contain letters from A-Z (both '
                   'cases), periods, dashes, underscores and spaces.')
    return flavorid


def create(context, name, memory_mb, vcpus, root_gb, ephemeral_gb=0,
           flavorid=None, swap=0, rxtx_factor=1.0, is_public=True,
           description=None):
    """Check and store a new flavor; raises InvalidInput or a Conflict."""
    if not isinstance(name, str) or not 1 <= len(name) <= 255:
        raise exception.InvalidInput(reason='name must be between 1 and 255 '
                                            'characters long')
    if not _VALID_NAME.match(name):
        raise exception.InvalidInput(
            reason='Flavor names can only contain printable characters and '
                   'horizontal spaces.')
    try:
        rxtx_factor = float(rxtx_factor)
        if not 0 < rxtx_factor <= MAX_FLOAT:
            raise ValueError()
    except ValueError:
        raise exception.InvalidInput(
            reason='\'rxtx_factor\' argument must be a float between 0 and '
                   '%g' % MAX_FLOAT)
    try:
        is_public = strutils.bool_from_string(is_public, strict=True)
    except ValueError:
        raise exception.InvalidInput(reason='is_public must be a boolean')
    flavor = objects.Flavor(
        context=context, name=name, flavorid=_flavorid(flavorid),
        memory_mb=_integer(memory_mb, 'ram', 1),
        vcpus=_integer(vcpus, 'vcpus', 1),
        root_gb=_integer(root_gb, 'disk', 0),
        ephemeral_gb=_integer(ephemeral_gb, 'ephemeral', 0),
        swap=_integer(swap, 'swap', 0),
        rxtx_factor=rxtx_factor, is_public=is_public, disabled=False,
        description=description)
    flavor.create()
    return flavor


def create_default_flavors(context):
    """Add the DEFAULT_FLAVORS that are missing; safe to run every start."""
    for name, flavorid, memory_mb, vcpus, root_gb in DEFAULT_FLAVORS:
        try:
            objects.Flavor.get_by_flavor_id(context, flavorid)
            continue
        except exception.FlavorNotFound:
            pass
        try:
            create(context, name, memory_mb, vcpus, root_gb,
                   flavorid=flavorid)
            LOG.info('Created the default flavor %s', name)
        except (exception.FlavorExists, exception.FlavorIdExists):
            # Another process seeded it meanwhile, or an operator reused
            # the name for a flavor of their own: leave theirs alone.
            pass
