"""Checking security group rules (shared by the API modules and the
backends)."""

import ipaddress

from nova.network import errors

PROTOCOLS = ('tcp', 'udp', 'icmp', 'ipv6-icmp')
# Rules of these match a type and code (-1: any), not ports.
ICMP_PROTOCOLS = ('icmp', 'ipv6-icmp')


def _port(value, name):
    if value is None or value == '':
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.InvalidSecurityGroup(reason='%s must be an integer'
                                          % name)


def rule_values(protocol, from_port, to_port, cidr, group_id=None,
                ethertype=None):
    """The columns of a rule after upstream's checks, or a 400 error.

    With an ethertype (the Neutron API's rules) a missing cidr stays
    missing: any source of that family; without one (the Compute and EC2
    APIs) it is 0.0.0.0/0, as upstream's nova-network stored it.
    """
    protocol = protocol.lower() if protocol else None
    from_port = _port(from_port, 'from_port')
    to_port = _port(to_port, 'to_port')
    if protocol is None:
        if from_port is not None or to_port is not None:
            raise errors.InvalidSecurityGroup(
                reason='ports need an ip_protocol (tcp, udp or icmp)')
    elif from_port is None or to_port is None:
        raise errors.InvalidSecurityGroup(
            reason='from_port and to_port are both needed with '
                   'ip_protocol %s' % protocol)
    elif protocol in ICMP_PROTOCOLS:
        if not (-1 <= from_port <= 255 and -1 <= to_port <= 255):
            raise errors.InvalidSecurityGroup(
                reason='ICMP type and code are -1 (any) or 0 to 255')
    else:
        if not (1 <= from_port <= 65535 and 1 <= to_port <= 65535):
            raise errors.InvalidSecurityGroup(
                reason='ports are between 1 and 65535')
        if from_port > to_port:
            raise errors.InvalidSecurityGroup(
                reason='from_port must not be greater than to_port')
    values = {'protocol': protocol, 'from_port': from_port,
              'to_port': to_port, 'cidr': None, 'group_id': None}
    if ethertype is not None:
        values['ethertype'] = ethertype
    if group_id is not None:
        try:
            values['group_id'] = int(group_id)
        except ValueError:
            values['group_id'] = group_id  # a Neutron group's UUID
        return values
    if not cidr and ethertype is not None:
        return values
    cidr = cidr or '0.0.0.0/0'
    try:
        # Kept as given, host bits included (upstream shows the rule's
        # cidr so); the data plane uses normalized_cidr().
        values['cidr'] = str(ipaddress.ip_interface(cidr))
    except ValueError:
        raise errors.InvalidSecurityGroup(
            reason='%s is not a valid CIDR' % cidr)
    return values


def normalized_cidr(cidr):
    """The network a rule's cidr names ('10.2.3.124/24' -> 10.2.3.0/24)."""
    return cidr and str(ipaddress.ip_network(cidr, strict=False))


def ethertype(rule):
    """IPv4 or IPv6: the rule's column, or (rows older than it) its
    cidr's family."""
    if getattr(rule, 'ethertype', None):
        return rule.ethertype
    return 'IPv6' if rule.cidr and ':' in rule.cidr else 'IPv4'


def source_cidr(rule):
    """The addresses a rule admits when it names no source group: its
    cidr, or any address of its family when it was created without one;
    None for a group-to-group rule."""
    if rule.group_id:
        return None
    if rule.cidr:
        return rule.cidr
    return '::/0' if ethertype(rule) == 'IPv6' else '0.0.0.0/0'
