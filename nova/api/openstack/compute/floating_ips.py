"""The floating IPs resource (os-floating-ips): a project allocates
public addresses from a pool, lists, shows and releases them."""

from oslo_utils import uuidutils

from nova.api.openstack.compute.schemas import floating_ips as schema
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova.network import errors
from nova.network.resources import floating_ips as floating_res
from nova import policy

RULE = 'os_compute_api:os-floating-ips:%s'


def views(context, rows):
    bound = network_api.get_api().describe_floating_ips(context, rows)
    result = []
    for row in rows:
        address, instance_uuid = bound.get(row.address, (None, None))
        result.append({'id': row.id, 'ip': row.address, 'pool': row.pool,
                       'fixed_ip': address, 'instance_id': instance_uuid})
    return result


def _floating_id(floating_ip_id):
    if network_api.get_api().floating_ip_ids_are_uuids:
        if not uuidutils.is_uuid_like(floating_ip_id):
            raise errors.FloatingIpNotFound(id=floating_ip_id)
        return floating_ip_id
    try:
        return int(floating_ip_id)
    except ValueError:
        raise errors.FloatingIpNotFound(id=floating_ip_id)


@wsgi.api(errors=(403,), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    context = req.context
    policy.authorize(context, RULE % 'list')
    rows = network_api.get_api().get_floating_ips(
        context, project_id=context.project_id)
    return {'floating_ips': views(context, rows)}


@wsgi.api(errors=(403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, floating_ip_id):
    context = req.context
    policy.authorize(context, RULE % 'show')
    row = network_api.get_api().get_floating_ip_for_caller(
        context, floating_id=_floating_id(floating_ip_id))
    return {'floating_ip': views(context, [row])[0]}


def _pool_name(context, pool):
    """A pool named by its name or, as upstream lets clients of a cloud
    with a network service, by the id of its external network."""
    if pool and uuidutils.is_uuid_like(pool):
        by_network = {network: name for name, network in
                      floating_res.pool_networks(context).items()}
        return by_network.get(pool, pool)
    return pool


@wsgi.api(errors=(400, 403, 404), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    """{"pool": name or null}: null takes the default pool."""
    context = req.context
    policy.authorize(context, RULE % 'create')
    pool = _pool_name(context, (body or {}).get('pool'))
    try:
        row = network_api.get_api().allocate_floating_ip(context, pool)
    except errors.FloatingIpLimitExceeded:
        raise wsgi.Fault(403, 'Quota exceeded, too many floating IPs: '
                              'release one or ask for a higher quota.')
    return {'floating_ip': views(context, [row])[0]}


@wsgi.api(success=202, errors=(400, 403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, floating_ip_id):
    context = req.context
    policy.authorize(context, RULE % 'delete')
    api = network_api.get_api()
    row = api.get_floating_ip_for_caller(
        context, floating_id=_floating_id(floating_ip_id))
    api.release_floating_ip(context, row.address)


ROUTES = [
    ('/os-floating-ips', {'GET': index, 'POST': create}),
    ('/os-floating-ips/{floating_ip_id}', {'GET': show, 'DELETE': delete}),
]
