"""The server groups resource: sets of servers placed together or apart."""

from oslo_utils import uuidutils

import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute.schemas import server_groups as schema
from nova.api.openstack import wsgi
from nova import exception
from nova import objects
from nova.objects import instance_group as group_obj
from nova import policy
from nova import quota

CONF = nova.conf.CONF
_RULE = 'os_compute_api:os-server-groups:%s'


def _view(req, group):
    # The 2.1 shape: a list of policies (always one) and metadata, which
    # upstream never filled; 2.13 adds the owner; 2.64 has one policy and
    # its rules instead of the list and metadata.
    view = {'id': group.uuid, 'name': group.name,
            'members': list(group.members)}
    if req.is_version('2.64'):
        view['policy'] = group.policy
        # Rules are stored as strings; the one rule is a number.
        view['rules'] = {key: int(value) if value.isdigit() else value
                         for key, value in (group.rules or {}).items()}
    else:
        view['policies'] = [group.policy]
        view['metadata'] = {}
    if req.is_version('2.13'):
        view['user_id'] = group.user_id
        view['project_id'] = group.project_id
    return view


def _get(req, group_id, action):
    context = req.context
    group = objects.InstanceGroup.get_by_uuid(context, group_id)  # 404
    policy.authorize(context, _RULE % action,
                     {'project_id': group.project_id,
                      'user_id': group.user_id})
    return group


def _all_projects(req):
    """?all_projects (upstream's name) or ?all_tenants, admins only."""
    wanted = any(common.bool_param(req, name)
                 for name in ('all_projects', 'all_tenants'))
    if wanted:
        policy.authorize(req.context, _RULE % 'index:all_projects')
    return wanted


@wsgi.api(errors=(400, 403), query=schema.index_query)
def index(req):
    context = req.context
    policy.authorize(context, _RULE % 'index')
    project_id = None if _all_projects(req) else context.project_id
    groups = objects.InstanceGroupList.get_all(context,
                                               project_id=project_id)
    limit, _ = common.pagination(req)
    offset = int(req.GET.get('offset') or 0)
    return {'server_groups': [_view(req, g) for g in
                              groups[offset:offset + limit]]}


def _create(req, body, group_policy, rules=None):
    context = req.context
    policy.authorize(context, _RULE % 'create')
    params = body['server_group']
    try:
        quota.check_deltas(context, {'server_groups': 1})
    except exception.OverQuota:
        raise wsgi.Fault(403, 'Quota exceeded, too many server groups.')
    group = objects.InstanceGroup(
        context=context, uuid=uuidutils.generate_uuid(),
        name=params['name'], user_id=context.user_id,
        project_id=context.project_id, policy=group_policy,
        rules={key: str(int(value)) for key, value in (rules or {}).items()},
        members=[])
    group.create()
    return {'server_group': _view(req, group)}


@wsgi.api(errors=(400, 403), body=schema.create, max_version='2.14')
def create(req, body):
    return _create(req, body, body['server_group']['policies'][0])


@wsgi.api(errors=(400, 403), body=schema.create_v215, min_version='2.15',
          max_version='2.63')
def create_v215(req, body):
    """2.15: the soft-affinity and soft-anti-affinity policies too."""
    return _create(req, body, body['server_group']['policies'][0])


@wsgi.api(errors=(400, 403), body=schema.create_v264, min_version='2.64')
def create_v264(req, body):
    """2.64: policy (one, not a list) and rules."""
    params = body['server_group']
    rules = params.get('rules') or {}
    if rules and params['policy'] != group_obj.ANTI_AFFINITY:
        raise wsgi.Fault(400, 'Only the anti-affinity policy takes rules '
                              '(max_server_per_host).')
    if int(rules.get('max_server_per_host', 1)) < 1:
        raise wsgi.Fault(400, 'max_server_per_host must be at least 1.')
    return _create(req, body, params['policy'], rules)


@wsgi.api(errors=(403, 404), query=schema.show_query)
def show(req, server_group_id):
    group = _get(req, server_group_id, 'show')
    return {'server_group': _view(req, group)}


@wsgi.api(success=204, errors=(403, 404))
def delete(req, server_group_id):
    _get(req, server_group_id, 'delete').destroy()


ROUTES = [
    ('/os-server-groups', {'GET': index,
                           'POST': [create, create_v215, create_v264]}),
    ('/os-server-groups/{server_group_id}', {'GET': show,
                                             'DELETE': delete}),
]
