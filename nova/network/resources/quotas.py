"""Quotas of the Neutron API: the networking rows of the compute quotas.

floatingip, security_group and security_group_rule are the compute
quotas floating_ips, security_groups and security_group_rules (what
os-quota-sets shows; security_group_rule limits the rules of each group,
as the built-in networking counts them). The built-in networking does
not limit networks, subnets, ports or routers: they show -1.
"""

from nova.db import quotas as quotas_db
from nova.network import quotas as network_quotas
from nova import quota

MAPPED = {'floatingip': 'floating_ips', 'security_group': 'security_groups',
          'security_group_rule': 'security_group_rules'}
UNLIMITED = ('network', 'subnet', 'port', 'router')


def _shown(limits):
    result = dict.fromkeys(UNLIMITED, -1)
    result.update((name, limits[resource])
                  for name, resource in MAPPED.items())
    return result


def defaults(context):
    return _shown(quota.defaults(context))


def limits(context, project_id):
    return _shown(quota.project_limits(context, project_id))


def projects(context):
    """[(project id, limits)] of projects with networking limits set."""
    return [(project_id, limits(context, project_id))
            for project_id in quotas_db.projects_with_limits(
                context, list(MAPPED.values()))]


def update(context, project_id, values):
    """values: {Neutron quota name: limit} of the mapped names."""
    quotas_db.quota_set(context, project_id, {
        MAPPED[name]: limit for name, limit in values.items()})
    return limits(context, project_id)


def reset(context, project_id):
    quotas_db.quota_destroy_resources(context, project_id,
                                      list(MAPPED.values()))


def details(context, project_id):
    """{name: {'limit', 'used', 'reserved'}}."""
    used = network_quotas.usage(context, project_id)
    shown = limits(context, project_id)
    result = {}
    for name, limit in shown.items():
        resource = MAPPED.get(name)
        result[name] = {'limit': limit, 'reserved': 0,
                        'used': used.get(resource, 0) if resource else 0}
    return result
