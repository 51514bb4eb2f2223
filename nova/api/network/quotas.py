"""The quotas resource: list, show, update, reset, defaults, details."""

from nova.api.network import body
from nova.api.network import faults
from nova.api.network import policy
from nova.api.network.schemas import quotas as schema
from nova.network.resources import quotas as quotas_res


def _own_or_admin(context, project_id):
    if not context.is_admin and project_id != context.project_id:
        raise faults.policy_not_authorized('get_quota')


def index(req):
    policy.admin_only(req.context, 'get_quota')
    return {'quotas': [dict(limits, project_id=project_id,
                            tenant_id=project_id)
                       for project_id, limits in quotas_res.projects(
                           req.context)]}


def show(req, project_id):
    _own_or_admin(req.context, project_id)
    return {'quota': quotas_res.limits(req.context, project_id)}


def defaults(req, project_id):
    _own_or_admin(req.context, project_id)
    return {'quota': quotas_res.defaults(req.context)}


def details(req, project_id):
    _own_or_admin(req.context, project_id)
    return {'quota': quotas_res.details(req.context, project_id)}


def update(req, project_id):
    context = req.context
    policy.admin_only(context, 'update_quota')
    given = body.parse_update(req, 'quota', dict(
        schema.SCHEMA, **{name: body.Attr(body.integer(-1), create=False)
                          for name in quotas_res.UNLIMITED}))
    fixed = [n for n in quotas_res.UNLIMITED if n in given and
             given[n] != -1]
    if fixed:
        raise faults.bad_request(
            'The built-in networking does not limit %s: only '
            'floatingip, port, router, security_group and '
            'security_group_rule '
            'can be set' % ', '.join(fixed))
    values = {k: v for k, v in given.items() if k in schema.SCHEMA}
    return {'quota': quotas_res.update(context, project_id, values)}


def delete(req, project_id):
    policy.admin_only(req.context, 'delete_quota')
    quotas_res.reset(req.context, project_id)
