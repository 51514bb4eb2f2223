"""GET /servers/{server_id}/diagnostics: the hypervisor's counters of a
running server, in the free-form 2.1 format (administrators only)."""

from nova.api.openstack.compute.schemas import server_diagnostics as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi


@wsgi.api(errors=(403, 404, 409, 501), query=schema.show_query)
def show(req, server_id):
    instance = servers.authorized_server(
        req, server_id, 'os_compute_api:os-server-diagnostics')
    try:
        return servers._compute().get_diagnostics(req.context, instance)
    except NotImplementedError:
        raise wsgi.Fault(501, 'Unable to get diagnostics: the hypervisor '
                              'of this server does not support them.')


ROUTES = [
    ('/servers/{server_id}/diagnostics', {'GET': show}),
]
