"""Server actions: POST /servers/{server_id}/action, one action per body.

This module serves the power actions (reboot, os-stop, os-start, pause,
unpause, suspend, resume) and lock/unlock; which states allow which action
is nova.compute.states' business, checked in nova.compute.api.
"""

from nova.api.openstack.compute.schemas import server_actions as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova import policy


def _reboot(api, context, instance, argument):
    api.reboot(context, instance, argument['type'].upper())


# action key -> (policy rule, how to run it)
_ACTIONS = {
    'reboot': ('os_compute_api:servers:reboot', _reboot),
    'os-stop': ('os_compute_api:servers:stop',
                lambda api, ctx, inst, arg: api.stop(ctx, inst)),
    'os-start': ('os_compute_api:servers:start',
                 lambda api, ctx, inst, arg: api.start(ctx, inst)),
    'pause': ('os_compute_api:os-pause-server:pause',
              lambda api, ctx, inst, arg: api.pause(ctx, inst)),
    'unpause': ('os_compute_api:os-pause-server:unpause',
                lambda api, ctx, inst, arg: api.unpause(ctx, inst)),
    'suspend': ('os_compute_api:os-suspend-server:suspend',
                lambda api, ctx, inst, arg: api.suspend(ctx, inst)),
    'resume': ('os_compute_api:os-suspend-server:resume',
               lambda api, ctx, inst, arg: api.resume(ctx, inst)),
    'lock': ('os_compute_api:os-lock-server:lock',
             lambda api, ctx, inst, arg: api.lock(ctx, inst)),
    'unlock': ('os_compute_api:os-lock-server:unlock',
               lambda api, ctx, inst, arg: api.unlock(ctx, inst)),
}


@wsgi.api(success=202, errors=(400, 403, 404, 409), body=schema.action)
def action(req, server_id, body):
    (name, argument), = body.items()
    rule, run = _ACTIONS[name]
    context = req.context
    api = servers._compute()
    instance = api.get(context, server_id, expected_attrs=())
    policy.authorize(context, rule, {'project_id': instance.project_id})
    run(api, context, instance, argument)


ROUTES = [
    ('/servers/{server_id}/action', {'POST': action}),
]
