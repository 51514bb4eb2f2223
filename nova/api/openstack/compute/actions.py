"""What a server action module declares: Action(rule, schema, handler).

Modules of server actions export ACTIONS = {body key: Action(...)};
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
