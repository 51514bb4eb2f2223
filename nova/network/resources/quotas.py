"""Quotas of the Neutron API: the networking rows of the compute quotas.

floatingip, security_group and security_group_rule are the compute
quotas floating_ips, security_groups and security_group_rules (what
os-quota-sets shows; security_group_rule limits the rules of each group,
as the built-in networking counts them). port and router are the
Neutron API's own limits (rows of the quotas table named 'ports' and
'routers', defaults [quota] ports and [network_api] quota_router); the
compute API does not show them. The built-in networking does not limit
networks or subnets: they show -1.
"""

import nova.conf
from nova.db import ports as ports_db
from nova.db import quotas as quotas_db
from nova.db import routers as routers_db
from nova.network import quotas as network_quotas
from nova import quota

CONF = nova.conf.CONF

MAPPED = {'floatingip': 'floating_ips', 'security_group': 'security_groups',
          'security_group_rule': 'security_group_rules'}
# The Neutron API's own limits: {name: resource in the quotas table}.
OWN = {'port': 'ports', 'router': 'routers'}
UNLIMITED = ('network', 'subnet')


def _default(resource):
    if resource == 'routers':
        return CONF.network_api.quota_router
    return CONF.quota.ports


def router_limit(context, project_id):
    stored = quotas_db.quota_get_all(context, project_id)
    return stored.get('routers', _default('routers'))


def _shown(limits, own):
    result = dict.fromkeys(UNLIMITED, -1)
    result.update((name, limits[resource])
                  for name, resource in MAPPED.items())
    result.update((name, own.get(resource, _default(resource)))
                  for name, resource in OWN.items())
    return result


def defaults(context):
    return _shown(quota.defaults(context), {})


def limits(context, project_id):
    return _shown(quota.project_limits(context, project_id),
                  quotas_db.quota_get_all(context, project_id))


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
    quotas_db.quota_destroy_resources(context, project_id,
                                      list(MAPPED.values()) +
                                      list(OWN.values()))


def details(context, project_id):
    """{name: {'limit', 'used', 'reserved'}}."""
    used = dict(network_quotas.usage(context, project_id),
                ports=ports_db.count_by_project(context, project_id),
                routers=len(routers_db.get_all(context,
                                               project_id=project_id)))
    shown = limits(context, project_id)
    result = {}
    for name, limit in shown.items():
        resource = MAPPED.get(name) or OWN.get(name)
        result[name] = {'limit': limit, 'reserved': 0,
                        'used': used.get(resource, 0) if resource else 0}
    return result
