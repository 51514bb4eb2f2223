"""The routers resource: list, show, create, update, delete, and
add_router_interface / remove_router_interface."""

from nova.api import input_check
from nova.api.network import availability_zones
from nova.api.network import body
from nova.api.network import faults
from nova.api.network import policy
from nova.api.network import query
from nova.api.network.schemas import routers as schema
from nova.api.network import views
from nova.network.resources import routers as routers_res

ATTRIBUTES = ('id', 'name', 'description', 'status', 'admin_state_up',
              'external_gateway_info', 'routes', 'availability_zones',
              'availability_zone_hints', 'flavor_id', 'project_id',
              'tenant_id', 'created_at', 'updated_at', 'revision_number',
              'tags')

# Gateway attributes upstream's default policy leaves to administrators.
_ADMIN_GATEWAY_KEYS = ('enable_snat', 'external_fixed_ips')


def view(row, gateway):
    """A router row as shown; gateway: its external_gateway_info."""
    result = {
        'id': row.uuid, 'name': row.name or '',
        'status': 'ACTIVE',
        'admin_state_up': bool(row.admin_state_up),
        'external_gateway_info': gateway,
        'routes': [],
        'availability_zones': [availability_zones.zone()],
        'availability_zone_hints': [],
        'flavor_id': None,
    }
    result.update(views.standard(row, row.project_id, row.description))
    return result


def index(req):
    rows = routers_res.get_all(req.context)
    gateways = routers_res.gateway_infos(req.context, rows)
    items = [view(r, gateways[r.uuid]) for r in rows]
    return query.collection(req, 'routers', items, ATTRIBUTES)


def show(req, router_id):
    row = routers_res.get(req.context, router_id)
    return {'router': query.select(_view(req.context, row),
                                   query.fields_of(req))}


def _view(context, row):
    return view(row, routers_res.gateway_info(context, row))


def _check_gateway_policy(context, action, info):
    if context.is_admin or not info:
        return
    for key in _ADMIN_GATEWAY_KEYS:
        if key in info:
            raise faults.policy_not_authorized(
                '%s_router:external_gateway_info:%s' % (action, key))


def create(req):
    context = req.context
    values = body.parse_create(req, 'router', schema.SCHEMA)
    project_id = values['project_id'] or values['tenant_id'] or \
        context.project_id
    policy.check_project(context, 'router', project_id)
    _check_gateway_policy(context, 'create',
                          values['external_gateway_info'])
    hints = values['availability_zone_hints']
    if any(h != availability_zones.zone() for h in hints):
        raise faults.NeutronFault(
            404, 'AvailabilityZoneNotFound',
            'AvailabilityZone %s could not be found.' % hints[0])
    values['project_id'] = project_id
    row = routers_res.create(context, values)
    return 201, {'router': _view(context, row)}


def update(req, router_id):
    context = req.context
    values = body.parse_update(req, 'router', schema.SCHEMA)
    row = routers_res.get(context, router_id)
    _check_gateway_policy(context, 'update',
                          values.get('external_gateway_info'))
    row = routers_res.update(context, row, values)
    return {'router': _view(context, row)}


def delete(req, router_id):
    context = req.context
    routers_res.delete(context, routers_res.get(context, router_id))


def _interface_request(req):
    """(subnet_id, port_id) of an add/remove_router_interface body."""
    try:
        given = input_check.load_json(req.body or b'{}')
    except input_check.BadInput as error:
        raise faults.bad_request(str(error))
    if not isinstance(given, dict):
        raise faults.bad_request('Body contains invalid data')
    values = {}
    for name, value in given.items():
        if name not in schema.INTERFACE:
            raise faults.bad_request(
                'Bad router request: Unrecognized attribute(s) \'%s\'.'
                % name)
        try:
            values[name] = schema.INTERFACE[name].convert(value)
        except (TypeError, ValueError) as error:
            raise faults.invalid_input("'%s' is not valid for %s: %s" % (
                value, name, error))
    return values.get('subnet_id'), values.get('port_id')


def add_router_interface(req, router_id):
    context = req.context
    row = routers_res.get(context, router_id)
    subnet_id, port_id = _interface_request(req)
    if subnet_id and port_id:
        raise faults.NeutronFault(400, 'BadRequest',
                                  'Bad router request: Cannot specify both '
                                  'subnet-id and port-id.')
    if not (subnet_id or port_id):
        raise faults.NeutronFault(400, 'BadRequest',
                                  'Bad router request: Either subnet_id or '
                                  'port_id must be specified.')
    return routers_res.add_interface(context, row, subnet_id, port_id)


def remove_router_interface(req, router_id):
    context = req.context
    row = routers_res.get(context, router_id)
    subnet_id, port_id = _interface_request(req)
    if not (subnet_id or port_id):
        raise faults.NeutronFault(400, 'BadRequest',
                                  'Bad router request: Either subnet_id or '
                                  'port_id must be specified.')
    return routers_res.remove_interface(context, row, subnet_id, port_id)
