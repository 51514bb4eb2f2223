"""What a server action module declares: Action(rule, schema, handler).

Modules of server actions export ACTIONS = {body key: Action(...)}, or a
tuple of Actions whose microversion windows follow each other when an
action changed its argument or answer with a microversion;
nova.api.openstack.compute.server_actions dispatches to them.
"""

import collections

from nova.api.openstack.compute.schemas import server_actions as schema

# rule: the policy rule checked against the server's project.
# schema: JSON schema of the action's argument (the body key's value), or
#     a function of the request returning it (schemas per microversion).
# handler(req, api, instance, argument) -> None (202, no body) or a
#     wsgi.Response; api is a nova.compute.api.API.
# min_version / max_version: the microversions that know the action.
Action = collections.namedtuple(
    'Action', ['rule', 'schema', 'handler', 'min_version', 'max_version'],
    defaults=(schema.no_argument, None, '2.1', None))


def calls(method):
    """A handler calling api.<method>(context, instance) and nothing else."""
    def handler(req, api, instance, argument):
        getattr(api, method)(req.context, instance)
    return handler


def windows(declared):
    """The Actions of one ACTIONS value (an Action or a tuple of them)."""
    if declared is None:
        return ()
    return (declared,) if isinstance(declared, Action) else declared


def serving(declared, req):
    """The Action of declared (one or a tuple) serving req's microversion,
    None when no window covers it."""
    for candidate in windows(declared):
        if req.is_version(candidate.min_version, candidate.max_version):
            return candidate
    return None


def removed(declared, req):
    """Whether declared (one or a tuple) ended before req's microversion
    (the action was removed: 404, where an unknown one is a 400)."""
    ends = [c.max_version for c in windows(declared)]
    return bool(ends) and None not in ends and all(
        not req.is_version('2.1', end) for end in ends)
