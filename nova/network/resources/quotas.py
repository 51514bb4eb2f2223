"""Quotas of the Neutron API: the networking rows of the compute quotas.

floatingip, security_group and security_group_rule are the compute
quotas floating_ips, security_groups and security_group_rules (what
os-quota-sets shows; security_group_rule limits the rules of each group,
as the built-in networking counts them). The built-in networking does
not limit networks, subnets or ports: they show -1. router is the
Neutron API's own: a quota row of resource "routers" (default
[network_api] quota_router), counted over the project's routers.
"""

import nova.conf
from nova.db import quotas as quotas_db
from nova.db import routers as routers_db
from nova.network import quotas as network_quotas
from nova import quota

MAPPED = {'floatingip': 'floating_ips', 'security_group': 'security_groups',
          'security_group_rule': 'security_group_rules'}
UNLIMITED = ('network', 'subnet', 'port')
# Limits only the Neutron API knows: {name: (quota row resource, option)}.
OWN = {'router': 'routers'}
CONF = nova.conf.CONF


def router_limit(context, project_id):
    stored = quotas_db.quota_get_all(context, project_id)
    return stored.get('routers', CONF.network_api.quota_router)


def _shown(limits, routers):
    result = dict.fromkeys(UNLIMITED, -1)
    result.update((name, limits[resource])
                  for name, resource in MAPPED.items())
    result['router'] = routers
    return result


def defaults(context):
    return _shown(quota.defaults(context), CONF.network_api.quota_router)


def limits(context, project_id):
    return _shown(quota.project_limits(context, project_id),
                  router_limit(context, project_id))


def projects(context):
    """[(project id, limits)] of projects with networking limits set."""
    return [(project_id, limits(context, project_id))
            for project_id in quotas_db.projects_with_limits(
                context, list(MAPPED.values()) + list(OWN.values()))]


def update(context, project_id, values):
    """values: {Neutron quota name: limit} of the mapped names."""
    quotas_db.quota_set(context, project_id, {
        MAPPED.get(name) or OWN[name]: limit
        for name, limit in values.items()})
    return limits(context, project_id)


def reset(context, project_id):
    quotas_db.quota_destroy_resources(
        context, project_id, list(MAPPED.values()) + list(OWN.values()))


def details(context, project_id):
    """{name: {'limit', 'used', 'reserved'}}."""
    used = network_quotas.usage(context, project_id)
    used['routers'] = len(routers_db.get_all(context, project_id=project_id))
    shown = limits(context, project_id)
    result = {}
    for name, limit in shown.items():
        resource = MAPPED.get(name) or OWN.get(name)
        result[name] = {'limit': limit, 'reserved': 0,
                        'used': used.get(resource, 0) if resource else 0}
    return result
