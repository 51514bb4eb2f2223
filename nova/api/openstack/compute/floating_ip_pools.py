"""The floating IP pools resource (os-floating-ip-pools): their names."""

from nova.api.openstack.compute.schemas import floating_ip_pools as schema
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova import policy


@wsgi.api(errors=(403,), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    policy.authorize(req.context, 'os_compute_api:os-floating-ip-pools')
    pools = network_api.get_api().get_floating_ip_pools(req.context)
    return {'floating_ip_pools': [{'name': name} for name in pools]}


ROUTES = [
    ('/os-floating-ip-pools', {'GET': index}),
]
