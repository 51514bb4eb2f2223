"""What a project uses of the networking quotas (floating IPs, fixed IPs,
security groups); rules are limited per group (security_group_rules)."""

from nova import lazy_import
from nova import quota

floating_db = lazy_import.module('nova.db.floating_ips')
networks_db = lazy_import.module('nova.db.networks')
groups_db = lazy_import.module('nova.db.security_groups')


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
