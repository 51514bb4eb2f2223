"""Security group rules (os-security-group-rules): add a rule to one of
the project's groups, or delete one."""

from oslo_utils import uuidutils

from nova.api.openstack.compute.schemas import security_group_rules as \
    schema
from nova.api.openstack.compute import security_groups
from nova.api.openstack.compute.views import security_groups as views
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova.network import errors
from nova.network import security_group_rules as rules
from nova import policy


@wsgi.api(errors=(400, 403, 404), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    context = req.context
    policy.authorize(context, security_groups.RULE % 'rule:create')
    params = body['security_group_rule']
    parent = security_groups.get_for_caller(context,
                                            params['parent_group_id'])
    source = params.get('group_id')
    if source is not None:
        source = security_groups.get_for_caller(context, source).id
    values = rules.rule_values(params.get('ip_protocol'),
                               params.get('from_port'),
                               params.get('to_port'), params.get('cidr'),
                               source)
    values['parent_group_id'] = parent.id
    api = network_api.get_api()
    try:
        rule = api.create_security_group_rule(context, values)
    except errors.SecurityGroupRuleLimitExceeded:
        raise wsgi.Fault(403, 'Quota exceeded, too many security group '
                              'rules.')
    names = api.security_group_names(
        context, [rule.group_id] if rule.group_id else [])
    return {'security_group_rule': views.rule_view(rule, names)}


@wsgi.api(success=202, errors=(400, 403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, security_group_rule_id):
    context = req.context
    policy.authorize(context, security_groups.RULE % 'rule:delete')
    api = network_api.get_api()
    if uuidutils.is_uuid_like(security_group_rule_id):
        # The Neutron API's id of the rule.
        rule = api.get_security_group_rule_by_uuid(context,
                                                   security_group_rule_id)
    else:
        rule = api.get_security_group_rule(
            context, security_groups.group_id(security_group_rule_id))
    security_groups.get_for_caller(context, rule.parent_group_id)
    api.destroy_security_group_rule(context, rule)


ROUTES = [
    ('/os-security-group-rules', {'POST': create}),
    ('/os-security-group-rules/{security_group_rule_id}', {
        'DELETE': delete}),
]
