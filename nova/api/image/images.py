"""The /v2/images handlers: list, create, show, update and delete."""

import jsonschema
from oslo_serialization import jsonutils
from oslo_utils import strutils
from oslo_utils import timeutils
import webob
import webob.exc

from nova.api.image import patch
from nova.api import input_check
from nova.api import validation
from nova.api.image import schemas
from nova.api.image import views
from nova.image import attributes

DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
# Filters that take Glance's "in:a,b" operator.
_IN_FILTERS = ('id', 'name', 'status', 'disk_format', 'container_format')
_NOT_FILTERS = ('limit', 'marker', 'sort', 'sort_key', 'sort_dir')
_MEMBER_STATUSES = ('pending', 'accepted', 'rejected', 'all')
_CREATE_SCHEMA = validation.bounded(schemas.create_body())


def store(req):
    return req.environ['nova.image.store']


def context(req):
    return req.environ['nova.context']


def json_response(body, status=200):
    resp = webob.Response(status=status, content_type='application/json',
                          charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(body)
    return resp


def _bad(message):
    return webob.exc.HTTPBadRequest(explanation=message)


def _int(name, value, minimum=0):
    try:
        number = int(value)
    except ValueError:
        raise _bad('%s must be an integer' % name)
    if number < minimum:
        raise _bad('%s must be >= %d' % (name, minimum))
    return number


def _bool(name, value):
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise _bad('Invalid value for %s: %s, expected a boolean'
                   % (name, value))


def _time_filter(name, value):
    # Only "changed since" is served: updated_at=gte:<time> (or gt:).
    op, _sep, when = value.partition(':')
    if name != 'updated_at' or op not in ('gte', 'gt') or not when:
        raise _bad('Unsupported filter %s=%s: use updated_at=gte:<ISO 8601 '
                   'time>' % (name, value))
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(when))
    except ValueError:
        raise _bad('Invalid time in %s: %s' % (name, when))


def _filters(params):
    filters = {}
    properties = {}
    for key, value in params.items():
        if key in _NOT_FILTERS or key == 'tag':
            continue
        if key == 'visibility':
            if value not in attributes.VISIBILITIES + ('all',):
                raise _bad('Invalid visibility value: %s' % value)
            filters[key] = value
        elif key == 'member_status':
            if value not in _MEMBER_STATUSES:
                raise _bad('Invalid member_status value: %s' % value)
            filters[key] = value
        elif key in ('protected', 'os_hidden'):
            filters[key] = _bool(key, value)
        elif key in ('size_min', 'size_max', 'min_ram', 'min_disk'):
            filters[key] = _int(key, value)
        elif key in ('updated_at', 'created_at'):
            filters['changes_since'] = _time_filter(key, value)
        elif key in _IN_FILTERS and value.startswith('in:'):
            filters[key] = [v.strip() for v in value[3:].split(',')]
        elif key in _IN_FILTERS or key == 'owner':
            filters[key] = value
        else:
            # Like Glance, any other parameter filters on an extra property.
            properties[key] = value
    if params.getall('tag'):
        filters['tags'] = params.getall('tag')
    if properties:
        filters['properties'] = properties
    return filters


def _sort(params):
    """(keys, dirs) from sort_key/sort_dir or sort=key:dir,key."""
    if 'sort' in params:
        if 'sort_key' in params or 'sort_dir' in params:
            raise _bad('The sort parameter cannot be combined with sort_key '
                       'or sort_dir')
        keys, dirs = [], []
        for item in params['sort'].split(','):
            key, _sep, direction = item.strip().partition(':')
            keys.append(key)
            dirs.append(direction or 'desc')
    else:
        keys = params.getall('sort_key') or ['created_at']
        dirs = params.getall('sort_dir') or ['desc']
        if len(dirs) > 1 and len(dirs) != len(keys):
            raise _bad('Give one sort_dir, or one for each sort_key')
        dirs = dirs * len(keys) if len(dirs) == 1 else dirs
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise _bad('Invalid sort direction: %s' % direction)
    return keys, dirs


def index(req):
    """GET /v2/images"""
    params = req.GET
    limit = min(_int('limit', params['limit']) if 'limit' in params
                else DEFAULT_LIMIT, MAX_LIMIT)
    keys, dirs = _sort(params)
    images = store(req).get_all(context(req), filters=_filters(params),
                                limit=limit, marker=params.get('marker'),
                                sort_key=keys, sort_dir=dirs)
    return json_response(views.collection(images, params, limit))


def _create_meta(body):
    if not isinstance(body, dict):
        raise _bad('The request body must be a JSON object.')
    for name in body:
        if len(name) > schemas.MAX_NAME_LENGTH:
            raise _bad('Property names are at most %d characters long.'
                       % schemas.MAX_NAME_LENGTH)
        # A client may choose the id of a new image, nothing else read-only.
        if (name in attributes.READ_ONLY and name != 'id') or (
                name in attributes.API_ONLY and name != 'tags'):
            raise webob.exc.HTTPForbidden(
                explanation='Attribute \'%s\' is read-only.' % name)
        if name in attributes.RESERVED or \
                name.startswith(attributes.RESERVED_PREFIX):
            raise webob.exc.HTTPForbidden(
                explanation='Attribute \'%s\' is reserved.' % name)
    try:
        jsonschema.validate(body, _CREATE_SCHEMA)
    except jsonschema.ValidationError as error:
        raise _bad('Failed validating %s: %s' % (
            '/'.join(str(p) for p in error.path) or 'body', error.message))
    meta = {k: v for k, v in body.items()
            if k in attributes.WRITABLE + ('id', 'tags')}
    meta['properties'] = {k: v for k, v in body.items() if k not in meta}
    return meta


def create(req):
    """POST /v2/images: a queued image (201)."""
    try:
        body = input_check.load_json(req.body)
    except input_check.BadInput as error:
        raise _bad(str(error))
    image = store(req).create(context(req), _create_meta(body))
    resp = json_response(views.image(image), 201)
    resp.location = '/v2/images/%s' % image['id']
    return resp


def show(req, image_id):
    """GET /v2/images/{image_id}"""
    return json_response(views.image(store(req).get(context(req),
                                                    image_id)))


def update(req, image_id):
    """PATCH /v2/images/{image_id} with a JSON patch."""
    ops = patch.operations(req)
    image = store(req).get(context(req), image_id)
    changes = patch.apply(image, ops)
    image = store(req).update(context(req), image_id, changes,
                              purge_props=True)
    return json_response(views.image(image))


def delete(req, image_id):
    """DELETE /v2/images/{image_id} (204)."""
    store(req).delete(context(req), image_id)
    return webob.Response(status=204, content_type=None)
