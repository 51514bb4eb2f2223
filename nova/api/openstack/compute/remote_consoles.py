"""Remote consoles: POST /servers/{server_id}/remote-consoles (2.6+)."""

from nova.api.openstack.compute.schemas import remote_consoles as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.compute import console_actions
from nova import exception

RULE = 'os_compute_api:os-remote-consoles'


def get_console(req, instance, protocol, console_type):
    """The console of console_type, which must speak protocol."""
    kind = console_actions.KINDS.get(console_type)
    if console_type == 'spice-direct' and not req.is_version('2.99'):
        kind = None
    if kind is None or kind.protocol != protocol:
        raise exception.ConsoleTypeInvalid(console_type=console_type)
    return servers._compute().get_console(req.context, instance,
                                          console_type)


def _create(req, server_id, body):
    instance = servers.authorized_server(req, server_id, RULE,
                                         expected_attrs=())
    params = body['remote_console']
    console = get_console(req, instance, params['protocol'], params['type'])
    return {'remote_console': console}


@wsgi.api(errors=(400, 403, 404, 409), body=schema.create_v26,
          min_version='2.6', max_version='2.7')
def create(req, server_id, body):
    return _create(req, server_id, body)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.create_v28,
          min_version='2.8', max_version='2.98')
def create_v28(req, server_id, body):
    return _create(req, server_id, body)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.create_v299,
          min_version='2.99')
def create_v299(req, server_id, body):
    """2.99: spice-direct, a SPICE client's own connection."""
    return _create(req, server_id, body)


ROUTES = [
    ('/servers/{server_id}/remote-consoles',
     {'POST': [create, create_v28, create_v299]}),
]
