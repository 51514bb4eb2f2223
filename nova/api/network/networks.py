"""The networks resource: list, show, create, update, delete."""

from nova.api.network import availability_zones
from nova.api.network import body
from nova.api.network import faults
from nova.api.network import policy
from nova.api.network import query
from nova.api.network.schemas import networks as schema

from nova.api.network import views
from nova.network.resources import networks as networks_res
from nova.network.resources import subnets as subnets_res

ATTRIBUTES = ('id', 'name', 'description', 'status', 'admin_state_up',
              'shared', 'router:external', 'mtu', 'subnets', 'project_id',
              'tenant_id', 'availability_zones', 'availability_zone_hints',
              'port_security_enabled', 'created_at', 'updated_at',
              'revision_number', 'tags', 'provider:network_type',
              'provider:physical_network', 'provider:segmentation_id',
              'ipv4_address_scope', 'ipv6_address_scope', 'l2_adjacency')

_DEFAULT_MTU = 1500


def view(context, network, subnet_rows=None):
    result = {
        'id': network.uuid, 'name': network.label or '',
        'status': 'ACTIVE' if network.admin_state_up else 'DOWN',
        'admin_state_up': bool(network.admin_state_up),
        'shared': network.project_id is None and
        not network.router_external,
        'router:external': bool(network.router_external),
        'mtu': network.mtu or _DEFAULT_MTU,
        'subnets': subnets_res.ids_of(context, network, subnet_rows),
        'availability_zones': [availability_zones.zone()],
        'availability_zone_hints': [],
        'port_security_enabled': True,
        'ipv4_address_scope': None, 'ipv6_address_scope': None,
        'l2_adjacency': True,
        'provider:network_type': 'vlan' if network.vlan else 'flat',
        'provider:physical_network': network.bridge_interface or
        network.bridge,
        'provider:segmentation_id': network.vlan,
    }
    result.update(views.standard(network, network.project_id,
                                 network.description))
    return policy.strip(context, 'network', result)


def index(req):
    context = req.context
    networks = networks_res.get_all(context)
    # The subnets of every network in one read.
    rows = subnets_res.rows_of(context, networks)
    items = [view(context, n, rows.get(n.id, [])) for n in networks]
    return query.collection(req, 'networks', items, ATTRIBUTES)


def show(req, network_id):
    network = networks_res.get(req.context, network_id)
    return {'network': query.select(view(req.context, network),
                                    query.fields_of(req))}


def _project(context, values):
    project_id = values.pop('project_id') or values.pop('tenant_id') or \
        context.project_id
    values.pop('tenant_id', None)
    return project_id


def _columns(values):
    """networks columns of the API's attributes."""
    columns = {}
    names = {'name': 'label', 'description': 'description',
             'admin_state_up': 'admin_state_up', 'mtu': 'mtu',
             'router:external': 'router_external'}
    for name, column in names.items():
        if name in values:
            columns[column] = values[name]
    return columns


def create(req):
    context = req.context
    values = body.parse_create(req, 'network', schema.SCHEMA)
    policy.check_set(context, 'network', values,
                     {n: a.default for n, a in schema.SCHEMA.items()})
    project_id = _project(context, values)
    policy.check_project(context, 'network', project_id)
    hints = values['availability_zone_hints']
    if any(h != availability_zones.zone() for h in hints):
        raise faults.NeutronFault(
            404, 'AvailabilityZoneNotFound',
            'AvailabilityZone %s could not be found.' % hints[0])
    columns = _columns(values)
    columns['project_id'] = None if values['shared'] else project_id
    if values['provider:network_type'] == 'vlan':
        if values['provider:segmentation_id'] is None:
            raise faults.invalid_input('segmentation_id required for VLAN '
                                       'provider network')
        columns['vlan'] = values['provider:segmentation_id']
    elif values['provider:segmentation_id'] is not None:
        raise faults.invalid_input('segmentation_id requires the vlan '
                                   'network type')
    if values['provider:physical_network']:
        columns['bridge_interface'] = values['provider:physical_network']
    network = networks_res.create(context, columns)
    return 201, {'network': view(context, network)}


def _owned(context, network_id, action):
    network = networks_res.get(context, network_id)
    if not networks_res.owned(context, network):
        raise faults.policy_not_authorized(action)
    return network


def update(req, network_id):
    context = req.context
    values = body.parse_update(req, 'network', schema.SCHEMA)
    policy.check_set(context, 'network', values)
    network = _owned(context, network_id, 'update_network')
    columns = _columns(values)
    if 'shared' in values and values['shared'] != (
            network.project_id is None):
        columns['project_id'] = None if values['shared'] else \
            context.project_id
    network = networks_res.update(context, network_id, columns)
    return {'network': view(context, network)}


def delete(req, network_id):
    context = req.context
    _owned(context, network_id, 'delete_network')
    networks_res.delete(context, network_id)
