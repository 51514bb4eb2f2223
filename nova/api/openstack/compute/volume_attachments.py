"""A server's volume attachments (os-volume_attachments): list, show,
attach, swap, detach."""

from nova.api.openstack.compute.schemas import volumes as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.compute import vm_states
from nova.compute import volumes_api
from nova import policy

_RULE = 'os_compute_api:os-volumes-attachments:%s'
_API = None


def _api():
    global _API
    if _API is None:
        _API = volumes_api.API()
    return _API


def view(req, bdm):
    attachment = {'id': bdm.volume_id, 'volumeId': bdm.volume_id,
                  'serverId': bdm.instance_uuid, 'device': bdm.device_name}
    if req.is_version('2.70'):
        # The device tag (2.49), null for none.
        attachment['tag'] = bdm.tag
    if req.is_version('2.79'):
        attachment['delete_on_termination'] = bool(
            bdm.delete_on_termination)
    return attachment


@wsgi.api(errors=(403, 404), query=schema.list_query)
def index(req, server_id):
    instance = servers.authorized_server(req, server_id, _RULE % 'index')
    return {'volumeAttachments': [
        view(req, b) for b in _api().mappings(req.context, instance)]}


@wsgi.api(errors=(403, 404), query=schema.list_query)
def show(req, server_id, volume_id):
    instance = servers.authorized_server(req, server_id, _RULE % 'show')
    bdm = _api().mapping(req.context, instance, volume_id)
    return {'volumeAttachment': view(req, bdm)}


@wsgi.api(errors=(400, 403, 404, 409), body=schema.attach,
          max_version='2.48')
def create(req, server_id, body):
    return _create(req, server_id, body)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.attach_v249,
          min_version='2.49', max_version='2.78')
def create_v249(req, server_id, body):
    """2.49: a device tag, shown in the metadata service's devices."""
    return _create(req, server_id, body)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.attach_v279,
          min_version='2.79')
def create_v279(req, server_id, body):
    """2.79: delete_on_termination, shown in the attachments."""
    return _create(req, server_id, body)


def _create(req, server_id, body):
    instance = servers.authorized_server(req, server_id, _RULE % 'create')
    params = body['volumeAttachment']
    if params.get('tag') and \
            instance.vm_state == vm_states.SHELVED_OFFLOADED:
        raise wsgi.Fault(400, 'Tagged volume attachment is not supported '
                              'for shelved-offloaded instances.')
    bdm = _api().attach(
        req.context, instance, params['volumeId'],
        device=params.get('device'), tag=params.get('tag'),
        delete_on_termination=params.get('delete_on_termination', False),
        shelved_ok=req.is_version('2.20'),
        multiattach_ok=req.is_version('2.60'))
    return {'volumeAttachment': view(req, bdm)}


@wsgi.api(success=202, errors=(400, 403, 404, 409), body=schema.update,
          max_version='2.84')
def update(req, server_id, volume_id, body):
    """Swap the volume for another (administrators)."""
    instance = servers.authorized_server(req, server_id, _RULE % 'swap')
    _api().swap(req.context, instance, volume_id,
                body['volumeAttachment']['volumeId'])


@wsgi.api(success=202, errors=(400, 403, 404, 409), body=schema.update_v285,
          min_version='2.85')
def update_v285(req, server_id, volume_id, body):
    """2.85: the same volumeId updates the attachment (its
    delete_on_termination); another one swaps as before."""
    params = body['volumeAttachment']
    instance = servers.authorized_server(req, server_id, _RULE % 'update')
    if params['volumeId'] != volume_id:
        policy.authorize(req.context, _RULE % 'swap',
                         {'project_id': instance.project_id})
        _api().swap(req.context, instance, volume_id, params['volumeId'])
    elif 'delete_on_termination' in params:
        _api().set_delete_on_termination(
            req.context, instance, volume_id,
            params['delete_on_termination'])
    else:
        _api().mapping(req.context, instance, volume_id)  # 404 if none


@wsgi.api(success=202, errors=(400, 403, 404, 409))
def delete(req, server_id, volume_id):
    instance = servers.authorized_server(req, server_id, _RULE % 'delete')
    _api().detach(req.context, instance, volume_id,
                  shelved_ok=req.is_version('2.20'))


ROUTES = [
    ('/servers/{server_id}/os-volume_attachments',
     {'GET': index, 'POST': [create, create_v249, create_v279]}),
    ('/servers/{server_id}/os-volume_attachments/{volume_id}',
     {'GET': show, 'PUT': [update, update_v285], 'DELETE': delete}),
]
