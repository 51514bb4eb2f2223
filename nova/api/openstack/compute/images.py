"""The images proxy resource: list, show and delete images (up to 2.35).

A view of the image service in the Compute API's shape. Upstream
deprecated it; from microversion 2.36 on these paths answer 404.
"""

from urllib import parse

from oslo_utils import strutils

import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute.schemas import images as schema
from nova.api.openstack import wsgi
from nova.image import api as image_api
from nova import policy

CONF = nova.conf.CONF
MAX_VERSION = '2.35'

_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING',
           'deleted': 'DELETED', 'pending_delete': 'DELETED',
           'killed': 'ERROR'}
_PROGRESS = {'queued': 25, 'saving': 50, 'active': 100}


def _image_service_url(req):
    """Where the image service answers, for the alternate links."""
    if CONF.glance.backend == 'glance' and CONF.glance.api_servers:
        url = CONF.glance.api_servers[0]
        return (url if '://' in url else 'http://' + url).rstrip('/')
    # The built-in image service listens on the Compute API's host.
    parts = parse.urlsplit(req.host_url)
    host = parts.hostname or 'localhost'
    if ':' in host:
        host = '[%s]' % host
    return '%s://%s:%s' % (parts.scheme, host, CONF.image_api_listen_port)


def _links(req, image_id):
    links = common.resource_links(req, 'images', image_id)
    links.append({'rel': 'alternate',
                  'type': 'application/vnd.openstack.image',
                  'href': '%s/images/%s' % (_image_service_url(req),
                                            image_id)})
    return links


def basic(req, image):
    return {'id': image['id'], 'name': image.get('name'),
            'links': _links(req, image['id'])}


def detail(req, image):
    properties = image.get('properties') or {}
    body = {
        'id': image['id'],
        'name': image.get('name'),
        'minRam': int(image.get('min_ram') or 0),
        'minDisk': int(image.get('min_disk') or 0),
        'metadata': properties,
        'created': common.isotime(image.get('created_at')),
        'updated': common.isotime(image.get('updated_at')),
        'status': _STATUS.get(image.get('status'), 'UNKNOWN'),
        'progress': _PROGRESS.get(image.get('status'), 0),
        'OS-EXT-IMG-SIZE:size': image.get('size'),
        'links': _links(req, image['id']),
    }
    server_id = properties.get('instance_uuid')
    if server_id:
        body['server'] = {'id': server_id,
                          'links': common.resource_links(req, 'servers',
                                                         server_id)}
    if properties.get('auto_disk_config') is not None:
        auto = strutils.bool_from_string(properties['auto_disk_config'])
        body['OS-DCF:diskConfig'] = 'AUTO' if auto else 'MANUAL'
    return body


def _int_param(req, name):
    value = req.GET.get(name)
    return None if value is None else int(value)  # the schema checked it


def _filters(req):
    params = req.GET
    filters = {key: value for key, value in params.items()
               if key.startswith('property-')}
    if params.get('name'):
        filters['name'] = params['name']
    if params.get('status'):
        # The image service's statuses are lowercase (ACTIVE -> active).
        filters['status'] = params['status'].lower()
    changes_since = common.time_param(req, 'changes-since')
    if changes_since is not None:
        filters['changes-since'] = changes_since
    if params.get('server'):
        filters['property-instance_uuid'] = params['server'].rstrip(
            '/').rsplit('/', 1)[-1]
    if params.get('type'):
        filters['property-image_type'] = params['type']
    for param, key in (('minRam', 'min_ram'), ('minDisk', 'min_disk')):
        if params.get(param) is not None:
            filters[key] = _int_param(req, param)
    return filters


def _list(req, action, view):
    policy.authorize(req.context, 'os_compute_api:images:%s' % action)
    limit, marker = common.pagination(req)
    images = image_api.API().get_all(req.context, filters=_filters(req),
                                     limit=limit, marker=marker)
    return common.collection_body(
        req, 'images', [view(req, image) for image in images], limit)


@wsgi.api(errors=(400, 403), query=schema.index_query,
          max_version=MAX_VERSION)
def index(req):
    return _list(req, 'index', basic)


@wsgi.api(errors=(400, 403), query=schema.index_query,
          max_version=MAX_VERSION)
def list_detail(req):
    return _list(req, 'detail', detail)


@wsgi.api(errors=(403, 404), query=schema.show_query,
          max_version=MAX_VERSION)
def show(req, image_id):
    policy.authorize(req.context, 'os_compute_api:images:show')
    return {'image': detail(req, image_api.API().get(req.context,
                                                     image_id))}


@wsgi.api(success=204, errors=(403, 404), max_version=MAX_VERSION)
def delete(req, image_id):
    context = req.context
    images = image_api.API()
    image = images.get(context, image_id)
    policy.authorize(context, 'os_compute_api:images:delete',
                     {'project_id': image.get('owner'),
                      'user_id': context.user_id})
    images.delete(context, image_id)


ROUTES = [
    ('/images', {'GET': index}),
    ('/images/detail', {'GET': list_detail}),
    ('/images/{image_id}', {'GET': show, 'DELETE': delete}),
]
