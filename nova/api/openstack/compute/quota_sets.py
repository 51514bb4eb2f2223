"""The quota sets resource: a project's (or user's) limits, what it uses
of them, and the defaults; administrators set and reset them."""

from oslo_utils import strutils

from nova.api.openstack.compute import proxy_apis
from nova.api.openstack.compute.schemas import quota_sets as schema
from nova.api.openstack import wsgi
from nova import policy
from nova import quota


def _authorize(context, action, project_id):
    policy.authorize(context, 'os_compute_api:os-quota-sets:' + action,
                     {'project_id': project_id})


def _limits(context, project_id, user_id):
    if user_id:
        return quota.user_limits(context, project_id, user_id)
    return quota.project_limits(context, project_id)


def _resources(req):
    """The resources shown: the network ones only up to 2.35."""
    if req.is_version('2.36'):
        return [r for r in quota.RESOURCES
                if r not in proxy_apis.NETWORK_QUOTAS]
    return quota.RESOURCES


def _view(req, values, project_id=None):
    quota_set = {'id': project_id} if project_id is not None else {}
    quota_set.update((r, values[r]) for r in _resources(req))
    return {'quota_set': quota_set}


@wsgi.api(errors=(400, 403), query=schema.user_query)
def show(req, tenant_id):
    context = req.context
    _authorize(context, 'show', tenant_id)
    return _view(req, _limits(context, tenant_id, req.GET.get('user_id')),
                 tenant_id)


@wsgi.api(errors=(400, 403), query=schema.user_query)
def detail(req, tenant_id):
    context = req.context
    _authorize(context, 'detail', tenant_id)
    user_id = req.GET.get('user_id')
    limits = _limits(context, tenant_id, user_id)
    used = quota.usage(context, tenant_id, user_id=user_id or None)
    return _view(req, {r: {'limit': limits[r], 'in_use': used[r],
                           'reserved': 0} for r in quota.RESOURCES},
                 tenant_id)


@wsgi.api(errors=(403,), query=schema.defaults_query)
def defaults(req, tenant_id):
    context = req.context
    _authorize(context, 'defaults', tenant_id)
    return _view(req, quota.defaults(context), tenant_id)


def _bad_limit(resource, limit, condition):
    return wsgi.Fault(400, 'Quota limit %s for %s must be %s.'
                      % (limit, resource, condition))


def _check_settable(context, project_id, user_id, limits):
    """400 unless each new limit covers what is used now (as upstream's
    get_settable_quotas); a user's limit also stays within the room the
    project's limit leaves beside the other users' usage."""
    project_used = quota.usage(context, project_id)
    user_used = quota.usage(context, project_id, user_id=user_id) \
        if user_id else project_used
    project_limits = quota.project_limits(context, project_id)
    for resource, limit in limits.items():
        unlimited = limit == -1
        if not unlimited and limit < user_used[resource]:
            raise _bad_limit(resource, limit, 'greater than or equal to '
                             'already used and reserved %d'
                             % user_used[resource])
        if not user_id or project_limits[resource] == -1:
            continue
        maximum = project_limits[resource] - (
            project_used[resource] - user_used[resource])
        if unlimited or limit > maximum:
            raise _bad_limit(resource, limit,
                             'less than or equal to %d' % maximum)


@wsgi.api(errors=(400, 403), body=schema.update, query=schema.user_query,
          max_version='2.35')
def update(req, tenant_id, body):
    return _update(req, tenant_id, body)


@wsgi.api(errors=(400, 403), body=schema.update_v236,
          query=schema.user_query, min_version='2.36')
def update_v236(req, tenant_id, body):
    """The network quotas cannot be set any more."""
    return _update(req, tenant_id, body)


def _update(req, tenant_id, body):
    context = req.context
    _authorize(context, 'update', tenant_id)
    user_id = req.GET.get('user_id')
    values = dict(body['quota_set'])
    force = strutils.bool_from_string(values.pop('force', False))
    limits = {r: int(v) for r, v in values.items()}
    for resource, limit in limits.items():
        if limit < -1:
            raise _bad_limit(resource, limit, '-1 or greater')
    if not force:
        _check_settable(context, tenant_id, user_id, limits)
    quota.set_limits(context, tenant_id, limits, user_id=user_id)
    return _view(req, _limits(context, tenant_id, user_id))


@wsgi.api(success=202, errors=(400, 403), query=schema.user_query)
def delete(req, tenant_id):
    """The project's (or only the user's) limits back to the defaults."""
    context = req.context
    _authorize(context, 'delete', tenant_id)
    quota.reset_limits(context, tenant_id,
                       user_id=req.GET.get('user_id') or None)


ROUTES = [
    ('/os-quota-sets/{tenant_id}/defaults', {'GET': defaults}),
    ('/os-quota-sets/{tenant_id}/detail', {'GET': detail}),
    ('/os-quota-sets/{tenant_id}', {'GET': show,
                                    'PUT': [update, update_v236],
                                    'DELETE': delete}),
]
