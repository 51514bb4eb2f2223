"""The Neutron API's single route table and its dispatcher.

Handlers are functions (req, **route_args) answering a body dict (200),
a (status, body dict) pair, or None (204 No Content). Errors are
NeutronFault, or nova exceptions turned into one by their status.
"""

import json

import webob

from nova.api.network import agents
from nova.api.network import auto_allocated_topology
from nova.api.network import availability_zones
from nova.api.network import bulk
from nova.api.network import extensions
from nova.api.network import faults
from nova.api.network import floating_ips
from nova.api.network import networks
from nova.api.network import ports
from nova.api.network import quotas
from nova.api.network import route_policy
from nova.api.network import routers
from nova.api.network import security_group_rules
from nova.api.network import security_groups
from nova.api.network import subnets
from nova.api.network import versions
from nova.api import route_table

ROUTES = [
    ('/v2.0', {'GET': versions.resources}),
    ('/v2.0/extensions', {'GET': extensions.index}),
    ('/v2.0/extensions/{alias}', {'GET': extensions.show}),
    ('/v2.0/availability_zones', {'GET': availability_zones.index}),
    ('/v2.0/agents', {'GET': agents.index}),
    ('/v2.0/agents/{agent_id}', {'GET': agents.show}),
    ('/v2.0/networks', {'GET': networks.index, 'POST': bulk.creatable(
        'network', 'networks', networks.create, networks.delete)}),
    ('/v2.0/networks/{network_id}', {'GET': networks.show,
                                     'PUT': networks.update,
                                     'DELETE': networks.delete}),
    ('/v2.0/subnets', {'GET': subnets.index, 'POST': bulk.creatable(
        'subnet', 'subnets', subnets.create, subnets.delete)}),
    ('/v2.0/subnets/{subnet_id}', {'GET': subnets.show,
                                   'PUT': subnets.update,
                                   'DELETE': subnets.delete}),
    ('/v2.0/security-groups', {'GET': security_groups.index,
                               'POST': security_groups.create}),
    ('/v2.0/security-groups/{security_group_id}', {
        'GET': security_groups.show, 'PUT': security_groups.update,
        'DELETE': security_groups.delete}),
    ('/v2.0/security-group-rules', {'GET': security_group_rules.index,
                                    'POST': security_group_rules.create}),
    ('/v2.0/security-group-rules/{rule_id}', {
        'GET': security_group_rules.show,
        'DELETE': security_group_rules.delete}),
    ('/v2.0/ports', {'GET': ports.index, 'POST': bulk.creatable(
        'port', 'ports', ports.create, ports.delete)}),
    ('/v2.0/ports/{port_id}', {'GET': ports.show, 'PUT': ports.update,
                               'DELETE': ports.delete}),
    ('/v2.0/floatingips', {'GET': floating_ips.index,
                           'POST': floating_ips.create}),
    ('/v2.0/floatingips/{floating_ip_id}', {
        'GET': floating_ips.show, 'PUT': floating_ips.update,
        'DELETE': floating_ips.delete}),
    ('/v2.0/routers', {'GET': routers.index, 'POST': routers.create}),
    ('/v2.0/routers/{router_id}', {'GET': routers.show,
                                   'PUT': routers.update,
                                   'DELETE': routers.delete}),
    ('/v2.0/routers/{router_id}/add_router_interface', {
        'PUT': routers.add_router_interface}),
    ('/v2.0/routers/{router_id}/remove_router_interface', {
        'PUT': routers.remove_router_interface}),
    ('/v2.0/quotas', {'GET': quotas.index}),
    ('/v2.0/quotas/{project_id}', {'GET': quotas.show,
                                   'PUT': quotas.update,
                                   'DELETE': quotas.delete}),
    ('/v2.0/quotas/{project_id}/default', {'GET': quotas.defaults}),
    ('/v2.0/quotas/{project_id}/defaults', {'GET': quotas.defaults}),
    ('/v2.0/quotas/{project_id}/details', {'GET': quotas.details}),
    ('/v2.0/auto-allocated-topology/{project_id}', {
        'GET': auto_allocated_topology.show,
        'DELETE': auto_allocated_topology.delete}),
]


def _json(status, body):
    resp = webob.Response(status=status, content_type='application/json',
                          charset='UTF-8')
    resp.text = json.dumps(body)
    return resp


class Router:
    """WSGI app dispatching by path and method over ROUTES."""

    def __init__(self, table=ROUTES):
        # Clients may append .json to a path (the old format suffix).
        self.routes = route_table.RouteTable(table, suffixes=('', '.json'))
        self.paths = self.routes.paths

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        try:
            resp = self.dispatch(req)
        except faults.NeutronFault as fault:
            resp = fault.response()
        except Exception as error:
            resp = route_table.fault_for(error, faults).response()
        return resp(environ, start_response)

    def dispatch(self, req):
        path = req.path_info.rstrip('/') or '/'
        found = self.routes.match(req, path)
        if found is None:
            raise faults.not_found('HTTPNotFound',
                                   'The resource could not be found.')
        methods, args = found
        handler = route_table.for_method(methods, req.method)
        if handler is None:
            raise faults.NeutronFault(
                405, 'HTTPMethodNotAllowed',
                'The method %s is not allowed for this resource.'
                % req.method)
        req.context = req.environ['nova.context']
        route_policy.authorize(req, req.environ['nova.route'])
        result = handler(req, **args)
        if result is None:
            return webob.Response(status=204)
        if isinstance(result, tuple):
            return _json(*result)
        return _json(200, result)
