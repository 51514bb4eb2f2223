"""A server's addresses (/servers/{server_id}/ips), all or on one
network."""

from nova.api.openstack.compute.schemas import ips as schema
from nova.api.openstack.compute import servers
from nova.api.openstack.compute.views import addresses
from nova.api.openstack import wsgi


@wsgi.api(errors=(403, 404), query=schema.index_query)
def index(req, server_id):
    instance = servers.authorized_server(req, server_id,
                                         'os_compute_api:ips:index',
                                         expected_attrs=())
    return {'addresses': addresses.addresses(req, instance,
                                             extended=False)}


@wsgi.api(errors=(403, 404), query=schema.show_query)
def show(req, server_id, network_label):
    instance = servers.authorized_server(req, server_id,
                                         'os_compute_api:ips:show',
                                         expected_attrs=())
    found = addresses.addresses(req, instance, extended=False)
    if network_label not in found:
        raise wsgi.Fault(404, 'Instance is not a member of specified '
                              'network')
    return {network_label: found[network_label]}


ROUTES = [
    ('/servers/{server_id}/ips', {'GET': index}),
    ('/servers/{server_id}/ips/{network_label}', {'GET': show}),
]
