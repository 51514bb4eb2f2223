"""A server's in-progress live migrations: list and show them (2.23),
force one to complete (2.22) or abort it (2.24)."""

from nova.api.openstack.compute import migrations
from nova.api.openstack.compute.schemas import migrations as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.compute import migrations_api
from nova import exception

_RULE = 'os_compute_api:servers:migrations:%s'
_FIELDS = ('id', 'status', 'source_compute', 'source_node', 'dest_compute',
           'dest_node', 'dest_host')
_PROGRESS = ('memory_total', 'memory_processed', 'memory_remaining',
             'disk_total', 'disk_processed', 'disk_remaining')

_api = migrations_api.MigrationsAPI()


def _view(req, migration):
    view = {name: getattr(migration, name) for name in _FIELDS}
    if req.is_version('2.59'):
        view['uuid'] = migration.uuid
    view.update({name + '_bytes': getattr(migration, name)
                 for name in _PROGRESS})
    view['server_uuid'] = migration.instance_uuid
    view['created_at'] = migrations.time(migration.created_at)
    view['updated_at'] = migrations.time(migration.updated_at)
    return migrations.with_owner(req, view, migration)


def _instance(req, server_id, rule):
    return servers.authorized_server(req, server_id, _RULE % rule,
                                     expected_attrs=())


def _migration_id(server_id, migration_id):
    try:
        return int(migration_id)
    except ValueError:
        raise exception.MigrationNotFound(
            migration_id='%s of instance %s' % (migration_id, server_id))


@wsgi.api(errors=(403, 404), query=schema.server_index_query,
          min_version='2.23')
def index(req, server_id):
    instance = _instance(req, server_id, 'index')
    return {'migrations': [_view(req, m) for m in _api.in_progress_live(
        req.context, instance)]}


@wsgi.api(errors=(403, 404), query=schema.server_show_query,
          min_version='2.23')
def show(req, server_id, migration_id):
    instance = _instance(req, server_id, 'show')
    migration = _api.get_for_instance(
        req.context, instance, _migration_id(server_id, migration_id))
    if not migration.is_live_migration_in_progress():
        raise wsgi.Fault(404, 'In-progress live migration %s is not found '
                              'for server %s.' % (migration_id, server_id))
    return {'migration': _view(req, migration)}


@wsgi.api(success=202, errors=(400, 403, 404, 409),
          body=schema.force_complete, min_version='2.22')
def force_complete(req, server_id, migration_id, body):
    instance = _instance(req, server_id, 'force_complete')
    _api.force_complete(req.context, instance,
                        _migration_id(server_id, migration_id))


@wsgi.api(success=202, errors=(400, 403, 404, 409), min_version='2.24')
def delete(req, server_id, migration_id):
    instance = _instance(req, server_id, 'delete')
    # 2.65: also one queued or preparing, before it runs.
    _api.abort(req.context, instance, _migration_id(server_id, migration_id),
               waiting_ok=req.is_version('2.65'))


ROUTES = [
    ('/servers/{server_id}/migrations', {'GET': index}),
    ('/servers/{server_id}/migrations/{migration_id}/action',
     {'POST': force_complete}),
    ('/servers/{server_id}/migrations/{migration_id}',
     {'GET': show, 'DELETE': delete}),
]
