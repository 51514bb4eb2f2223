"""Server actions: POST /servers/{server_id}/action, one action per body.

The dispatcher here finds the server, checks the action's policy and
calls its handler. The actions themselves live in small modules, each
exporting ACTIONS = {body key: actions.Action(...)}:

- server_power_actions: reboot, os-stop, os-start, pause, unpause,
  suspend, resume, lock, unlock;
- server_guest_actions: actions on the guest where it runs (rescue,
  rebuild, createImage, changePassword, console output, resetState, ...);
- server_move_actions: actions that move it (resize, migrate, evacuate,
  live migration, shelve);
- server_console_actions: the os-get*Console actions.
- server_network_actions: addFloatingIp, removeFloatingIp,
  addSecurityGroup, removeSecurityGroup, addFixedIp, removeFixedIp.

Which states allow which action is nova.compute.states' business,
checked in nova.compute.api.
"""

from nova.api.openstack.compute import actions
from nova.api.openstack.compute import server_console_actions
from nova.api.openstack.compute import server_guest_actions
from nova.api.openstack.compute import server_move_actions
from nova.api.openstack.compute import server_network_actions
from nova.api.openstack.compute import server_power_actions
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception

ACTIONS = {}
for _module in (server_power_actions, server_guest_actions,
                server_move_actions, server_console_actions,
                server_network_actions):
    ACTIONS.update(_module.ACTIONS)

_BODY = {
    'type': 'object',
    'minProperties': 1,
    'maxProperties': 1,
}


@wsgi.api(success=202, errors=(400, 403, 404, 409, 501), body=_BODY)
def action(req, server_id, body):
    (name, argument), = body.items()
    declared = actions.serving(ACTIONS.get(name), req)
    if declared is None and actions.removed(ACTIONS.get(name), req):
        # As upstream answers an action its version no longer has.
        raise wsgi.Fault(404, 'The resource could not be found.')
    if declared is None:
        raise exception.ValidationError(
            field=name, detail="Additional properties are not allowed "
                               "('%s' was unexpected)" % name)
    # Validated inside the body so errors name the field as action/field.
    argument_schema = declared.schema
    if callable(argument_schema):
        argument_schema = argument_schema(req)
    validation.validate({'type': 'object',
                         'properties': {name: argument_schema}}, body)
    instance = servers.authorized_server(req, server_id, declared.rule,
                                         expected_attrs=())
    return declared.handler(req, servers._compute(), instance, argument)


ROUTES = [
    ('/servers/{server_id}/action', {'POST': action}),
]
