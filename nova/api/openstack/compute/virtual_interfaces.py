"""A server's virtual interfaces (os-virtual-interfaces): id and MAC, and
from 2.12 the network's id; gone (404) from 2.44 on."""

from nova.api.openstack.compute.schemas import virtual_interfaces as schema
from nova.api.openstack.compute import server_network_actions
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.network import api as network_api


@wsgi.api(errors=(403, 404), query=schema.index_query,
          max_version=server_network_actions.NOVA_NETWORK_MAX_VERSION)
def index(req, server_id):
    instance = servers.authorized_server(
        req, server_id, 'os_compute_api:os-virtual-interfaces',
        expected_attrs=())
    result = []
    for vif in network_api.get_api().get_vifs(req.context, instance.uuid):
        view = {'id': vif['id'], 'mac_address': vif['address']}
        if req.is_version('2.12'):
            view['net_id'] = vif['net_id']
        result.append(view)
    return {'virtual_interfaces': result}


ROUTES = [
    ('/servers/{server_id}/os-virtual-interfaces', {'GET': index}),
]
