"""The ports resource: servers' interfaces (list and show).

Ports are made and removed by Nova with its servers (boot, os-interface);
creating, updating and deleting them here is not implemented yet.
"""

from nova.api.network import policy
from nova.api.network import query
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
        'id', 'network_id', 'mac_address', 'fixed_ips', 'device_id',
        'device_owner', 'status', 'security_groups')}
    result.update({
        'name': '', 'admin_state_up': True, 'port_security_enabled': True,
        'allowed_address_pairs': [], 'extra_dhcp_opts': [],
        'dns_name': '', 'dns_assignment': [],
        'binding:host_id': port['host'], 'binding:vif_type': 'bridge',
        'binding:vif_details': {'port_filter': True},
        'binding:vnic_type': 'normal', 'binding:profile': {}})
    result.update(views.common(port['project_id'], '', port['created_at'],
                               port['updated_at']))
    return policy.strip(context, 'port', result)


def _fixed_ips_filter(item, wanted):
    """fixed_ips=ip_address=A or fixed_ips=subnet_id=S (repeatable)."""
    for condition in wanted:
        key, _sep, value = condition.partition('=')
        if not any(ip.get(key) == value for ip in item['fixed_ips']):
            return False
    return True


def index(req):
    items = [view(req.context, p)
             for p in ports_res.get_all(req.context)]
    return query.collection(req, 'ports', items, ATTRIBUTES,
                            {'fixed_ips': _fixed_ips_filter})


def show(req, port_id):
    port = ports_res.get(req.context, port_id)
    return {'port': query.select(view(req.context, port),
                                 query.fields_of(req))}
