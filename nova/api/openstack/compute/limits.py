"""The limits resource: a project's quotas and what it uses of them now."""

from nova.api.openstack.compute import proxy_apis
from nova.api.openstack.compute.schemas import limits as schema
from nova.api.openstack import wsgi
from nova import policy
from nova import quota

# Absolute limit name -> quota resource, as upstream's limits view maps
# them (image metadata shares the server metadata limit).
_LIMITS = {
    'maxTotalInstances': 'instances',
    'maxTotalCores': 'cores',
    'maxTotalRAMSize': 'ram',
    'maxServerMeta': 'metadata_items',
    'maxImageMeta': 'metadata_items',
    'maxPersonality': 'injected_files',
    'maxPersonalitySize': 'injected_file_content_bytes',
    'maxTotalKeypairs': 'key_pairs',
    'maxServerGroups': 'server_groups',
    'maxServerGroupMembers': 'server_group_members',
    'maxSecurityGroups': 'security_groups',
    'maxSecurityGroupRules': 'security_group_rules',
    'maxTotalFloatingIps': 'floating_ips',
}
_USED = {
    'totalInstancesUsed': 'instances',
    'totalCoresUsed': 'cores',
    'totalRAMUsed': 'ram',
    'totalSecurityGroupsUsed': 'security_groups',
    'totalFloatingIpsUsed': 'floating_ips',
    'totalServerGroupsUsed': 'server_groups',
}


def _absolute(context, project_id, with_network, with_image_meta):
    """with_network: the network limits too (gone from 2.36 on);
    with_image_meta: maxImageMeta (gone with the image-metadata proxy in
    2.39)."""
    limits = quota.project_limits(context, project_id)
    used = quota.usage(context, project_id)
    shown = (lambda r: with_network or
             r not in proxy_apis.NETWORK_QUOTAS)
    absolute = {name: limits[r] for name, r in _LIMITS.items()
                if shown(r) and (with_image_meta or name != 'maxImageMeta')}
    absolute.update((name, used[r]) for name, r in _USED.items()
                    if shown(r))
    return absolute


@wsgi.api(errors=(400, 403), query=schema.index_query)
def index(req):
    context = req.context
    policy.authorize(context, 'os_compute_api:limits')
    project_id = req.GET.get('tenant_id') or context.project_id
    if project_id != context.project_id:
        policy.authorize(context, 'os_compute_api:limits:other_project',
                         {'project_id': project_id})
    return {'limits': {'rate': [],
                       'absolute': _absolute(
                           context, project_id,
                           with_network=not req.is_version('2.36'),
                           with_image_meta=not req.is_version('2.39'))}}


ROUTES = [
    ('/limits', {'GET': index}),
]
