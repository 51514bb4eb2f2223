"""A server's disk configuration (the API's OS-DCF:diskConfig).

AUTO: the guest's root partition is grown to fill the flavor's disk;
MANUAL: the disk is left as the image made it. The choice is made at
create (else it follows the image's ``auto_disk_config`` property) and
may change at update, rebuild and resize. It is kept in the server's
system metadata under KEY ('True' or 'False').

An image whose ``auto_disk_config`` property is ``disabled`` refuses
AUTO (a 400 at the API).
"""

from oslo_utils import strutils

from nova import exception

KEY = 'auto_disk_config'
AUTO = 'AUTO'
MANUAL = 'MANUAL'


def api_value(instance, system_metadata=None):
    """'AUTO' or 'MANUAL' for the server's view (system_metadata: the
    server's, when the caller has read it already)."""
    if system_metadata is None:
        system_metadata = instance.system_metadata or {}
    stored = system_metadata.get(KEY)
    return AUTO if strutils.bool_from_string(stored) else MANUAL


def _image_property(image_properties):
    value = (image_properties or {}).get('auto_disk_config')
    return None if value is None else str(value).strip()


def _disabled_by_image(image_properties):
    value = _image_property(image_properties)
    return value is not None and value.lower() == 'disabled'


def resolve(requested, image_properties):
    """The stored value for a new server: requested ('AUTO', 'MANUAL' or
    None for the image's choice); InvalidInput when the image refuses
    AUTO."""
    if requested is None:
        value = _image_property(image_properties)
        if value is None or _disabled_by_image(image_properties):
            return 'False'
        return str(strutils.bool_from_string(value))
    if requested == AUTO and _disabled_by_image(image_properties):
        raise exception.InvalidInput(
            reason='Requested disk config AUTO is not allowed by the '
                   'image (its auto_disk_config property is disabled).')
    return str(requested == AUTO)


def image_properties_of(instance):
    """The boot image's properties as kept in system metadata."""
    prefix = 'image_'
    return {key[len(prefix):]: value
            for key, value in (instance.system_metadata or {}).items()
            if key.startswith(prefix)}


def set_on(instance, requested, image_properties=None):
    """Set the server's disk config (not saved); requested None leaves it
    as it is. image_properties: the image the server runs (or will run
    after a rebuild); by default its current one."""
    if requested is None:
        return
    if image_properties is None:
        image_properties = image_properties_of(instance)
    sysmeta = dict(instance.system_metadata or {})
    sysmeta[KEY] = resolve(requested, image_properties)
    instance.system_metadata = sysmeta
