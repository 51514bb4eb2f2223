"""The limits resource: a project's quotas and what it uses of them now."""

import nova.conf
from nova.api.openstack.compute.schemas import limits as schema
from nova.api.openstack import wsgi
from nova.db import instances as instances_db
from nova import policy

CONF = nova.conf.CONF

# Quotas of nova-network resources, which this cloud does not manage:
# shown with upstream's defaults and nothing used, as clients expect them.
_NETWORK_LIMITS = {'maxSecurityGroups': 10, 'maxSecurityGroupRules': 20,
                   'maxTotalFloatingIps': 10}


def _absolute(project_id, context):
    quota = CONF.quota
    used = instances_db.instance_usage_by_project(context, project_id)
    limits = {
        'maxTotalInstances': quota.instances,
        'maxTotalCores': quota.cores,
        'maxTotalRAMSize': quota.ram,
        'maxServerMeta': quota.metadata_items,
        'maxImageMeta': quota.metadata_items,
        'maxPersonality': quota.injected_files,
        'maxPersonalitySize': quota.injected_file_content_bytes,
        'maxTotalKeypairs': quota.key_pairs,
        'maxServerGroups': quota.server_groups,
        'maxServerGroupMembers': quota.server_group_members,
        'totalInstancesUsed': used['instances'],
        'totalCoresUsed': used['cores'],
        'totalRAMUsed': used['ram'],
        # Nothing creates these resources here yet.
        'totalFloatingIpsUsed': 0,
        'totalSecurityGroupsUsed': 0,
        'totalServerGroupsUsed': 0,
    }
    limits.update(_NETWORK_LIMITS)
    return limits


@wsgi.api(errors=(403,), query=schema.index_query)
def index(req):
    context = req.context
    policy.authorize(context, 'os_compute_api:limits')
    project_id = req.GET.get('tenant_id') or context.project_id
    if project_id != context.project_id:
        policy.authorize(context, 'os_compute_api:limits:other_project',
                         {'project_id': project_id})
    return {'limits': {'rate': [],
                       'absolute': _absolute(project_id, context)}}


ROUTES = [
    ('/limits', {'GET': index}),
]
