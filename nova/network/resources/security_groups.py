"""Security groups and rules of the Neutron API: the rows os-security-
groups uses, with their uuid as the Neutron id. Rules of both directions
are rows (os-security-groups shows the ingress ones); a new group starts
with two that let all its egress out, as in Neutron.
"""

import ipaddress

from nova.db import security_groups as groups_db
from nova import exception
from nova.network import errors
from nova.network import quotas as network_quotas
from nova.network import refresh
from nova.network import security_group_rules as rules
from nova import quota

DEFAULT = groups_db.DEFAULT
# Neutron's protocol numbers of the protocols the data plane filters.
# Numbers and other names of the protocols the data plane knows.
_NUMBERS = {'6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'ipv6-icmp',
            'icmpv6': 'ipv6-icmp'}


class SecurityGroupRuleInvalid(exception.Invalid):
    neutron_type = 'InvalidInput'
    msg_fmt = 'Invalid input for operation: %(reason)s.'


class SecurityGroupRuleExists(exception.Conflict):
    msg_fmt = 'Security group rule already exists. Rule id is %(rule_id)s.'


def visible(context, group):
    return context.is_admin or group.project_id == context.project_id


def get_all(context):
    """The caller's groups (every group for administrators), making the
    caller's 'default' group on first use."""
    groups_db.ensure_default(context, context.project_id, context.user_id)
    return groups_db.get_all(
        context, project_id=None if context.is_admin else
        context.project_id)


def get(context, group_uuid):
    try:
        group = groups_db.get_by_uuid(context, group_uuid)
    except errors.SecurityGroupNotFound:
        group = None
    if group is None or not visible(context, group):
        raise errors.SecurityGroupNotFound(security_group_id=group_uuid)
    return group


def rules_of(context, groups):
    """{group id: [rule dicts]}: its rules of both directions."""
    stored = groups_db.rules_of(context, [g.id for g in groups],
                                direction=None)
    remote = groups_db.uuids_of(context, {
        r.group_id for rs in stored.values() for r in rs if r.group_id})
    by_id = {g.id: g for g in groups}
    return {group_id: [_rule(r, by_id[group_id], remote)
                       for r in group_rules]
            for group_id, group_rules in stored.items()}


def _rule(row, group, remote):
    protocol = row.protocol
    low, high = row.from_port, row.to_port
    if protocol in rules.ICMP_PROTOCOLS:
        low = None if low in (None, -1) else low
        high = None if high in (None, -1) else high
    elif protocol in ('tcp', 'udp') and (low, high) == (1, 65535):
        low = high = None
    cidr = row.cidr
    return {'id': row.uuid, 'security_group_id': group.uuid,
            'direction': row.direction, 'ethertype': rules.ethertype(row),
            'protocol': row.neutron_protocol or protocol,
            'port_range_min': low,
            'port_range_max': high, 'remote_ip_prefix': cidr,
            'normalized_cidr': rules.normalized_cidr(cidr),
            'remote_group_id': remote.get(row.group_id),
            'remote_address_group_id': None, 'description': '',
            'created_at': row.created_at, 'updated_at': row.updated_at,
            'project_id': group.project_id}


def create(context, project_id, name, description):
    try:
        quota.check_deltas(context, {'security_groups': 1},
                           project_id=project_id)
    except exception.OverQuota:
        raise errors.SecurityGroupLimitExceeded()
    group = groups_db.create(context, {
        'name': name, 'description': description,
        'project_id': project_id, 'user_id': context.user_id})
    try:
        # Parallel creates all passed the first count: recount.
        quota.check_deltas(context, {'security_groups': 0},
                           project_id=project_id)
    except exception.OverQuota:
        groups_db.destroy(context, group.id)
        raise errors.SecurityGroupLimitExceeded()
    return group


def update(context, group, values):
    return groups_db.update(context, group.id, values)


def delete(context, group):
    groups_db.destroy(context, group.id)
    refresh.groups(context, [group.id])


# Rules ---------------------------------------------------------------------

def find_rule(context, rule_uuid):
    """(rule dict, its group row) of a rule the caller sees."""
    try:
        row = groups_db.rule_get_by_uuid(context, rule_uuid)
        group = groups_db.get(context, row.parent_group_id)
    except (errors.SecurityGroupRuleNotFound,
            errors.SecurityGroupNotFound):
        group = None
    if group is None or not visible(context, group):
        raise errors.SecurityGroupRuleNotFound(rule_id=rule_uuid)
    return [r for r in rules_of(context, [group])[group.id]
            if r['id'] == rule_uuid][0], group


