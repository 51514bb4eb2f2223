"""The networks resource (os-networks): list, show, create, delete, add,
and the associate/disassociate actions."""

from nova.api.openstack.compute.schemas import networks as schema
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova.network import errors
from nova import policy

# What every project sees of a network; administrators see everything.
_BASIC = ('id', 'cidr', 'netmask', 'gateway', 'broadcast', 'dns1', 'dns2',
          'cidr_v6', 'gateway_v6', 'label', 'netmask_v6')
_ADMIN = ('bridge', 'bridge_interface', 'created_at', 'deleted',
          'deleted_at', 'dhcp_server', 'dhcp_start', 'enable_dhcp', 'host',
          'injected', 'mtu', 'multi_host', 'priority', 'project_id',
          'rxtx_base', 'share_address', 'updated_at', 'vlan',
          'vpn_private_address', 'vpn_public_address', 'vpn_public_port')


def view(network, admin):
    result = {}
    for key in _BASIC + (_ADMIN if admin else ()):
        value = network.uuid if key == 'id' else getattr(network, key)
        if key == 'deleted':
            value = bool(value)
        elif hasattr(value, 'isoformat'):
            value = value.isoformat()
        result[key] = value
    return result


def _visible(context, network):
    return context.is_admin or network.project_id in (None,
                                                      context.project_id)


@wsgi.api(errors=(403,), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-networks:view')
    networks = [n for n in network_api.get_api().get_networks(context)
                if _visible(context, n)]
    return {'networks': [view(n, context.is_admin) for n in networks]}


def _get(req, network_id):
    network = network_api.get_api().get_network(req.context, network_id)
    if not _visible(req.context, network):
        raise errors.NetworkNotFound(network_id=network_id)
    return network


@wsgi.api(errors=(403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, network_id):
    policy.authorize(req.context, 'os_compute_api:os-networks:view')
    return {'network': view(_get(req, network_id), req.context.is_admin)}


@wsgi.api(errors=(400, 403, 409), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-networks')
    params = dict(body['network'])
    if 'vlan' in params and 'vlan_start' not in params:
        params['vlan_start'] = params.pop('vlan')
    params.pop('vlan', None)
    cidr = params.pop('cidr', None)
    if cidr is None:
        raise wsgi.Fault(400, 'A network needs an IPv4 cidr.')
    fixed_cidr = params.pop('fixed_cidr', None)
    if fixed_cidr:
        params.setdefault('allowed_start', fixed_cidr.split('/')[0])
    network = network_api.get_api().create_networks(
        context, cidr=cidr, **params)[0]
    return {'network': view(network, True)}


@wsgi.api(success=202, errors=(403, 404, 409),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, network_id):
    policy.authorize(req.context, 'os_compute_api:os-networks')
    network_api.get_api().delete_network(req.context, network_id)


@wsgi.api(success=202, errors=(400, 403, 404, 409), body=schema.add,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def add(req, body):
    """Associate a network of no project (body id, or any) with the
    caller's project."""
    context = req.context
    policy.authorize(context, 'os_compute_api:os-networks')
    network_api.get_api().associate_free_network(
        context, context.project_id, body['id'] or None)


@wsgi.api(success=202, errors=(400, 403, 404), body=schema.action,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def action(req, network_id, body):
    context = req.context
    (name, argument), = body.items()
    rule = ('os_compute_api:os-networks' if name == 'disassociate'
            else 'os_compute_api:os-networks-associate')
    policy.authorize(context, rule)
    values = {'disassociate': {'project_id': None, 'host': None},
              'disassociate_host': {'host': None},
              'disassociate_project': {'project_id': None},
              'associate_host': {'host': argument}}[name]
    network_api.get_api().update_network_association(context, network_id,
                                                     values)


ROUTES = [
    ('/os-networks/add', {'POST': add}),
    ('/os-networks', {'GET': index, 'POST': create}),
    ('/os-networks/{network_id}/action', {'POST': action}),
    ('/os-networks/{network_id}', {'GET': show, 'DELETE': delete}),
]
