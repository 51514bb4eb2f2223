"""The security groups resource (os-security-groups) and a server's
groups (/servers/{server_id}/os-security-groups)."""

from oslo_utils import uuidutils

from nova.api.openstack.compute.schemas import security_groups as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import common
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.db import security_groups as groups_db
from nova import exception
from nova.network import errors
from nova.network import security_group_rules as rules
from nova import policy
from nova import quota

RULE = 'os_compute_api:os-security-groups'


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
    if uuidutils.is_uuid_like(security_group_id):
        group = groups_db.get_by_uuid(context, security_group_id)
    else:
        group = groups_db.get(context, group_id(security_group_id))
    if not context.is_admin and group.project_id != context.project_id:
        raise errors.SecurityGroupNotFound(
            security_group_id=security_group_id)
    return group


@wsgi.api(errors=(400, 403), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    context = req.context
    policy.authorize(context, RULE)
    groups_db.ensure_default(context, context.project_id, context.user_id)
    all_projects = common.bool_param(req, 'all_tenants') and \
        context.is_admin
    groups = groups_db.get_all(
        context, project_id=None if all_projects else context.project_id)
    return {'security_groups': rules.group_views(context, groups)}


@wsgi.api(errors=(400, 403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, security_group_id):
    policy.authorize(req.context, RULE)
    group = get_for_caller(req.context, security_group_id)
    return {'security_group': rules.group_views(req.context, [group])[0]}


@wsgi.api(errors=(400, 403), body=schema.create,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def create(req, body):
    context = req.context
    policy.authorize(context, RULE)
    params = body['security_group']
    try:
        quota.check_deltas(context, {'security_groups': 1})
    except exception.OverQuota:
        raise wsgi.Fault(403, 'Quota exceeded, too many security groups.')
    group = groups_db.create(context, {
        'name': params['name'], 'description': params['description'],
        'project_id': context.project_id, 'user_id': context.user_id})
    try:
        # Parallel creates all passed the first count: recount.
        quota.check_deltas(context, {'security_groups': 0})
    except exception.OverQuota:
        groups_db.destroy(context, group.id)
        raise wsgi.Fault(403, 'Quota exceeded, too many security groups.')
    return {'security_group': rules.group_views(context, [group])[0]}


@wsgi.api(errors=(400, 403, 404), body=schema.update,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def update(req, security_group_id, body):
    context = req.context
    policy.authorize(context, RULE)
    group = get_for_caller(context, security_group_id)
    if group.name == groups_db.DEFAULT:
        raise wsgi.Fault(400, "Unable to update system group 'default'")
    params = body['security_group']
    group = groups_db.update(context, group.id, {
        'name': params['name'], 'description': params['description']})
    return {'security_group': rules.group_views(context, [group])[0]}


@wsgi.api(success=202, errors=(400, 403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete(req, security_group_id):
    context = req.context
    policy.authorize(context, RULE)
    group = get_for_caller(context, security_group_id)
    if group.name == groups_db.DEFAULT:
        raise wsgi.Fault(400, "Unable to delete system group 'default'")
    groups_db.destroy(context, group.id)


@wsgi.api(errors=(403, 404), query=schema.index_query)
def server_index(req, server_id):
    instance = servers.authorized_server(req, server_id, RULE,
                                         expected_attrs=())
    groups = groups_db.groups_by_instances(req.context,
                                           [instance.uuid])[instance.uuid]
    return {'security_groups': rules.group_views(req.context, groups)}


ROUTES = [
    ('/os-security-groups', {'GET': index, 'POST': create}),
    ('/os-security-groups/{security_group_id}', {
        'GET': show, 'PUT': update, 'DELETE': delete}),
    ('/servers/{server_id}/os-security-groups', {'GET': server_index}),
]
