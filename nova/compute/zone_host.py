"""Admins pin a server with availability_zone "zone:host[:node]"."""

from nova import exception


def parse_availability_zone(value):
    """(zone, host, node) of a requested availability_zone.

    Upstream's legacy syntax: "zone", "zone:host", "zone:host:node" and
    "zone::node"; the zone part may be empty (":host") for the default
    zone. Empty parts are None, so "zone:" forces nothing.
    """
    if not value or ':' not in value:
        return value or None, None, None
    parts = value.split(':')
    if len(parts) > 3:
        raise exception.InvalidInput(
            reason='Unable to parse availability_zone %r: use "zone", '
                   '"zone:host" or "zone:host:node".' % value)
    zone, host, node = (parts + [''])[:3]
    return zone or None, host or None, node or None
