"""A project's auto-allocated topology ("Get Me A Network"): show (made
on first use), a dry run that only checks one could be made, delete."""

from nova.api.network import faults
from nova.network import auto_allocate

DRY_RUN = 'dry-run'
# The projects' id columns.
_MAX_PROJECT_ID = 255


def _project(req, project_id):
    """The project meant: 'None' is the caller's (as Neutron reads a
    client that sent none); another project is the administrators'."""
    context = req.context
    if project_id == 'None':
        project_id = context.project_id
    if len(project_id) > _MAX_PROJECT_ID:
        raise faults.invalid_input('project_id is longer than %d '
                                   'characters' % _MAX_PROJECT_ID)
    if project_id != context.project_id and not context.is_admin:
        raise faults.NeutronFault(403, 'NotAuthorized', 'Not authorized.')
    return project_id


def _view(network_id, project_id):
    return {'auto_allocated_topology': {
        'id': network_id, 'tenant_id': project_id,
        'project_id': project_id}}


def show(req, project_id):
    project_id = _project(req, project_id)
    fields = [f for value in req.GET.getall('fields')
              for f in value.split(',') if f]
    if DRY_RUN in fields:
        auto_allocate.check_requirements(req.context)
        return _view('dry-run=pass', project_id)
    if fields:
        raise faults.bad_request('Unrecognized field')
    network = auto_allocate.get_or_create_topology(req.context, project_id)
    return _view(network.uuid, project_id)


def delete(req, project_id):
    auto_allocate.delete_topology(req.context, _project(req, project_id))
