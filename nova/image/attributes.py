"""What an image is made of: core attributes, formats and visibilities.

The names follow Glance v2; everything that is not a core attribute is an
extra property (a string) of the image.
"""

DISK_FORMATS = ('ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2',
                'vdi', 'iso', 'ploop')
CONTAINER_FORMATS = ('ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker',
                     'compressed')
VISIBILITIES = ('public', 'community', 'shared', 'private')
STATUSES = ('queued', 'saving', 'active', 'killed', 'deleted',
            'pending_delete', 'deactivated', 'uploading', 'importing')

# Attributes the image's owner may change.
WRITABLE = ('name', 'visibility', 'min_ram', 'min_disk', 'protected',
            'os_hidden', 'disk_format', 'container_format', 'owner')
# Attributes only the store sets.
READ_ONLY = ('id', 'status', 'size', 'virtual_size', 'checksum',
             'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at')
# Glance's API-only attributes and names it keeps for itself. `stores`
# (where a multi-store Glance keeps the data) is read-only in Glance.
API_ONLY = ('self', 'file', 'schema', 'tags', 'direct_url', 'locations',
            'stores')
RESERVED = ('deleted', 'deleted_at', 'location')
# Glance's own namespace of properties (import state and the like): it
# shows them but refuses them in requests.
RESERVED_PREFIX = 'os_glance_'

CORE = WRITABLE + READ_ONLY


def is_property(name):
    """Whether name, a key of a Glance v2 image, is an extra property a
    client may send back (not a core, API-only or Glance-owned name)."""
    return (name not in CORE and name not in API_ONLY and
            name not in RESERVED and not name.startswith(RESERVED_PREFIX))
