"""nova-policy: which rules a caller passes; and the enforcer the
oslopolicy tools load (the oslo.policy.enforcer entry point).

    nova-policy [--config-file nova.conf] --os-roles reader,member
        [--os-project-id P] [--os-user-id U] [--target-project-id T]
        [--rule NAME ...]

prints, one a line, the rules (all, or those named) the caller passes on
a resource of project T (default: the caller's own), with the operators'
policy file and [oslo_policy] options applied.
"""

import sys

from oslo_config import cfg


def get_enforcer():
    """The enforcer with nova's defaults and the operators' overrides.

    The oslopolicy tools parse the global CONF before they load this;
    nova's options are registered on it at import, so its parsed state is
    dropped first (the tools have read their own options by now). Give
    the tools --config-file nova.conf for the operator's policy file.
    """
    # The tools' --config-file (nova.conf, naming the policy file) stays.
    try:
        files = list(cfg.CONF.config_file or ())
    except cfg.NoSuchOptError:
        files = []
    cfg.CONF.clear()
    from nova import policy
    cfg.CONF([], project='nova', default_config_files=files or None)
    enforcer = policy.get_enforcer()
    enforcer.load_rules()
    return enforcer


_CLI = [
    cfg.ListOpt('os-roles', default=[], help='The caller\'s roles.'),
    cfg.StrOpt('os-project-id', default='project',
               help='The project of the caller\'s token.'),
    cfg.StrOpt('os-user-id', default='user', help='The caller.'),
    cfg.StrOpt('target-project-id',
               help='The project owning the resource (default: the '
                    'caller\'s).'),
    cfg.MultiStrOpt('rule', default=[], help='Rules to check (default: '
                    'every rule).'),
]


def passing(enforcer, context, target, names):
    """The rule names among names (all when empty) context passes."""
    from nova import policy
    names = names or sorted(enforcer.registered_rules)
    return [name for name in names if policy.check(context, name, target)]


def main(argv=None):
    import nova.conf
    from nova import context as nova_context
    from nova import policy
    conf = nova.conf.CONF
    conf.register_cli_opts(_CLI)
    conf(sys.argv[1:] if argv is None else argv, project='nova')
    context = nova_context.RequestContext(
        user_id=conf.os_user_id, project_id=conf.os_project_id,
        roles=conf.os_roles)
    target = {'project_id': conf.target_project_id or conf.os_project_id,
              'user_id': conf.os_user_id}
    for name in passing(policy.get_enforcer(), context, target, conf.rule):
        print(name)
    return 0
