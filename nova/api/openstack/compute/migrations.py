"""The migrations of the whole cloud: GET /os-migrations (administrators).

Every move is listed: resizes, cold and live migrations, evacuations.
From 2.23 each shows its migration_type, and in-progress live migrations
link to /servers/{server_id}/migrations/{id}.
"""

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import migrations as schema
from nova.api.openstack import wsgi
from nova.compute import migrations_api
from nova import exception
from nova import policy

# Upstream shows these times as the JSON encoding of a datetime does.
TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'
_FIELDS = ('id', 'instance_uuid', 'status', 'source_compute', 'source_node',
           'dest_compute', 'dest_node', 'dest_host', 'old_instance_type_id',
           'new_instance_type_id')
_FILTERS = ('host', 'status', 'instance_uuid', 'source_compute',
            'migration_type')


def time(value):
    return value.strftime(TIME_FORMAT) if value else None


def with_owner(req, view, migration):
    """2.80: who started the move (null for older records)."""
    if req.is_version('2.80'):
        view['user_id'] = migration.user_id
        view['project_id'] = migration.project_id
    return view


def _view(req, migration, with_type):
    view = {name: getattr(migration, name) for name in _FIELDS}
    if req.is_version('2.59'):
        view['uuid'] = migration.uuid
    view['created_at'] = time(migration.created_at)
    view['updated_at'] = time(migration.updated_at)
    with_owner(req, view, migration)
    if with_type:
        view['migration_type'] = migration.migration_type
        if migration.is_live_migration_in_progress():
            view['links'] = common.resource_links(
                req, 'servers/%s/migrations' % migration.instance_uuid,
                migration.id)
    return view


def _index(req, with_type):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-migrations:index', {})
    filters = {name: req.GET[name] for name in _FILTERS if name in req.GET}
    found = migrations_api.MigrationsAPI.get_all(context, **filters)
    return {'migrations': [_view(req, m, with_type) for m in found]}


@wsgi.api(errors=(403,), query=schema.index_query, max_version='2.22')
def index(req):
    return _index(req, with_type=False)


@wsgi.api(errors=(403,), query=schema.index_query, min_version='2.23',
          max_version='2.58')
def index_v223(req):
    return _index(req, with_type=True)


@wsgi.api(errors=(400, 403), query=schema.index_query_v259,
          min_version='2.59', max_version='2.65')
def index_v259(req):
    """Newest first, a page after ?marker (a migration uuid) at most
    ?limit long, only migrations changed since ?changes-since; a full
    page links to the next."""
    return _page(req, common.time_param(req, 'changes-since'), None)


@wsgi.api(errors=(400, 403), query=schema.index_query_v266,
          min_version='2.66', max_version='2.79')
def index_v266(req):
    """2.66: also only those changed at or before ?changes-before."""
    return _page(req, *common.time_window(req))


@wsgi.api(errors=(400, 403), query=schema.index_query_v280,
          min_version='2.80')
def index_v280(req):
    """2.80: filters user_id and project_id, shown in each migration."""
    return _page(req, *common.time_window(req))


def _page(req, changes_since, changes_before):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-migrations:index', {})
    names = _FILTERS + (('user_id', 'project_id')
                        if req.is_version('2.80') else ())
    filters = {name: req.GET[name] for name in names if name in req.GET}
    limit, marker = common.pagination(req)
    try:
        found = migrations_api.MigrationsAPI.get_page(
            context, limit, marker=marker, changes_since=changes_since,
            changes_before=changes_before, **filters)
    except exception.MarkerNotFound as error:
        raise wsgi.Fault(400, error.format_message())
    return common.collection_body(
        req, 'migrations', [_view(req, m, True) for m in found], limit,
        id_key='uuid')


ROUTES = [
    ('/os-migrations', {'GET': [index, index_v223, index_v259,
                                index_v266, index_v280]}),
]
