"""A server's metadata: /servers/{server_id}/metadata[/{key}].

POST merges items into the metadata, PUT replaces all of it; one item is
read, set or deleted at /metadata/{key}. Changes need the server in a
state that allows them (nova.compute.states 'update_metadata') and not
locked against the caller.
"""

from nova.api.openstack.compute.schemas import server_metadata as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi

_RULE = 'os_compute_api:server-metadata:%s'


def _instance(req, server_id, action):
    return servers.authorized_server(req, server_id, _RULE % action,
                                     expected_attrs=('metadata',))


def _item_not_found():
    return wsgi.Fault(404, 'Metadata item was not found')


@wsgi.api(errors=(403, 404), query=schema.query)
def index(req, server_id):
    return {'metadata': dict(_instance(req, server_id, 'index').metadata)}


@wsgi.api(errors=(400, 403, 404, 409), body=schema.create)
def create(req, server_id, body):
    instance = _instance(req, server_id, 'create')
    return {'metadata': servers._compute().update_metadata(
        req.context, instance, body['metadata'])}


@wsgi.api(errors=(400, 403, 404, 409), body=schema.update_all)
def update_all(req, server_id, body):
    instance = _instance(req, server_id, 'update_all')
    return {'metadata': servers._compute().update_metadata(
        req.context, instance, body['metadata'], replace=True)}


@wsgi.api(errors=(404,), query=schema.query)
def show(req, server_id, key):
    metadata = _instance(req, server_id, 'show').metadata
    if key not in metadata:
        raise _item_not_found()
    return {'meta': {key: metadata[key]}}


@wsgi.api(errors=(400, 403, 404, 409), body=schema.update)
def update(req, server_id, key, body):
    meta = body['meta']
    if key not in meta:
        raise wsgi.Fault(400, 'Request body and URI mismatch')
    instance = _instance(req, server_id, 'update')
    servers._compute().update_metadata(req.context, instance, meta)
    return {'meta': meta}


@wsgi.api(success=204, errors=(403, 404, 409))
def delete(req, server_id, key):
    instance = _instance(req, server_id, 'delete')
    if key not in instance.metadata:
        raise _item_not_found()
    servers._compute().delete_metadata_item(req.context, instance, key)


ROUTES = [
    ('/servers/{server_id}/metadata',
     {'GET': index, 'POST': create, 'PUT': update_all}),
    ('/servers/{server_id}/metadata/{key}',
     {'GET': show, 'PUT': update, 'DELETE': delete}),
]
