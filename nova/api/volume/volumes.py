"""/v3/{project_id}/volumes: list, create, show, update, delete.

Volumes are reached through nova.volume.api only; the rule of each call
is checked with the volume's project as target (a volume the caller may
not see is a 404 from the volume service before that).
"""

from nova.api.volume import body
from nova.api.volume import faults
from nova.api.volume import views
from nova import policy
from nova.volume import api as volume_api

_API = None


def api():
    global _API
    if _API is None:
        _API = volume_api.API()
    return _API


def _authorize(req, rule, project_id=None):
    target = {'project_id': project_id or req.context.project_id,
              'user_id': req.context.user_id}
    if not policy.check(req.context, rule, target):
        raise faults.CinderFault(
            403, 'Policy doesn\'t allow %s to be performed.' % rule)


def _listed(req):
    _authorize(req, 'volume:get_all')
    params = req.GET
    all_projects = body.boolean(params.get('all_tenants', 'false'),
                                'all_tenants')
    volumes = api().get_all(req.context, all_projects=all_projects)
    for key in ('name', 'status'):
        if key in params:
            volumes = [v for v in volumes if v[key] == params[key]]
    return body.paginate(volumes, params)


def index(req, project_id):
    return {'volumes': [views.summary(req, v) for v in _listed(req)]}


def detail(req, project_id):
    return {'volumes': [views.detail(req, v) for v in _listed(req)]}


def _get(req, volume_id, rule):
    volume = api().get(req.context, volume_id)
    _authorize(req, rule, volume['project_id'])
    return volume


def show(req, project_id, volume_id):
    return {'volume': views.detail(req, _get(req, volume_id,
                                             'volume:get'))}


def create(req, project_id):
    _authorize(req, 'volume:create')
    values = body.create_volume(body.read(req, 'volume'))
    volume_type = values.get('volume_type')
    if volume_type in (views.DEFAULT_TYPE_NAME, views.DEFAULT_TYPE_ID):
        values['volume_type'] = None
    volume = api().create(req.context, **values)
    return 202, {'volume': views.detail(req, volume)}


def update(req, project_id, volume_id):
    values = body.update_volume(body.read(req, 'volume'))
    _get(req, volume_id, 'volume:update')
    volume = api().update(req.context, volume_id, **values)
    return {'volume': views.detail(req, volume)}


def delete(req, project_id, volume_id):
    _get(req, volume_id, 'volume:delete')
    api().delete(req.context, volume_id)
    return 202, None
