"""The security-group-rules resource: list, show, create, delete."""

from nova.api.network import body
from nova.api.network import policy
from nova.api.network import query
from nova.api.network.schemas import security_group_rules as schema
from nova.api.network import views
from nova.network.resources import security_groups as groups_res

ATTRIBUTES = ('id', 'security_group_id', 'direction', 'ethertype',
              'protocol', 'port_range_min', 'port_range_max',
              'remote_ip_prefix', 'normalized_cidr', 'remote_group_id',
              'remote_address_group_id', 'description', 'project_id',
              'tenant_id', 'created_at', 'updated_at', 'revision_number',
              'tags')


def view(rule):
    result = dict(rule)
    result.update(views.common(result.pop('project_id'),
                               result['description'],
                               result.pop('created_at'),
                               result.pop('updated_at')))
    return result


def _all(context):
    groups = groups_res.get_all(context)
    rules = groups_res.rules_of(context, groups)
    return [view(r) for g in groups for r in rules[g.id]]


def index(req):
    return query.collection(req, 'security_group_rules', _all(req.context),
                            ATTRIBUTES)


def show(req, rule_id):
    rule, _group = groups_res.find_rule(req.context, rule_id)
    return {'security_group_rule': query.select(view(rule),
                                                query.fields_of(req))}


def create(req):
    context = req.context
    values = body.parse_create(req, 'security_group_rule', schema.SCHEMA)
    group = groups_res.get(context, values['security_group_id'])
    project_id = values['project_id'] or values['tenant_id']
    if project_id and project_id != group.project_id:
        policy.admin_only(context, 'create_security_group_rule')
    rule_id = groups_res.create_rule(context, group, values)
    rule, _group = groups_res.find_rule(context, rule_id)
    return 201, {'security_group_rule': view(rule)}


def delete(req, rule_id):
    context = req.context
    rule, group = groups_res.find_rule(context, rule_id)
    groups_res.delete_rule(context, rule, group)
