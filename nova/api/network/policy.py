"""Who may do what in the Neutron API (upstream's default rules).

Administrators may do everything; the owner of a resource may use it;
some attributes are the administrators' only, to set and to see.
"""

from nova.api.network import faults
from nova import policy

# Attributes only administrators may set on create or update.
ADMIN_ONLY_SET = {
    'network': ('shared', 'router:external', 'provider:network_type',
                'provider:physical_network', 'provider:segmentation_id'),
    'subnet': (),
    'security_group': (),
    'security_group_rule': (),
    'port': ('binding:host_id',),
}

# Attributes only administrators see.
ADMIN_ONLY_SHOW = {
    'network': ('provider:network_type', 'provider:physical_network',
                'provider:segmentation_id'),
    'port': ('binding:host_id', 'binding:vif_type', 'binding:vif_details',
             'binding:profile'),
}


def check_set(context, resource, values, defaults=None):
    """403 when a non-administrator sets an admin-only attribute (to
    something else than its default)."""
    if context.is_admin:
        return
    defaults = defaults or {}
    for name in ADMIN_ONLY_SET.get(resource, ()):
        if name in values and (name not in defaults or
                               values[name] != defaults[name]):
            raise faults.policy_not_authorized('create_%s:%s' % (
                resource, name))


def check_project(context, resource, project_id):
    """Only administrators create resources of another project."""
    if not context.is_admin and project_id and \
            project_id != context.project_id:
        raise faults.policy_not_authorized('create_%s' % resource)


def authorize(context, rule, project_id):
    """403 unless the policy rule (nova/policies/network_api.py) allows
    the caller on a resource of project_id."""
    if not policy.check(context, rule, {'project_id': project_id,
                                        'user_id': context.user_id}):
        raise faults.policy_not_authorized(rule)


def admin_only(context, action):
    if not context.is_admin:
        raise faults.policy_not_authorized(action)


def strip(context, resource, view):
    """The view without the admin-only attributes, for non-admins."""
    if context.is_admin:
        return view
    for name in ADMIN_ONLY_SHOW.get(resource, ()):
        view.pop(name, None)
    return view
