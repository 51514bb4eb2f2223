"""Read-only instances for list views: a page of rows, not objects.

A list of 1,000 servers only reads its instances to show them. Building
a versioned Instance of each row (field coercion, change tracking, a
getter per attribute read) cost as much as reading the rows; a list
view gets InstanceRow instead: the same attribute names and values as
an Instance's, with the defaults and parsing the object would apply
(but times are naive UTC datetimes, as read), held in a plain __dict__.
They are never saved nor sent over RPC.
"""

import netaddr
from oslo_serialization import jsonutils

from nova import lazy_import
from nova.objects import flavor as flavor_obj

db = lazy_import.module('nova.db.instances')

# What Instance's non-nullable fields hold when the column is NULL.
_DEFAULTS = (('power_state', 0), ('locked', False))
# Columns Instance holds as netaddr addresses (IPV4/6AddressField).
_ADDRESSES = (('access_ip_v4', 4), ('access_ip_v6', 6))


class InstanceRow:
    """One instance of a listed page (attributes as Instance names
    them; only the columns read, plus metadata and fault when asked)."""

    def __init__(self, values):
        self.__dict__ = values


def _flavor(text, parsed):
    # One Flavor per distinct stored flavor, shared by the rows (they
    # are read-only).
    if not text:
        return None
    found = parsed.get(text)
    if found is None:
        found = parsed[text] = flavor_obj.Flavor.obj_from_primitive(
            jsonutils.loads(text))
    return found


def get_by_filters(context, filters, columns, sort_keys=None,
                   sort_dirs=None, limit=None, marker=None,
                   metadata=False, fault_states=None):
    """A page of InstanceRow with the columns named (and uuid) read;
    metadata: whether to read it too (one query for the page);
    fault_states: the vm_states whose rows get their latest fault read
    (one query for those; the other rows' fault is None), None for no
    fault attribute. A fault is a row of what views show of it (code,
    message, details, created_at), not an InstanceFault."""
    # Not id unless named: the names list reads two columns, not three
    # (the driver decodes each value of 1,000 rows in Python).
    columns = set(columns) | {'uuid'}
    rows = db.instance_get_all_by_filters(
        context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
        limit=limit, marker=marker, columns=columns)
    if not rows:
        return []
    keys = rows[0]._fields
    uuids = [row.uuid for row in rows]
    metadata = (db.instance_metadata_get_many(
        context, 'InstanceMetadata', uuids) if metadata else None)
    faults = None
    if fault_states is not None:
        if 'vm_state' not in columns:
            raise ValueError('fault_states needs the vm_state column')
        faults = db.instance_fault_latest_shown(context, [
            row.uuid for row in rows if row.vm_state in fault_states])
    parsed = {}
    defaults = [(k, v) for k, v in _DEFAULTS if k in keys]
    with_flavor = 'flavor' in keys
    with_certs = 'trusted_certs' in keys
    addresses = [(k, v) for k, v in _ADDRESSES if k in keys]
    if not (defaults or with_flavor or with_certs or addresses or
            metadata is not None or faults is not None):
        # Columns as read (the names list): nothing to fill per row.
        return [InstanceRow(dict(zip(keys, row))) for row in rows]
    result = []
    for row in rows:
        values = dict(zip(keys, row))
        for name, default in defaults:
            if values[name] is None:
                values[name] = default
        if with_flavor:
            values['flavor'] = _flavor(values['flavor'], parsed)
        if with_certs:
            certs = values['trusted_certs']
            values['trusted_certs'] = jsonutils.loads(certs) if certs else None
        for name, version in addresses:
            if values[name]:
                values[name] = netaddr.IPAddress(values[name], version)
        if metadata is not None:
            values['metadata'] = metadata.get(row.uuid, {})
        if faults is not None:
            values['fault'] = faults.get(row.uuid)
        result.append(InstanceRow(values))
    return result
