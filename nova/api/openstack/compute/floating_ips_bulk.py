"""Bulk floating IPs (os-floating-ips-bulk): administrators create and
delete ranges of floating IPs and list them all."""

from nova.api.openstack.compute.schemas import floating_ips_bulk as schema
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
import nova.conf
from nova.network import api as network_api
from nova import policy

CONF = nova.conf.CONF

RULE = 'os_compute_api:os-floating-ips-bulk'


def _views(context, rows):
    bound = network_api.get_api().describe_floating_ips(context, rows)
    return [{'address': r.address, 'pool': r.pool,
             'interface': r.interface, 'project_id': r.project_id,
             'fixed_ip': bound.get(r.address, (None, None))[0],
             'instance_uuid': bound.get(r.address, (None, None))[1]}
            for r in rows]


@wsgi.api(errors=(403,), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    policy.authorize(req.context, RULE)
    return {'floating_ip_info': _views(
        req.context, network_api.get_api().get_floating_ips(req.context))}


@wsgi.api(errors=(403,), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, host):
    policy.authorize(req.context, RULE)
    return {'floating_ip_info': _views(
        req.context,
        network_api.get_api().get_floating_ips(req.context, host=host))}


@wsgi.api(errors=(400, 403, 409), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    context = req.context
    policy.authorize(context, RULE)
    params = body['floating_ips_bulk_create']
    pool = params.get('pool') or CONF.network.default_floating_pool
    interface = params.get('interface') or CONF.network.public_interface
    network_api.get_api().create_floating_ips(context, params['ip_range'],
                                              pool, interface)
    return {'floating_ips_bulk_create': {
        'ip_range': params['ip_range'], 'pool': pool,
        'interface': interface}}


@wsgi.api(errors=(400, 403, 404), body=schema.delete,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, body):
    context = req.context
    policy.authorize(context, RULE)
    if not network_api.get_api().delete_floating_ips(context,
                                                     body['ip_range']):
        raise wsgi.Fault(404, 'No floating IP is in range %s.'
                         % body['ip_range'])
    return {'floating_ips_bulk_delete': body['ip_range']}


ROUTES = [
    ('/os-floating-ips-bulk/delete', {'PUT': delete}),
    ('/os-floating-ips-bulk', {'GET': index, 'POST': create}),
    ('/os-floating-ips-bulk/{host}', {'GET': show}),
]
