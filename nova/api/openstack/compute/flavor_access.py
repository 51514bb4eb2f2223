"""Which projects may use a private flavor (os-flavor-access)."""

from nova.api.openstack.compute import flavors
from nova.api.openstack.compute.schemas import flavor_access as schema
from nova.api.openstack import wsgi
from nova import policy

_POLICY = 'os_compute_api:os-flavor-access'


def _access_list(flavor):
    return {'flavor_access': [
        {'flavor_id': flavor.flavorid, 'tenant_id': project_id}
        for project_id in flavor.get_projects()]}


@wsgi.api(errors=(403, 404), query=schema.index_query)
def index(req, flavor_id):
    policy.authorize(req.context, _POLICY)
    flavor = flavors.get_flavor(req.context, flavor_id)
    if flavor.is_public:
        raise wsgi.Fault(404, 'Access list not available for public '
                              'flavors.')
    return _access_list(flavor)


def _add_tenant_access(req, flavor_id, tenant):
    policy.authorize(req.context, _POLICY + ':add_tenant_access')
    flavor = flavors.get_flavor(req.context, flavor_id)
    # Every project may use a public flavor already; from 2.7 on, saying
    # so is refused instead of stored to no effect.
    if flavor.is_public and req.is_version('2.7'):
        raise wsgi.Fault(409, 'Can not add access to a public flavor.')
    flavor.add_access(tenant)  # FlavorAccessExists: 409
    return _access_list(flavor)


def _remove_tenant_access(req, flavor_id, tenant):
    policy.authorize(req.context, _POLICY + ':remove_tenant_access')
    flavor = flavors.get_flavor(req.context, flavor_id)
    flavor.remove_access(tenant)  # FlavorAccessNotFound: 404
    return _access_list(flavor)


_ACTIONS = {
    'addTenantAccess': _add_tenant_access,
    'removeTenantAccess': _remove_tenant_access,
}


@wsgi.api(errors=(400, 403, 404, 409), body=schema.action)
def action(req, flavor_id, body):
    name, params = next(iter(body.items()))
    handler = _ACTIONS.get(name)
    if handler is None:
        raise wsgi.Fault(400, 'There is no such action: %s' % name)
    return handler(req, flavor_id, params['tenant'])


ROUTES = [
    ('/flavors/{flavor_id}/os-flavor-access', {'GET': index}),
    ('/flavors/{flavor_id}/action', {'POST': action}),
]