def _given_protocol(value):
    """The protocol as the rule shows it: names in lower case, numbers
    as given ('17'), none for any."""
    if value is None or str(value).lower() == 'any':
        return None
    return str(value).lower()


def _protocol(value):
    """The protocol the data plane filters ('udp' for '17'), None for
    any."""
    if value is None or value in ('any', '0'):
        return None
    value = _NUMBERS.get(str(value), str(value).lower())
    if value not in rules.PROTOCOLS:
        raise SecurityGroupRuleInvalid(
            reason='the built-in networking filters tcp, udp, icmp and '
                   'ipv6-icmp, not %s' % value)
    return value


def _ports(protocol, low, high):
    """(from, to) columns of a rule's port range, with upstream's faults:
    TCP/UDP ports are 1-65535 (none: all), ICMP type and code 0-255
    (none: any, stored -1)."""
    if protocol is None:
        return None, None
    if protocol in rules.ICMP_PROTOCOLS:
        for value, field, attr in ((low, 'type', 'port-range-min'),
                                   (high, 'code', 'port-range-max')):
            if value is not None and not 0 <= value <= 255:
                raise SecurityGroupRuleInvalid(
                    reason='Invalid value for ICMP %s (%s): %s. It must '
                           'be 0 to 255' % (field, attr, value))
        if low is None and high is not None:
            raise SecurityGroupRuleInvalid(
                reason='ICMP code (port-range-max) %s is provided but ICMP '
                       'type (port-range-min) is missing' % high)
        return (-1 if low is None else low), (-1 if high is None else high)
    for value in (low, high):
        if value is not None and not 1 <= value <= 65535:
            raise SecurityGroupRuleInvalid(
                reason='Invalid value for port %s' % value)
    if low is None and high is None:
        return 1, 65535
    high = low if high is None else high
    if low is None or low > high:
        raise SecurityGroupRuleInvalid(
            reason='For TCP/UDP protocols, port_range_min must be <= '
                   'port_range_max')
    return low, high


def create_rule(context, group, values):
    """Add a rule; values are the API's attributes. Its remote prefix
    or group is the source of ingress, the destination of egress."""
    protocol = _protocol(values.get('protocol'))
    if protocol == 'ipv6-icmp' and values['ethertype'] != 'IPv6':
        raise SecurityGroupRuleInvalid(
            reason='Invalid ethertype %s for protocol %s' % (
                values['ethertype'], values.get('protocol')))
    if protocol is None and (values.get('port_range_min') is not None or
                             values.get('port_range_max') is not None):
        # openstack security group rule create --dst-port 22 sends no
        # protocol; Neutron refuses that, we take the TCP it means.
        protocol = 'tcp'
    low, high = _ports(protocol, values.get('port_range_min'),
                       values.get('port_range_max'))
    cidr = values.get('remote_ip_prefix')
    remote_group = None
    if values.get('remote_group_id'):
        if cidr:
            raise SecurityGroupRuleInvalid(
                reason='Only remote_ip_prefix or remote_group_id may be '
                       'provided')
        remote_group = get(context, values['remote_group_id']).id
    else:
        # No prefix is stored as none (any source of the ethertype), as
        # Neutron keeps it.
        if cidr is not None:
            network = ipaddress.ip_network(cidr, strict=False)
            if 'IPv%d' % network.version != values['ethertype']:
                raise SecurityGroupRuleInvalid(
                    reason='Conflicting value ethertype %s for CIDR %s' % (
                        values['ethertype'], cidr))
    columns = rules.rule_values(protocol, low, high, cidr, remote_group,
                                ethertype=values['ethertype'])
    columns.update(parent_group_id=group.id, direction=values['direction'])
    given = _given_protocol(values.get('protocol'))
    if given != protocol:
        columns['neutron_protocol'] = given
    try:
        row = groups_db.rule_create(
            context, columns, limit=network_quotas.rule_limit(context))
    except errors.SecurityGroupRuleExists as error:
        # Neutron names the rule (the Compute API's message, the group).
        raise SecurityGroupRuleExists(rule_id=error.kwargs.get('rule_id'))
    refresh.groups(context, [group.id])
    return row.uuid


def delete_rule(context, rule, group):
    row = groups_db.rule_get_by_uuid(context, rule['id'])
    groups_db.rule_destroy(context, row.id)
    refresh.groups(context, [group.id])
