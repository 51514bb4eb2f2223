"""Security groups and their rules as the Compute API shows them."""

from nova.network import api as network_api
from nova.network import security_group_rules as sg_rules


def rule_view(rule, names):
    """A rule; names: {group id: (name, project)} of source groups."""
    group = {}
    if rule.group_id:
        name, project = names.get(rule.group_id, (None, None))
        group = {'name': name, 'tenant_id': project}
    # A Neutron rule without remote_ip_prefix shows the whole family, as
    # upstream's proxy shows it.
    cidr = sg_rules.source_cidr(rule)
    return {'id': rule.id, 'parent_group_id': rule.parent_group_id,
            'ip_protocol': rule.protocol, 'from_port': rule.from_port,
            'to_port': rule.to_port, 'group': group,
            'ip_range': {'cidr': cidr} if cidr else {}}


def group_views(context, groups):
    """Security groups with their rules."""
    api = network_api.get_api()
    rules = api.get_security_group_rules(context, [g.id for g in groups])
    names = api.security_group_names(context, {
        r.group_id for rs in rules.values() for r in rs if r.group_id})
    return [{'id': g.id, 'name': g.name, 'description': g.description,
             'tenant_id': g.project_id,
             'rules': [rule_view(r, names) for r in rules[g.id]]}
            for g in groups]
