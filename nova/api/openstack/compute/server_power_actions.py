"""Power and lock actions: reboot, os-stop, os-start, pause, unpause,
suspend, resume, lock, unlock (dispatched by server_actions)."""

from nova.api.openstack.compute.actions import Action
from nova.api.openstack.compute.actions import calls
from nova.api.openstack.compute.schemas import server_actions as schema


def _reboot(req, api, instance, argument):
    api.reboot(req.context, instance, argument['type'].upper())


def _lock(req, api, instance, argument):
    """2.73: with an optional reason."""
    api.lock(req.context, instance,
             reason=(argument or {}).get('locked_reason'))


ACTIONS = {
    'reboot': Action('os_compute_api:servers:reboot', schema.reboot,
                     _reboot),
    'os-stop': Action('os_compute_api:servers:stop', handler=calls('stop')),
    'os-start': Action('os_compute_api:servers:start',
                       handler=calls('start')),
    'pause': Action('os_compute_api:os-pause-server:pause',
                    handler=calls('pause')),
    'unpause': Action('os_compute_api:os-pause-server:unpause',
                      handler=calls('unpause')),
    'suspend': Action('os_compute_api:os-suspend-server:suspend',
                      handler=calls('suspend')),
    'resume': Action('os_compute_api:os-suspend-server:resume',
                     handler=calls('resume')),
    'lock': (
        Action('os_compute_api:os-lock-server:lock', handler=calls('lock'),
               max_version='2.72'),
        Action('os_compute_api:os-lock-server:lock', schema.lock_v273,
               _lock, min_version='2.73')),
    'unlock': Action('os_compute_api:os-lock-server:unlock',
                     handler=calls('unlock')),
}
