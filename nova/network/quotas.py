"""What a project uses of the networking quotas (floating IPs, fixed IPs,
security groups); rules are limited per group (security_group_rules)."""

from nova.db import floating_ips as floating_db
from nova.db import networks as networks_db
from nova.db import security_groups as groups_db
from nova import quota


def usage(context, project_id):
    return {
        'floating_ips': floating_db.count_by_project(context, project_id),
        'fixed_ips': networks_db.fixed_ip_count_by_project(context,
                                                           project_id),
        'security_groups': groups_db.count_by_project(context, project_id),
    }


def rule_limit(context):
    """How many rules one security group of the caller may hold."""
    return quota.user_limits(context, context.project_id,
                             context.user_id)['security_group_rules']
