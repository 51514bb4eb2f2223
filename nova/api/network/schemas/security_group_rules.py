"""Attributes of a security group rule in create requests (rules cannot
be updated)."""

import ipaddress

from nova.api.network import body


@body.described({'anyOf': [{'type': 'string', 'maxLength': 40},
                           {'type': 'integer', 'minimum': 0,
                            'maximum': 255}, {'type': 'null'}]})
def _protocol(value):
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        # An IP protocol number; an unbounded one overflowed the column.
        if not 0 <= value <= 255:
            raise ValueError('not an IP protocol number (0-255)')
        return str(value)
    return body.string(40)(value)


@body.described({'anyOf': [{'type': 'string', 'maxLength': 49},
                           {'type': 'null'}]})
def _prefix(value):
    if value is None:
        return None
    return str(ipaddress.ip_network(value, strict=False))


# Any integer: the resource answers upstream's range faults (the port
# of TCP/UDP, the type and code of ICMP).
_PORT = body.integer(nullable=True)


@body.described({'anyOf': [{'type': 'string', 'maxLength': 255},
                           {'type': 'null'}]})
def _remote_group(value):
    # Not checked as a UUID: a group that does not exist is a 404 of the
    # resource, whatever its id looks like (as upstream answers).
    if value is None:
        return None
    return body.string(255)(value)


SCHEMA = {
    'security_group_id': body.Attr(body.uuid, update=False),
    'direction': body.Attr(body.one_of('ingress', 'egress'),
                           update=False),
    'ethertype': body.Attr(body.one_of('IPv4', 'IPv6'), default='IPv4',
                           update=False),
    'protocol': body.Attr(_protocol, default=None, update=False),
    'port_range_min': body.Attr(_PORT, default=None, update=False),
    'port_range_max': body.Attr(_PORT, default=None, update=False),
    'remote_ip_prefix': body.Attr(_prefix, default=None, update=False),
    'remote_group_id': body.Attr(_remote_group, default=None,
                                 update=False),
    'description': body.Attr(body.string(255), default='', update=False),
    'project_id': body.Attr(body.project, default=None, update=False),
    'tenant_id': body.Attr(body.project, default=None, update=False),
}
