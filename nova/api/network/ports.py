"""The ports resource: list, show, create, update, delete.

A port made here is on no server until Nova takes it (POST /servers with
networks [{"port": id}] or os-interface with port_id); the interfaces
Nova makes for servers are ports too.
"""

from nova.api.network import body
from nova.api.network import policy
from nova.api.network import query
from nova.api.network.schemas import ports as schema
from nova.api.network import views
from nova.network.resources import ports as ports_res

ATTRIBUTES = ('id', 'name', 'description', 'network_id', 'mac_address',
              'fixed_ips', 'device_id', 'device_owner', 'status',
              'admin_state_up', 'security_groups', 'port_security_enabled',
              'allowed_address_pairs', 'extra_dhcp_opts', 'project_id',
              'tenant_id', 'binding:host_id', 'binding:vif_type',
              'binding:vif_details', 'binding:vnic_type',
              'binding:profile', 'created_at', 'updated_at',
              'revision_number', 'tags', 'dns_name', 'dns_assignment')


def view(context, port):
    result = {k: port[k] for k in (
        'id', 'name', 'network_id', 'mac_address', 'fixed_ips',
        'device_id', 'device_owner', 'status', 'admin_state_up',
        'security_groups', 'port_security_enabled',
        'allowed_address_pairs')}
    bound = bool(port['host'])
    result.update({
        'extra_dhcp_opts': [], 'dns_name': '', 'dns_assignment': [],
        'binding:host_id': port['host'],
        'binding:vif_type': 'bridge' if bound else 'unbound',
        'binding:vif_details': {'port_filter': True} if bound else {},
        'binding:vnic_type': 'normal', 'binding:profile': {}})
    result.update(views.common(port['project_id'], port['description'],
                               port['created_at'], port['updated_at']))
    return policy.strip(context, 'port', result)


def _fixed_ips_filter(item, wanted):
    """fixed_ips=ip_address=A or fixed_ips=subnet_id=S (repeatable)."""
    for condition in wanted:
        key, _sep, value = condition.partition('=')
        if not any(ip.get(key) == value for ip in item['fixed_ips']):
            return False
    return True


def index(req):
    # device_id narrows the rows read (Nova asks for a server's ports).
    device_ids = req.GET.getall('device_id')
    ports = ports_res.get_all(req.context, device_id=device_ids[0]) \
        if len(device_ids) == 1 else ports_res.get_all(req.context)
    items = [view(req.context, p) for p in ports]
    return query.collection(req, 'ports', items, ATTRIBUTES,
                            {'fixed_ips': _fixed_ips_filter})


def show(req, port_id):
    port = ports_res.get(req.context, port_id)
    return {'port': query.select(view(req.context, port),
                                 query.fields_of(req))}


def create(req):
    context = req.context
    values = body.parse_create(req, 'port', schema.SCHEMA)
    policy.check_set(context, 'port', values,
                     {n: a.default for n, a in schema.SCHEMA.items()})
    project_id = values['project_id'] or values['tenant_id']
    policy.check_project(context, 'port', project_id)
    values['project_id'] = project_id
    port = ports_res.create(context, values)
    return 201, {'port': view(context, port)}


def update(req, port_id):
    context = req.context
    values = body.parse_update(req, 'port', schema.SCHEMA)
    policy.check_set(context, 'port', values)
    port = ports_res.get(context, port_id)
    if 'fixed_ips' in values and values['fixed_ips'] is None:
        values['fixed_ips'] = []
    if values.get('port_security_enabled', True) is None:
        del values['port_security_enabled']
    port = ports_res.update(context, port, values)
    return {'port': view(context, port)}


def delete(req, port_id):
    context = req.context
    ports_res.delete(context, ports_res.get(context, port_id))
