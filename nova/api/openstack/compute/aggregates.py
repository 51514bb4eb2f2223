"""The host aggregates resource (os-aggregates), for administrators.

An aggregate groups compute hosts under metadata the scheduler's
Aggregate* filters read; its 'availability_zone' metadata makes its hosts
a zone. A host is in one zone at most, so changes that would put a host in
two zones are refused. Aggregates are named by integer ids in paths; their
uuid is shown from 2.41.
"""

from nova.api.openstack.compute.schemas import aggregates as schema
from nova.api.openstack import wsgi
from nova import availability_zones
from nova import exception
from nova import objects
from nova.objects import aggregate as aggregate_obj
from nova import policy

AZ_KEY = aggregate_obj.AZ_KEY
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'
_SHOWN = ('availability_zone', 'created_at', 'deleted', 'deleted_at',
          'hosts', 'id', 'metadata', 'name', 'updated_at')


def _view(req, aggregate, fields=_SHOWN):
    view = {}
    if req.is_version('2.41'):
        fields = fields + ('uuid',)
    for name in fields:
        value = getattr(aggregate, name)
        if name.endswith('_at'):
            value = value.strftime(_TIME_FORMAT) if value else None
        view[name] = value
    return {'aggregate': view}


def _authorize(req, action):
    policy.authorize(req.context, 'os_compute_api:os-aggregates:' + action)


def _get(context, aggregate_id):
    try:
        return objects.Aggregate.get_by_id(context, int(aggregate_id))
    except ValueError:
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)


def _refuse(aggregate, action, reason):
    raise exception.InvalidAggregateAction(
        action=action, aggregate_id=aggregate.id, reason=reason)


def _check_zone_change(context, aggregate, zone, action):
    """Refuse a new zone of the aggregate: empty (as upstream: a zone is
    never removed, only its aggregate), internal, a change under running
    servers, or a second zone for any of its hosts."""
    if not zone:
        _refuse(aggregate, action, 'Aggregate %s does not support empty '
                'named availability zone' % aggregate.name)
    if zone == availability_zones.INTERNAL_ZONE:
        _refuse(aggregate, action, 'The zone %s holds the internal services '
                'and cannot be given to compute hosts' % zone)
    if zone != aggregate.availability_zone and aggregate.hosts and \
            objects.InstanceList.get_by_filters(
                context, {'host': aggregate.hosts}, limit=1,
                expected_attrs=()):
        _refuse(aggregate, action, 'The availability zone of hosts with '
                'servers cannot change; move or delete the servers first')
    _check_zone(context, aggregate, zone, aggregate.hosts, action)


def _check_zone(context, aggregate, zone, hosts, action):
    """Refuse a zone that would put one of hosts in a second zone."""
    conflicts = availability_zones.conflicting_zones(
        context, hosts, zone, aggregate_id=aggregate.id)
    if conflicts:
        raise exception.InvalidAggregateAction(
            action=action, aggregate_id=aggregate.id,
            reason='One or more hosts already in availability zone(s) %s'
                   % conflicts)


@wsgi.api(errors=(403,), query=schema.index_query)
def index(req):
    _authorize(req, 'index')
    return {'aggregates': [_view(req, agg)['aggregate'] for agg in
                           objects.AggregateList.get_all(req.context)]}


@wsgi.api(errors=(400, 403, 409), body=schema.create)
def create(req, body):
    _authorize(req, 'create')
    values = body['aggregate']
    aggregate = objects.Aggregate(context=req.context, name=values['name'])
    zone = values.get('availability_zone')
    if zone:
        if zone == availability_zones.INTERNAL_ZONE:
            raise wsgi.Fault(400, 'The zone %s holds the internal services '
                                  'and cannot be given to compute hosts.'
                             % zone)
        aggregate.metadata = {AZ_KEY: zone}
    aggregate.create()
    # As upstream: the creation answer shows neither hosts nor metadata.
    return _view(req, aggregate, tuple(f for f in _SHOWN
                                       if f not in ('hosts', 'metadata')))


@wsgi.api(errors=(403, 404), query=schema.show_query)
def show(req, aggregate_id):
    _authorize(req, 'show')
    return _view(req, _get(req.context, aggregate_id))


@wsgi.api(errors=(400, 403, 404, 409), body=schema.update)
def update(req, aggregate_id, body):
    _authorize(req, 'update')
    context = req.context
    values = body['aggregate']
    aggregate = _get(context, aggregate_id)
    if 'availability_zone' in values:
        _check_zone_change(context, aggregate, values['availability_zone'],
                           'update')
    if 'name' in values:
        aggregate.name = values['name']
        aggregate.save()
    if 'availability_zone' in values:
        aggregate.update_metadata({AZ_KEY: values['availability_zone']})
    return _view(req, aggregate)


@wsgi.api(errors=(400, 403, 404))
def delete(req, aggregate_id):
    _authorize(req, 'delete')
    aggregate = _get(req.context, aggregate_id)
    if aggregate.hosts:
        raise exception.InvalidAggregateAction(
            action='delete', aggregate_id=aggregate.id,
            reason='Host aggregate is not empty; remove its hosts first')
    aggregate.destroy()


def _add_host(context, aggregate, args):
    host = args['host']
    _compute_service(context, host)
    if host in aggregate.hosts:
        raise exception.AggregateHostExists(aggregate_id=aggregate.id,
                                            host=host)
    try:
        if aggregate.availability_zone:
            _check_zone(context, aggregate, aggregate.availability_zone,
                        [host], 'add host to')
    except exception.InvalidAggregateAction as error:
        # Upstream answers this conflict of add_host with 409.
        raise wsgi.Fault(409, error.format_message())
    aggregate.add_host(host)


def _remove_host(context, aggregate, args):
    _compute_service(context, args['host'])
    aggregate.delete_host(args['host'])


def _compute_service(context, host):
    try:
        objects.Service.get_by_host_and_binary(
            context, host, availability_zones.COMPUTE_BINARY)
    except exception.ServiceNotFound:
        raise exception.ComputeHostNotFound(host=host)


def _set_metadata(context, aggregate, args):
    metadata = args['metadata']
    if AZ_KEY in metadata:
        _check_zone_change(context, aggregate, metadata[AZ_KEY],
                           'update metadata of')
    aggregate.update_metadata(metadata)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.action)
def action(req, aggregate_id, body):
    """add_host, remove_host or set_metadata; answers the aggregate."""
    name, args = next(iter(body.items()))  # the schema allows exactly one
    _authorize(req, name)
    aggregate = _get(req.context, aggregate_id)
    _ACTIONS[name](req.context, aggregate, args)
    return _view(req, aggregate)


_ACTIONS = {'add_host': _add_host, 'remove_host': _remove_host,
            'set_metadata': _set_metadata}


ROUTES = [
    ('/os-aggregates', {'GET': index, 'POST': create}),
    ('/os-aggregates/{aggregate_id}/action', {'POST': action}),
    ('/os-aggregates/{aggregate_id}',
     {'GET': show, 'PUT': update, 'DELETE': delete}),
]
