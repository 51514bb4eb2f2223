"""Security group rules (os-security-group-rules): add a rule to one of
the project's groups, or delete one."""

from oslo_utils import uuidutils

from nova.api.openstack.compute.schemas import security_group_rules as \
    schema
from nova.api.openstack.compute import security_groups
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.db import security_groups as groups_db
from nova.network import errors
from nova.network import quotas as network_quotas
from nova.network import refresh
from nova.network import security_group_rules as rules
from nova import policy


@wsgi.api(errors=(400, 403, 404), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    context = req.context
    policy.authorize(context, security_groups.RULE)
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
    try:
        rule = groups_db.rule_create(
            context, values, limit=network_quotas.rule_limit(context))
    except errors.SecurityGroupRuleLimitExceeded:
        raise wsgi.Fault(403, 'Quota exceeded, too many security group '
                              'rules.')
    refresh.groups(context, [parent.id])
    names = groups_db.names_of(context, [rule.group_id] if rule.group_id
                               else [])
    return {'security_group_rule': rules.view(rule, names)}


@wsgi.api(success=202, errors=(400, 403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, security_group_rule_id):
    context = req.context
    policy.authorize(context, security_groups.RULE)
    if uuidutils.is_uuid_like(security_group_rule_id):
        # The Neutron API's id of the rule.
        rule = groups_db.rule_get_by_uuid(context, security_group_rule_id)
    else:
        rule = groups_db.rule_get(
            context, security_groups.group_id(security_group_rule_id))
    security_groups.get_for_caller(context, rule.parent_group_id)
    groups_db.rule_destroy(context, rule.id)
    refresh.groups(context, [rule.parent_group_id])


ROUTES = [
    ('/os-security-group-rules', {'POST': create}),
    ('/os-security-group-rules/{security_group_rule_id}', {
        'DELETE': delete}),
]
