"""The flavors resource: list and show flavors; admins create and delete."""

from oslo_utils import strutils

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import flavors as schema
from nova.api.openstack import wsgi
from nova.compute import flavors as compute_flavors
from nova import exception
from nova import objects
from nova import policy


def get_flavor(context, flavor_id, recent=False):
    """The flavor if the caller may see it; FlavorNotFound (404) if not.

    A private flavor exists only for admins and the projects on its access
    list: anyone else is told it is not found (its access list is always
    read afresh). recent: the flavor as this process read it a moment ago
    (Flavor.get_recent_by_flavor_id), for server creates.
    """
    if recent:
        flavor = objects.Flavor.get_recent_by_flavor_id(context, flavor_id)
    else:
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
    if not flavor.is_public and not context.is_admin and \
            context.project_id not in flavor.get_projects():
        raise exception.FlavorNotFound(flavor_id=flavor_id)
    return flavor


def basic_view(req, flavor):
    view = {'id': flavor.flavorid, 'name': flavor.name,
            'links': common.resource_links(req, 'flavors', flavor.flavorid)}
    if req.is_version('2.55'):
        view['description'] = flavor.description
    return view


def detail_view(req, flavor):
    view = basic_view(req, flavor)
    view.update({
        'ram': flavor.memory_mb,
        'vcpus': flavor.vcpus,
        'disk': flavor.root_gb,
        # Up to 2.74 upstream shows no swap as an empty string, then 0.
        'swap': flavor.swap or (0 if req.is_version('2.75') else ''),
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
        'os-flavor-access:is_public': flavor.is_public,
    })
    if not req.is_version('2.102'):
        view['rxtx_factor'] = flavor.rxtx_factor
    if req.is_version('2.61') and _may_see_extra_specs(req):
        view['extra_specs'] = dict(flavor.extra_specs or {})
    return view


def _may_see_extra_specs(req):
    """2.61: extra specs show where the extra specs index policy lets
    the caller read them (asked once per request)."""
    allowed = req.environ.get('nova.flavor_specs_allowed')
    if allowed is None:
        allowed = req.environ['nova.flavor_specs_allowed'] = policy.check(
            req.context, 'os_compute_api:os-flavor-extra-specs:index')
    return allowed


def _is_public_filter(req):
    """True (public and shared with me), False (private) or None (all)."""
    value = req.GET.get('is_public')
    if value is None:
        return True
    if value.lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise wsgi.Fault(400, 'Invalid is_public filter [%s]' % value)


def _int_filter(req, name):
    value = req.GET.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise wsgi.Fault(400, 'Invalid %s filter [%s]' % (name, value))


def _list(req, view):
    context = req.context
    limit, marker = common.pagination(req)
    sort_key = req.GET.get('sort_key') or 'flavorid'
    sort_dir = req.GET.get('sort_dir') or 'asc'
    if sort_key not in objects.FlavorList.SORT_KEYS:
        raise exception.InvalidSortKey(key=sort_key)
    if sort_dir not in ('asc', 'desc'):
        raise wsgi.Fault(400, 'Invalid sort direction %s: use asc or desc'
                         % sort_dir)
    filters = dict(min_memory_mb=_int_filter(req, 'minRam'),
                   min_root_gb=_int_filter(req, 'minDisk'),
                   sort_key=sort_key, sort_dir=sort_dir, limit=limit,
                   marker=marker)
    try:
        if context.is_admin:
            # Only admins may ask for private or all flavors.
            flavors = objects.FlavorList.get_all(
                context, is_public=_is_public_filter(req), **filters)
        else:
            flavors = objects.FlavorList.get_all_enabled(
                context, is_public=True, **filters)
    except exception.InvalidMarker:
        raise wsgi.Fault(400, 'marker [%s] not found' % marker)
    items = [view(req, flavor) for flavor in flavors]
    return common.collection_body(req, 'flavors', items, limit)


@wsgi.api(errors=(400,), query=schema.index_query)
def index(req):
    return _list(req, basic_view)


@wsgi.api(errors=(400,), query=schema.index_query)
def detail(req):
    return _list(req, detail_view)


@wsgi.api(errors=(404,), query=schema.show_query)
def show(req, flavor_id):
    return {'flavor': detail_view(req, get_flavor(req.context, flavor_id))}


@wsgi.api(errors=(400, 403, 409), body=schema.create, max_version='2.54')
def create(req, body):
    return _create(req, body)


@wsgi.api(errors=(400, 403, 409), body=schema.create_v255,
          min_version='2.55', max_version='2.101')
def create_v255(req, body):
    return _create(req, body, description=body['flavor'].get('description'))


@wsgi.api(errors=(400, 403, 409), body=schema.create_v2102,
          min_version='2.102')
def create_v2102(req, body):
    """2.102: rxtx_factor is refused (400)."""
    return _create(req, body, description=body['flavor'].get('description'))


def _create(req, body, description=None):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-flavor-manage:create')
    values = body['flavor']
    flavor = compute_flavors.create(
        context, values['name'], values['ram'], values['vcpus'],
        values['disk'],
        ephemeral_gb=values.get('OS-FLV-EXT-DATA:ephemeral', 0),
        flavorid=values.get('id'), swap=values.get('swap', 0),
        rxtx_factor=values.get('rxtx_factor', 1.0),
        is_public=values.get('os-flavor-access:is_public', True),
        description=description)
    return {'flavor': detail_view(req, flavor)}


@wsgi.api(errors=(400, 403, 404), body=schema.update_v255,
          min_version='2.55')
def update(req, flavor_id, body):
    """Change a flavor's description, the one thing a flavor may change
    (servers keep a copy of their flavor, so sizes stay fixed)."""
    context = req.context
    policy.authorize(context, 'os_compute_api:os-flavor-manage:update')
    flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
    flavor.description = body['flavor']['description']
    flavor.save()
    return {'flavor': detail_view(req, flavor)}


@wsgi.api(success=202, errors=(403, 404))
def delete(req, flavor_id):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-flavor-manage:delete')
    objects.Flavor(context=context, flavorid=flavor_id).destroy()


ROUTES = [
    ('/flavors/detail', {'GET': detail}),
    ('/flavors', {'GET': index,
                  'POST': [create, create_v255, create_v2102]}),
    ('/flavors/{flavor_id}', {'GET': show, 'PUT': update,
                              'DELETE': delete}),
]
