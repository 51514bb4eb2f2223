"""/v3/{project_id}/types: the volume types of the volume service, and
the default type that stands for volumes created without one."""

from nova.api.volume import faults
from nova.api.volume import views
from nova.api.volume import volumes


def _types(req):
    found = volumes.api().get_all_volume_types(req.context)
    if not any(t['name'] == views.DEFAULT_TYPE_NAME for t in found):
        found = [views.default_type()] + list(found)
    return found


def index(req, project_id):
    volumes._authorize(req, 'volume_extension:type_get_all')
    return {'volume_types': [views.volume_type(req, t)
                             for t in _types(req)]}


def show(req, project_id, type_id):
    volumes._authorize(req, 'volume_extension:type_get')
    for found in _types(req):
        if type_id in (found['id'], found['name']) or (
                type_id == 'default' and
                found['name'] == views.DEFAULT_TYPE_NAME):
            return {'volume_type': views.volume_type(req, found)}
    raise faults.not_found('Volume type %s could not be found.' % type_id)
