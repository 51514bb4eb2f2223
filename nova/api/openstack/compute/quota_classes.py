"""The quota class sets resource: limits of a quota class; the 'default'
class overrides the configured defaults of every project."""

from nova.api.openstack.compute import proxy_apis
from nova.api.openstack.compute.schemas import quota_classes as schema
from nova.api.openstack import wsgi
from nova import policy
from nova import quota

_MAX_NAME_LENGTH = 255


def _check_name(class_name):
    if len(class_name) > _MAX_NAME_LENGTH:
        raise wsgi.Fault(400, 'quota_class_name has more than %d '
                              'characters.' % _MAX_NAME_LENGTH)


def _resources(req):
    """The resources shown: from 2.50 the server group ones, and no
    network ones any more."""
    if req.is_version('2.50'):
        return [r for r in quota.RESOURCES
                if r not in proxy_apis.NETWORK_QUOTAS]
    return quota.CLASS_RESOURCES


def _view(req, class_name, with_id):
    limits = quota.class_limits(req.context, class_name)
    view = {'id': class_name} if with_id else {}
    view.update((r, limits[r]) for r in _resources(req))
    return {'quota_class_set': view}


@wsgi.api(errors=(400, 403), query=schema.show_query)
def show(req, class_name):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-quota-class-sets:show')
    _check_name(class_name)
    return _view(req, class_name, with_id=True)


@wsgi.api(errors=(400, 403), body=schema.update, max_version='2.49')
def update(req, class_name, body):
    return _update(req, class_name, body)


@wsgi.api(errors=(400, 403), body=schema.update_v250, min_version='2.50')
def update_v250(req, class_name, body):
    """2.50: server group limits in, network limits out."""
    return _update(req, class_name, body)


def _update(req, class_name, body):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-quota-class-sets:update')
    _check_name(class_name)
    limits = {r: int(v) for r, v in body['quota_class_set'].items()}
    for resource, limit in limits.items():
        if limit < -1:
            raise wsgi.Fault(400, 'Quota limit %s for %s must be -1 or '
                                  'greater.' % (limit, resource))
    quota.set_class_limits(context, class_name, limits)
    return _view(req, class_name, with_id=False)


ROUTES = [
    ('/os-quota-class-sets/{class_name}',
     {'GET': show, 'PUT': [update, update_v250]}),
]
