"""A server's share attachments (/servers/{server_id}/shares, 2.97).

Shares come from a shared file system service (Manila), which this cloud
has none of: no share can be attached, so a server has none, and an
attach is refused with that reason instead of failing later on the
compute host.
"""

from nova.api.openstack.compute.schemas import server_shares as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.compute import vm_states

_RULE = 'os_compute_api:os-server-shares:%s'


def _not_attached(share_id, server_id):
    return wsgi.Fault(404, 'Share %s is not attached to server %s.'
                      % (share_id, server_id))


@wsgi.api(errors=(400, 403, 404), query=schema.query, min_version='2.97')
def index(req, server_id):
    servers.authorized_server(req, server_id, _RULE % 'index')
    return {'shares': []}


@wsgi.api(success=201, errors=(400, 403, 404, 409), body=schema.create,
          min_version='2.97')
def create(req, server_id, body):
    instance = servers.authorized_server(req, server_id, _RULE % 'create')
    if instance.vm_state != vm_states.STOPPED:
        # Upstream's precondition: shares attach to a stopped server.
        raise wsgi.Fault(409, 'Cannot attach a share to server %s while it '
                              'is %s: stop it first.'
                         % (server_id, instance.vm_state))
    raise wsgi.Fault(409, 'Cannot attach share %s: this cloud has no '
                          'shared file system service (Manila) to attach '
                          'shares from.' % body['share']['share_id'])


@wsgi.api(errors=(400, 403, 404), query=schema.query, min_version='2.97')
def show(req, server_id, share_id):
    servers.authorized_server(req, server_id, _RULE % 'show')
    raise _not_attached(share_id, server_id)


@wsgi.api(errors=(400, 403, 404, 409), min_version='2.97')
def delete(req, server_id, share_id):
    servers.authorized_server(req, server_id, _RULE % 'delete')
    raise _not_attached(share_id, server_id)


ROUTES = [
    ('/servers/{server_id}/shares', {'GET': index, 'POST': create}),
    ('/servers/{server_id}/shares/{share_id}',
     {'GET': show, 'DELETE': delete}),
]
