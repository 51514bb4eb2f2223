"""A server's encrypted admin password: /servers/{id}/os-server-password.

GET shows it ('' until the guest posted one through the metadata
service), DELETE clears it. Storing is nova.compute.password's business.
"""

from nova.api.openstack.compute.schemas import server_metadata as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.compute import password

_RULE = 'os_compute_api:os-server-password:%s'


def _instance(req, server_id, action):
    return servers.authorized_server(req, server_id, _RULE % action,
                                     expected_attrs=('system_metadata',))


@wsgi.api(errors=(403, 404), query=schema.query)
def show(req, server_id):
    instance = _instance(req, server_id, 'show')
    return {'password': password.extract(instance.system_metadata)}


@wsgi.api(success=204, errors=(403, 404))
def clear(req, server_id):
    password.store(_instance(req, server_id, 'clear'), None)


ROUTES = [
    ('/servers/{server_id}/os-server-password',
     {'GET': show, 'DELETE': clear}),
]
