"""Default security group rules (os-security-group-default-rules): rules
every project's new 'default' group starts with. Administrators only."""

from nova.api.openstack.compute.schemas import \
    security_group_default_rules as schema
from nova.api.openstack.compute import security_groups
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova.network import security_group_rules as rules
from nova import policy

RULE = 'os_compute_api:os-security-group-default-rules'


def _view(rule):
    return {'id': rule.id, 'ip_protocol': rule.protocol,
            'from_port': rule.from_port, 'to_port': rule.to_port,
            'ip_range': {'cidr': rule.cidr} if rule.cidr else {}}


@wsgi.api(errors=(403,), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    policy.authorize(req.context, RULE)
    return {'security_group_default_rules': [
        _view(r)
        for r in network_api.get_api().get_default_rules(req.context)]}


@wsgi.api(errors=(400, 403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, rule_id):
    policy.authorize(req.context, RULE)
    rule = network_api.get_api().get_default_rule(
        req.context, security_groups.group_id(rule_id))
    return {'security_group_default_rule': _view(rule)}


@wsgi.api(errors=(400, 403), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    policy.authorize(req.context, RULE)
    params = body['security_group_default_rule']
    values = rules.rule_values(params['ip_protocol'], params['from_port'],
                               params['to_port'], params.get('cidr'))
    values.pop('group_id')
    rule = network_api.get_api().create_default_rule(req.context, values)
    return {'security_group_default_rule': _view(rule)}


@wsgi.api(success=204, errors=(400, 403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, rule_id):
    policy.authorize(req.context, RULE)
    network_api.get_api().destroy_default_rule(
        req.context, security_groups.group_id(rule_id))


ROUTES = [
    ('/os-security-group-default-rules', {'GET': index, 'POST': create}),
    ('/os-security-group-default-rules/{rule_id}', {
        'GET': show, 'DELETE': delete}),
]
