"""The rules other policies are written with."""

from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
ANY = '@'

rules = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       'The caller is a cloud administrator.'),
    policy.RuleDefault('project_member_or_admin',
                       'rule:context_is_admin or project_id:%(project_id)s',
                       'The caller is an administrator or works in the '
                       'project that owns the resource.'),
]


def server_action_rule(name, check, description, action):
    """The rule os_compute_api:<name> of POST /servers/{id}/action with
    the body key action."""
    return policy.DocumentedRuleDefault(
        'os_compute_api:%s' % name, check, description,
        [{'method': 'POST',
          'path': '/servers/{server_id}/action (%s)' % action}])


def list_rules():
    return rules
