"""The subnets resource: list, show, create, update, delete."""

from nova.api.network import body
from nova.api.network import faults
from nova.api.network import policy
from nova.api.network import query
from nova.api.network.schemas import subnets as schema
from nova.api.network import views
from nova.network.resources import networks as networks_res
from nova.network.resources import subnets as subnets_res
from nova import exception

ATTRIBUTES = ('id', 'name', 'description', 'network_id', 'ip_version',
              'cidr', 'gateway_ip', 'allocation_pools', 'dns_nameservers',
              'host_routes', 'enable_dhcp', 'ipv6_ra_mode',
              'ipv6_address_mode', 'subnetpool_id', 'service_types',
              'project_id', 'tenant_id', 'created_at', 'updated_at',
              'revision_number', 'tags')


def view(network, subnet):
    result = dict(subnet)
    created = result.pop('created_at') or network.created_at
    updated = result.pop('updated_at') or network.updated_at
    result.update(views.common(network.project_id, subnet['description'],
                               created, updated))
    return result


def index(req):
    items = [view(n, s) for n, s in subnets_res.get_all(req.context)]
    return query.collection(req, 'subnets', items, ATTRIBUTES)


def show(req, subnet_id):
    network, subnet = subnets_res.find(req.context, subnet_id)
    return {'subnet': query.select(view(network, subnet),
                                   query.fields_of(req))}


def _owned_network(context, network, action):
    if not networks_res.owned(context, network):
        raise faults.policy_not_authorized(action)


def create(req):
    context = req.context
    given = body.parse_create(req, 'subnet', schema.SCHEMA)
    if given['gateway_ip'] is schema.DEFAULT_GATEWAY:
        # Absent: the first address; null: no gateway.
        del given['gateway_ip']
    try:
        network = networks_res.get(context, given['network_id'])
    except exception.NotFound:
        raise faults.not_found('NetworkNotFound',
                               'Network %s could not be found.'
                               % given['network_id'])
    _owned_network(context, network, 'create_subnet')
    project_id = given['project_id'] or given['tenant_id']
    if project_id and project_id != (network.project_id or
                                     context.project_id):
        policy.admin_only(context, 'create_subnet')
    network, subnet_id = subnets_res.create(context, network, given)
    for subnet in subnets_res.of_network(context, network):
        if subnet['id'] == subnet_id:
            return 201, {'subnet': view(network, subnet)}


def update(req, subnet_id):
    context = req.context
    values = body.parse_update(req, 'subnet', schema.SCHEMA)
    network, subnet = subnets_res.find(context, subnet_id)
    _owned_network(context, network, 'update_subnet')
    network = subnets_res.update(context, network, subnet, values)
    network, subnet = subnets_res.find(context, subnet_id)
    return {'subnet': view(network, subnet)}


def delete(req, subnet_id):
    context = req.context
    network, subnet = subnets_res.find(context, subnet_id)
    _owned_network(context, network, 'delete_subnet')
    subnets_res.delete(context, network, subnet)
