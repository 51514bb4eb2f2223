"""The security-groups resource: list, show, create, update, delete."""

from nova.api.network import body
from nova.api.network import faults
from nova.api.network import policy
from nova.api.network import query
from nova.api.network.schemas import security_groups as schema
from nova.api.network import security_group_rules as rule_views
from nova.api.network import views
from nova.network.resources import security_groups as groups_res

ATTRIBUTES = ('id', 'name', 'description', 'project_id', 'tenant_id',
              'security_group_rules', 'stateful', 'shared', 'created_at',
              'updated_at', 'revision_number', 'tags')


def view(group, rules):
    result = {'id': group.uuid, 'name': group.name,
              'stateful': True, 'shared': False,
              'security_group_rules': [rule_views.view(r) for r in rules]}
    result.update(views.standard(group, group.project_id,
                                 group.description))
    return result


def _views(context, groups):
    rules = groups_res.rules_of(context, groups)
    return [view(g, rules[g.id]) for g in groups]


def index(req):
    items = _views(req.context, groups_res.get_all(req.context))
    return query.collection(req, 'security_groups', items, ATTRIBUTES)


def show(req, security_group_id):
    group = groups_res.get(req.context, security_group_id)
    return {'security_group': query.select(
        _views(req.context, [group])[0], query.fields_of(req))}


def create(req):
    context = req.context
    values = body.parse_create(req, 'security_group', schema.SCHEMA)
    project_id = values['project_id'] or values['tenant_id'] or \
        context.project_id
    policy.check_project(context, 'security_group', project_id)
    if values['name'] == groups_res.DEFAULT:
        raise faults.conflict('SecurityGroupDefaultAlreadyExists',
                              'Default security group already exists.')
    group = groups_res.create(context, project_id, values['name'],
                              values['description'])
    return 201, {'security_group': _views(context, [group])[0]}


def update(req, security_group_id):
    context = req.context
    values = body.parse_update(req, 'security_group', schema.SCHEMA)
    group = groups_res.get(context, security_group_id)
    if group.name == groups_res.DEFAULT and \
            values.get('name', groups_res.DEFAULT) != groups_res.DEFAULT:
        raise faults.invalid_input('Updating default security group not '
                                   'allowed')
    if values.get('name') == groups_res.DEFAULT and \
            group.name != groups_res.DEFAULT:
        # One default group per project (upstream's 409).
        raise faults.conflict('SecurityGroupDefaultAlreadyExists',
                              'Default security group already exists.')
    group = groups_res.update(context, group, values)
    return {'security_group': _views(context, [group])[0]}


def delete(req, security_group_id):
    context = req.context
    group = groups_res.get(context, security_group_id)
    if group.name == groups_res.DEFAULT and not context.is_admin:
        raise faults.conflict('SecurityGroupCannotRemoveDefault',
                              'Insufficient rights for removing default '
                              'security group.')
    groups_res.delete(context, group)
