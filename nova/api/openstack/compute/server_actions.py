"""Server actions: POST /servers/{server_id}/action, one action per body.

This module serves the power actions (reboot, os-stop, os-start, pause,
unpause, suspend, resume) and lock/unlock; which states allow which action
is nova.compute.states' business, checked in nova.compute.api.
"""

from nova.api.openstack.compute.schemas import server_actions as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova import policy


# action key -> (policy rule, method of nova.compute.api.API)
_ACTIONS = {
    'reboot': ('os_compute_api:servers:reboot', 'reboot'),
    'os-stop': ('os_compute_api:servers:stop', 'stop'),
    'os-start': ('os_compute_api:servers:start', 'start'),
    'pause': ('os_compute_api:os-pause-server:pause', 'pause'),
    'unpause': ('os_compute_api:os-pause-server:unpause', 'unpause'),
    'suspend': ('os_compute_api:os-suspend-server:suspend', 'suspend'),
    'resume': ('os_compute_api:os-suspend-server:resume', 'resume'),
    'lock': ('os_compute_api:os-lock-server:lock', 'lock'),
    'unlock': ('os_compute_api:os-lock-server:unlock', 'unlock'),
}


@wsgi.api(success=202, errors=(400, 403, 404, 409), body=schema.action)
def action(req, server_id, body):
    (name, argument), = body.items()
    rule, method = _ACTIONS[name]
    context = req.context
    api = servers._compute()
    instance = api.get(context, server_id, expected_attrs=())
    policy.authorize(context, rule, {'project_id': instance.project_id})
    if name == 'reboot':
        api.reboot(context, instance, argument['type'].upper())
    else:
        getattr(api, method)(context, instance)


ROUTES = [
    ('/servers/{server_id}/action', {'POST': action}),
]
