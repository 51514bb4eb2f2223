"""The volumes resource (os-volumes): a proxy of the volume service, and
os-volumes_boot, the old name of server create."""

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import volumes as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova import policy
from nova.volume import api as volume_api

# Upstream removed these proxies at microversion 2.36.
MAX_VERSION = '2.35'


def _api():
    return volume_api.API()


def _authorize(req, action):
    """os_compute_api:os-volumes:<action> (snapshots:<action> for the
    snapshots): readers of the project list and show, members change."""
    policy.authorize(req.context, 'os_compute_api:os-volumes:' + action)


def _attachments(volume):
    attachments = [{'id': a['id'] if 'id' in a else volume['id'],
                    'volumeId': volume['id'], 'serverId': a['server_id'],
                    'device': a.get('device')}
                   for a in volume.get('attachments') or []]
    # Upstream shows one empty attachment when there is none.
    return attachments or [{}]


def view(volume):
    return {
        'id': volume['id'], 'status': volume['status'],
        'size': volume['size'],
        'availabilityZone': volume.get('availability_zone'),
        'createdAt': volume.get('created_at'),
        'attachments': _attachments(volume),
        'displayName': volume.get('name'),
        'displayDescription': volume.get('description'),
        'volumeType': volume.get('volume_type'),
        'snapshotId': volume.get('snapshot_id'),
        'metadata': volume.get('metadata') or {},
    }


def _list(req, action):
    _authorize(req, action)
    volumes = _api().get_all(req.context,
                             all_projects=common.bool_param(req,
                                                            'all_tenants'))
    offset, limit = _page(req)
    return {'volumes': [view(v) for v in volumes[offset:offset + limit]]}


def _page(req):
    try:
        offset = int(req.GET.get('offset', 0))
        limit = int(req.GET.get('limit', 1000))
    except ValueError:
        raise wsgi.Fault(400, 'limit and offset must be integers')
    if offset < 0 or limit < 0:
        raise wsgi.Fault(400, 'limit and offset must not be negative')
    return offset, limit


@wsgi.api(errors=(403,), query=schema.list_query, max_version=MAX_VERSION)
def index(req):
    return _list(req, 'list')


@wsgi.api(errors=(403,), query=schema.list_query, max_version=MAX_VERSION)
def detail(req):
    return _list(req, 'detail')


@wsgi.api(errors=(403, 404), query=schema.list_query,
          max_version=MAX_VERSION)
def show(req, volume_id):
    _authorize(req, 'show')
    return {'volume': view(_api().get(req.context, volume_id))}


@wsgi.api(errors=(400, 403, 404, 503), body=schema.create,
          max_version=MAX_VERSION)
def create(req, body):
    _authorize(req, 'create')
    params = body['volume']
    volume = _api().create(
        req.context, int(params['size']),
        name=params.get('display_name'),
        description=params.get('display_description'),
        snapshot_id=params.get('snapshot_id'),
        volume_type=params.get('volume_type'),
        metadata=params.get('metadata'),
        availability_zone=params.get('availability_zone'))
    return wsgi.Response({'volume': view(volume)}, headers={
        'Location': '%s/os-volumes/%s' % (
            req.application_url.rstrip('/'), volume['id'])})


@wsgi.api(success=202, errors=(400, 403, 404), max_version=MAX_VERSION)
def delete(req, volume_id):
    _authorize(req, 'delete')
    _api().delete(req.context, volume_id)


ROUTES = [
    ('/os-volumes/detail', {'GET': detail}),
    ('/os-volumes', {'GET': index, 'POST': create}),
    ('/os-volumes/{volume_id}', {'GET': show, 'DELETE': delete}),
    # Create's old name, gone from 2.103 (404).
    ('/os-volumes_boot',
     {'POST': wsgi.served_until(servers.CREATE, '2.102')}),
]
