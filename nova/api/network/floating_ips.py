"""The floatingips resource: list, show, create, associate (PUT port_id),
disassociate (PUT port_id null), delete."""

import copy

from nova.api.network import body
from nova.api.network import faults
from nova.api.network import policy
from nova.api.network import query
from nova.api.network.schemas import floating_ips as schema
from nova.api.network import views
from nova.network.resources import floating_ips as floating_res

ATTRIBUTES = ('id', 'floating_ip_address', 'floating_network_id',
              'fixed_ip_address', 'port_id', 'router_id', 'status',
              'description', 'project_id', 'tenant_id', 'created_at',
              'updated_at', 'revision_number', 'tags', 'port_details',
              'port_forwardings', 'dns_domain', 'dns_name',
              'qos_policy_id')


def view(item):
    result = dict(item)
    result.update(views.common(result.pop('project_id'), '',
                               result.pop('created_at'),
                               result.pop('updated_at')))
    result.update({'port_details': None, 'port_forwardings': [],
                   'dns_domain': '', 'dns_name': '', 'qos_policy_id': None})
    return result


def _one(context, row):
    return view(floating_res.views(context, [row])[0])


def index(req):
    context = req.context
    items = [view(i) for i in floating_res.views(
        context, floating_res.get_all(context))]
    return query.collection(req, 'floatingips', items, ATTRIBUTES)


def show(req, floating_ip_id):
    row = floating_res.get(req.context, floating_ip_id)
    return {'floatingip': query.select(_one(req.context, row),
                                       query.fields_of(req))}


def create(req):
    context = req.context
    values = body.parse_create(req, 'floatingip', schema.SCHEMA)
    project_id = values['project_id'] or values['tenant_id']
    if project_id and project_id != context.project_id:
        policy.admin_only(context, 'create_floatingip:project_id')
    if values['fixed_ip_address'] and not values['port_id']:
        raise faults.bad_request('fixed_ip_address needs a port_id')
    owner = context
    if project_id and project_id != context.project_id:
        # An administrator allocating for another project (as Nova's
        # Neutron backend does): the address is that project's.
        owner = copy.copy(context)
        owner.project_id = project_id
    if values['floating_ip_address'] is not None:
        # Checked before the address is: a caller who may not choose one
        # learns nothing about which are free.
        policy.authorize(context, 'create_floatingip:floating_ip_address',
                         owner.project_id)
    row = floating_res.create(owner, values['floating_network_id'],
                              address=values['floating_ip_address'],
                              subnet_id=values['subnet_id'])
    if values['port_id']:
        try:
            floating_res.associate(context, row, values['port_id'],
                                   values['fixed_ip_address'])
        except Exception:
            # A failed create leaves no floating IP behind.
            floating_res.delete(context, row)
            raise
        row = floating_res.get(context, row.uuid)
    return 201, {'floatingip': _one(context, row)}


def update(req, floating_ip_id):
    context = req.context
    values = body.parse_update(req, 'floatingip', schema.SCHEMA)
    row = floating_res.get(context, floating_ip_id)
    if 'port_id' in values:
        if values['port_id'] is None:
            floating_res.disassociate(context, row)
        else:
            floating_res.associate(context, row, values['port_id'],
                                   values.get('fixed_ip_address'))
        row = floating_res.get(context, floating_ip_id)
    return {'floatingip': _one(context, row)}


def delete(req, floating_ip_id):
    context = req.context
    floating_res.delete(context, floating_res.get(context, floating_ip_id))
