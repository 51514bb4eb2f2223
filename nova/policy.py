"""Policy enforcement: may this caller do this action on this target?"""

import time

from oslo_policy import policy

import nova.conf
from nova import exception
from nova import policies

CONF = nova.conf.CONF
_ENFORCER = None
# How stale the rules may be: a changed policy file (or policy.d) takes
# effect within this many seconds.
RELOAD_SECONDS = 1.0


class _Enforcer(policy.Enforcer):
    """oslo.policy's Enforcer, whose check of the policy files for changes
    runs at most every RELOAD_SECONDS instead of on every authorize: it
    searches every config directory for the file and for policy.d and
    walks every registered rule, about half a millisecond each time (a
    server create authorizes more than once)."""

    _checked_at = None

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        if (not force_reload and self.rules and
                self._checked_at is not None and
                now - self._checked_at < RELOAD_SECONDS):
            return
        super().load_rules(force_reload)
        self._checked_at = now


def get_enforcer():
    """The enforcer with our defaults (also used by oslopolicy tools)."""
    global _ENFORCER
    if _ENFORCER is None:
        # Published only once complete: a request racing the first one
        # must not see an enforcer without rules (a spurious 403).
        enforcer = _Enforcer(CONF)
        enforcer.register_defaults(policies.list_rules())
        _ENFORCER = enforcer
    return _ENFORCER


def authorize(context, action, target=None):
    """Raise PolicyNotAuthorized (403) unless the policy allows action."""
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    credentials = context.to_policy_values()
    try:
        return get_enforcer().authorize(
            action, target, credentials, do_raise=True,
            exc=exception.PolicyNotAuthorized, action=action)
    except (policy.PolicyNotRegistered, policy.InvalidScope):
        # An unknown rule or a token of the wrong scope
        # ([oslo_policy] enforce_scope) is a refusal like any other.
        raise exception.PolicyNotAuthorized(action=action)


def check(context, action, target=None):
    """Whether the policy allows action, without raising."""
    try:
        authorize(context, action, target)
    except exception.PolicyNotAuthorized:
        return False
    return True


def check_is_admin(context):
    return get_enforcer().authorize('context_is_admin', {},
                                    context.to_policy_values())
