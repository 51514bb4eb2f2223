"""The personas every other policy is written with.

Keystone's bootstrap makes the role chain admin -> manager -> member ->
reader (each implies the next), so a rule granted to readers also admits
members, managers and administrators of the same project. The persona
rules carry the legacy defaults as deprecated rules: with
[oslo_policy] enforce_new_defaults = False a caller passes when either the
persona or the legacy rule (admin, or any role in the project) allows.
"""

from oslo_policy import policy

ANY = '@'
NOBODY = '!'
ADMIN = 'rule:context_is_admin'
PROJECT_MANAGER_OR_ADMIN = 'rule:project_manager_or_admin'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
SERVICE_ROLE = 'rule:service_api'
SERVICE_OR_ADMIN = 'rule:service_or_admin'
# Legacy names, kept so operators' policy files that use them still work.
RULE_ADMIN_API = 'rule:admin_api'
RULE_ADMIN_OR_OWNER = 'rule:admin_or_owner'

# Every Compute API rule is about a project's resources (or the cloud's,
# which administrators hold through a project-scoped token, as upstream).
SCOPE = ['project']

_REASON = ('The API policies now default to the admin, manager, member, '
           'reader and service personas; the old defaults (admin, or any '
           'role in the project) are kept for enforce_new_defaults = False.')
_SINCE = '2025.1'

# The legacy check strings: an administrator; an administrator or any
# role in the project that owns the resource.
_LEGACY_ADMIN = 'is_admin:True'
_LEGACY_OWNER = 'is_admin:True or project_id:%(project_id)s'


def _persona(name, check, description, legacy):
    """A persona rule whose previous default was legacy."""
    return policy.RuleDefault(
        name, check, description,
        deprecated_rule=policy.DeprecatedRule(
            name=name, check_str=legacy, deprecated_reason=_REASON,
            deprecated_since=_SINCE))


rules = [
    _persona('context_is_admin', 'role:admin',
             'The caller is a cloud administrator.', _LEGACY_ADMIN),
    policy.RuleDefault('admin_or_owner',
                       'is_admin:True or project_id:%(project_id)s',
                       'Legacy: an administrator or any role in the '
                       'project.', deprecated_for_removal=True,
                       deprecated_reason=_REASON, deprecated_since=_SINCE),
    policy.RuleDefault('admin_api', 'is_admin:True',
                       'Legacy: an administrator.',
                       deprecated_for_removal=True,
                       deprecated_reason=_REASON, deprecated_since=_SINCE),
    _persona('project_manager_api',
             'role:manager and project_id:%(project_id)s',
             'A manager of the project that owns the resource.',
             _LEGACY_ADMIN),
    _persona('project_member_api',
             'role:member and project_id:%(project_id)s',
             'A member of the project that owns the resource.',
             _LEGACY_OWNER),
    _persona('project_reader_api',
             'role:reader and project_id:%(project_id)s',
             'A reader of the project that owns the resource.',
             _LEGACY_OWNER),
    _persona('project_manager_or_admin',
             'rule:project_manager_api or rule:context_is_admin',
             'A project manager or an administrator.', _LEGACY_ADMIN),
    _persona('project_member_or_admin',
             'rule:project_member_api or rule:context_is_admin',
             'A project member or an administrator.', _LEGACY_OWNER),
    _persona('project_reader_or_admin',
             'rule:project_reader_api or rule:context_is_admin',
             'A project reader or an administrator.', _LEGACY_OWNER),
    _persona('service_api', 'role:service',
             'Another OpenStack service calling on its own behalf (the '
             'service role), such as the network service reporting events.',
             _LEGACY_ADMIN),
    _persona('service_or_admin', 'rule:service_api or rule:context_is_admin',
             'A service or an administrator.', _LEGACY_ADMIN),
]


def rule(name, check, description, operations, **kwargs):
    """A documented project-scoped rule; operations: (method, path)."""
    kwargs.setdefault('scope_types', SCOPE)
    return policy.DocumentedRuleDefault(
        name, check, description,
        [{'method': m, 'path': p} for m, p in operations], **kwargs)


def owner(method):
    """Readers of the owning project may read; members may change."""
    if method == 'GET':
        return PROJECT_READER_OR_ADMIN
    return PROJECT_MEMBER_OR_ADMIN


def server_action_rule(name, check, description, action):
    """The rule os_compute_api:<name> of POST /servers/{id}/action with
    the body key action."""
    return rule('os_compute_api:%s' % name, check, description,
                [('POST', '/servers/{server_id}/action (%s)' % action)])


def list_rules():
    return rules
