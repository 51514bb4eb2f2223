"""The volume snapshots resource (os-snapshots): a volume service proxy."""

from oslo_utils import strutils

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import volumes as schema
from nova.api.openstack.compute import volumes
from nova.api.openstack import wsgi


def view(snapshot):
    return {
        'id': snapshot['id'], 'volumeId': snapshot['volume_id'],
        'status': snapshot['status'], 'size': snapshot['size'],
        'createdAt': snapshot.get('created_at'),
        'displayName': snapshot.get('name'),
        'displayDescription': snapshot.get('description'),
    }


def _list(req, action):
    volumes._authorize(req, 'snapshots:' + action)
    snapshots = volumes._api().get_all_snapshots(
        req.context, all_projects=common.bool_param(req, 'all_tenants'))
    offset, limit = volumes._page(req)
    return {'snapshots': [view(s) for s in snapshots[offset:offset + limit]]}


@wsgi.api(errors=(403,), query=schema.list_query,
          max_version=volumes.MAX_VERSION)
def index(req):
    return _list(req, 'list')


@wsgi.api(errors=(403,), query=schema.list_query,
          max_version=volumes.MAX_VERSION)
def detail(req):
    return _list(req, 'detail')


@wsgi.api(errors=(403, 404), query=schema.list_query,
          max_version=volumes.MAX_VERSION)
def show(req, snapshot_id):
    volumes._authorize(req, 'snapshots:show')
    return {'snapshot': view(volumes._api().get_snapshot(req.context,
                                                         snapshot_id))}


@wsgi.api(errors=(400, 403, 404), body=schema.create_snapshot,
          max_version=volumes.MAX_VERSION)
def create(req, body):
    volumes._authorize(req, 'snapshots:create')
    params = body['snapshot']
    snapshot = volumes._api().create_snapshot(
        req.context, params['volume_id'],
        name=params.get('display_name'),
        description=params.get('display_description'),
        force=strutils.bool_from_string(params.get('force', False)))
    return {'snapshot': view(snapshot)}


@wsgi.api(success=202, errors=(400, 403, 404),
          max_version=volumes.MAX_VERSION)
def delete(req, snapshot_id):
    volumes._authorize(req, 'snapshots:delete')
    volumes._api().delete_snapshot(req.context, snapshot_id)


ROUTES = [
    ('/os-snapshots/detail', {'GET': detail}),
    ('/os-snapshots', {'GET': index, 'POST': create}),
    ('/os-snapshots/{snapshot_id}', {'GET': show, 'DELETE': delete}),
]
