"""The security groups resource (os-security-groups) and a server's
groups (/servers/{server_id}/os-security-groups)."""

from oslo_utils import uuidutils

from nova.api.openstack.compute.schemas import security_groups as schema
from nova.api.openstack.compute import servers
from nova.api.openstack.compute.views import security_groups as views
from nova.api.openstack import common
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova.network import errors
from nova import policy

RULE = 'os_compute_api:os-security-groups:%s'


def group_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise wsgi.Fault(400, 'Security group id should be an integer or '
                              'a UUID')


def get_for_caller(context, security_group_id):
    """A group of the caller's project (any project for admins), or 404.

    The id is this API's integer or the Neutron API's UUID of the group:
    clients of a cloud with a network service name groups by UUID."""
    api = network_api.get_api()
    if uuidutils.is_uuid_like(security_group_id):
        group = api.get_security_group_by_uuid(context, security_group_id)
    else:
        group = api.get_security_group(context, group_id(security_group_id))
    if not context.is_admin and group.project_id != context.project_id:
        raise errors.SecurityGroupNotFound(
            security_group_id=security_group_id)
    return group


@wsgi.api(errors=(400, 403), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    context = req.context
    policy.authorize(context, RULE % 'get')
    api = network_api.get_api()
    api.ensure_default_security_group(context, context.project_id,
                                      context.user_id)
    all_projects = common.bool_param(req, 'all_tenants') and \
        context.is_admin
    groups = api.list_security_groups(
        context, project_id=None if all_projects else context.project_id)
    return {'security_groups': views.group_views(context, groups)}


@wsgi.api(errors=(400, 403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, security_group_id):
    policy.authorize(req.context, RULE % 'show')
    group = get_for_caller(req.context, security_group_id)
    return {'security_group': views.group_views(req.context, [group])[0]}


@wsgi.api(errors=(400, 403), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    context = req.context
    policy.authorize(context, RULE % 'create')
    params = body['security_group']
    try:
        group = network_api.get_api().create_security_group(
            context, params['name'], params['description'])
    except errors.SecurityGroupLimitExceeded:
        raise wsgi.Fault(403, 'Quota exceeded, too many security groups.')
    return {'security_group': views.group_views(context, [group])[0]}


@wsgi.api(errors=(400, 403, 404), body=schema.update,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def update(req, security_group_id, body):
    context = req.context
    policy.authorize(context, RULE % 'update')
    group = get_for_caller(context, security_group_id)
    api = network_api.get_api()
    if group.name == api.DEFAULT_SECURITY_GROUP:
        raise wsgi.Fault(400, "Unable to update system group 'default'")
    params = body['security_group']
    group = api.update_security_group(context, group.id, params['name'],
                                      params['description'])
    return {'security_group': views.group_views(context, [group])[0]}


@wsgi.api(success=202, errors=(400, 403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, security_group_id):
    context = req.context
    policy.authorize(context, RULE % 'delete')
    group = get_for_caller(context, security_group_id)
    api = network_api.get_api()
    if group.name == api.DEFAULT_SECURITY_GROUP:
        raise wsgi.Fault(400, "Unable to delete system group 'default'")
    api.destroy_security_group(context, group.id)


@wsgi.api(errors=(403, 404), query=schema.index_query)
def server_index(req, server_id):
    instance = servers.authorized_server(req, server_id, RULE % 'list',
                                         expected_attrs=())
    groups = network_api.get_api().security_groups_of_instances(
        req.context, [instance.uuid])[instance.uuid]
    return {'security_groups': views.group_views(req.context, groups)}


ROUTES = [
    ('/os-security-groups', {'GET': index, 'POST': create}),
    ('/os-security-groups/{security_group_id}', {
        'GET': show, 'PUT': update, 'DELETE': delete}),
    ('/servers/{server_id}/os-security-groups', {'GET': server_index}),
]
