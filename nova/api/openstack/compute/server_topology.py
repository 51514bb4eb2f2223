"""GET /servers/{server_id}/topology (API 2.78): the NUMA topology of a
server's guest.

This cloud places guests without NUMA affinity, CPU pinning or huge
pages (no hw:numa_nodes, hw:cpu_policy or hw:mem_page_size handling), so
every server answers as upstream answers one without a NUMA topology:
no nodes and no page size. The host side (host_node, cpu_pinning) would
be shown to the callers of compute:server:topology:host:index only.
"""

from nova.api.openstack.compute.schemas import server_topology as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi


@wsgi.api(errors=(400, 403, 404), query=schema.show_query,
          min_version='2.78')
def show(req, server_id):
    servers.authorized_server(req, server_id,
                              'compute:server:topology:index',
                              expected_attrs=())
    return {'nodes': [], 'pagesize_kb': None}


ROUTES = [
    ('/servers/{server_id}/topology', {'GET': show}),
]
