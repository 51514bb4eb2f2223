"""Checking and showing security group rules (shared by the API modules
and the data plane)."""

import ipaddress

from nova.db import security_groups as groups_db
from nova.network import errors

PROTOCOLS = ('tcp', 'udp', 'icmp')


def _port(value, name):
    if value is None or value == '':
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.InvalidSecurityGroup(reason='%s must be an integer'
                                          % name)


def rule_values(protocol, from_port, to_port, cidr, group_id=None):
    """The columns of a rule after upstream's checks, or a 400 error."""
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
    elif protocol == 'icmp':
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
    if group_id is not None:
        values['group_id'] = int(group_id)
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


def view(rule, names):
    """A rule as the API shows it; names: {group id: (name, project)}."""
    group = {}
    if rule.group_id:
        name, project = names.get(rule.group_id, (None, None))
        group = {'name': name, 'tenant_id': project}
    return {'id': rule.id, 'parent_group_id': rule.parent_group_id,
            'ip_protocol': rule.protocol, 'from_port': rule.from_port,
            'to_port': rule.to_port, 'group': group,
            'ip_range': {'cidr': rule.cidr} if rule.cidr else {}}


def group_views(context, groups):
    """Security groups with their rules, as the API shows them."""
    rules = groups_db.rules_of(context, [g.id for g in groups])
    names = groups_db.names_of(context, {
        r.group_id for rs in rules.values() for r in rs if r.group_id})
    return [{'id': g.id, 'name': g.name, 'description': g.description,
             'tenant_id': g.project_id,
             'rules': [view(r, names) for r in rules[g.id]]}
            for g in groups]
