"""The project networks resource (os-tenant-networks): the networks a
project's servers can use, and networks a project makes for itself."""

from nova.api.openstack.compute.schemas import tenant_networks as schema
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
import nova.conf
from nova.network import api as network_api
from nova.network import errors
from nova import policy

CONF = nova.conf.CONF

RULE = 'os_compute_api:os-tenant-networks:%s'


def _view(network):
    return {'id': network.uuid, 'label': network.label,
            'cidr': network.cidr}


def _usable(context):
    """The project's own networks and those of no project."""
    return [n for n in network_api.get_api().get_networks(context)
            if n.project_id in (None, context.project_id)]


def _own(context, network_id):
    network = network_api.get_api().get_network(context, network_id)
    if network.project_id not in (None, context.project_id):
        raise errors.NetworkNotFoundForProject(network_id=network_id)
    return network


@wsgi.api(errors=(403,), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    policy.authorize(req.context, RULE % 'list')
    return {'networks': [_view(n) for n in _usable(req.context)]}


@wsgi.api(errors=(403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, network_id):
    policy.authorize(req.context, RULE % 'show')
    return {'network': _view(_own(req.context, network_id))}


@wsgi.api(errors=(400, 403, 409), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    context = req.context
    policy.authorize(context, RULE % 'create')
    params = body['network']
    api = network_api.get_api()
    limit = CONF.network.tenant_networks_limit
    own = api.get_networks(context, project_id=context.project_id)
    if not context.is_admin and 0 <= limit < len(own) + params.get(
            'num_networks', 1):
        raise wsgi.Fault(403, 'Quota exceeded, too many networks: your '
                              'project may have %d; delete one first.'
                         % limit)
    network = api.create_networks(
        context, label=params['label'], cidr=params['cidr'],
        num_networks=params.get('num_networks', 1),
        network_size=params.get('network_size'),
        vlan_start=params.get('vlan_start'),
        project_id=context.project_id)[0]
    return {'network': _view(network)}


@wsgi.api(success=202, errors=(403, 404, 409),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, network_id):
    context = req.context
    policy.authorize(context, RULE % 'delete')
    network = _own(context, network_id)
    if network.project_id != context.project_id and not context.is_admin:
        raise wsgi.Fault(403, 'Network %s is shared; only an administrator '
                              'may delete it.' % network_id)
    network_api.get_api().delete_network(context, network_id)


ROUTES = [
    ('/os-tenant-networks', {'GET': index, 'POST': create}),
    ('/os-tenant-networks/{network_id}', {'GET': show, 'DELETE': delete}),
]
