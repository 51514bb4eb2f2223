"""Which Neutron policy rule each route of the Neutron API checks.

The rule is checked before the handler runs, with the caller's project as
the target: it decides what the caller's role allows (a reader may read,
a member may change); the handlers then decide which resources the caller
may see or change (404 or 403 as Neutron answers).
"""

from nova.api.network import faults
from nova import policy

_VERBS = {'GET': 'get', 'POST': 'create', 'PUT': 'update',
          'DELETE': 'delete'}
_RESOURCES = {'networks': 'network', 'subnets': 'subnet', 'ports': 'port',
              'security-groups': 'security_group',
              'security-group-rules': 'security_group_rule',
              'floatingips': 'floatingip', 'routers': 'router',
              'quotas': 'quota', 'availability_zones': 'availability_zone',
              'auto-allocated-topology': 'auto_allocated_topology'}
# Routes without a rule in Neutron either: discovery; and the agents,
# which answer every caller alike (there are none to hide).
OPEN = {'/v2.0', '/v2.0/extensions', '/v2.0/extensions/{alias}',
        '/v2.0/agents', '/v2.0/agents/{agent_id}'}


def rule_of(path, method):
    """The rule name of a route template and method (None: open)."""
    if path in OPEN:
        return None
    parts = path.split('/')
    if parts[-1] in ('add_router_interface', 'remove_router_interface'):
        return parts[-1]
    if method == 'GET' and parts[2] == 'quotas':
        return 'get_quota'
    return '%s_%s' % (_VERBS[method], _RESOURCES[parts[2]])


def authorize(req, path):
    rule = rule_of(path, 'GET' if req.method == 'HEAD' else req.method)
    if rule is None:
        return
    if not policy.check(req.context, rule):
        raise faults.policy_not_authorized(rule)
