"""A server's action history: os-instance-actions (list and show)."""

import copy

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import instance_actions as schema
from nova.api.openstack.compute import servers
from nova.api.openstack.compute.views import servers as views_servers
from nova.api.openstack import wsgi
from nova import exception
from nova import objects
from nova import policy

_RULE = 'os_compute_api:os-instance-actions:%s'
# Upstream shows these times as the JSON encoding of a datetime does.
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'
_ACTION_FIELDS = ('action', 'instance_uuid', 'message', 'project_id',
                  'request_id', 'user_id')


def _time(value):
    return value.strftime(_TIME_FORMAT) if value else None


def _action_view(action):
    view = {name: getattr(action, name) for name in _ACTION_FIELDS}
    view['start_time'] = _time(action.start_time)
    return view


def _event_view(req, event, project_id, with_traceback,
                with_details=False):
    view = {'event': event.event, 'result': event.result,
            'start_time': _time(event.start_time),
            'finish_time': _time(event.finish_time)}
    if with_traceback:
        view['traceback'] = event.traceback
    if req.is_version('2.62'):
        # The opaque id everyone sees; the host name only for those the
        # events policy trusts with tracebacks (administrators).
        view['hostId'] = views_servers.host_id_of(project_id, event.host)
        if with_traceback:
            view['host'] = event.host
    if with_details:
        view['details'] = event.details
    return view


def _may(context, rule, target):
    try:
        policy.authorize(context, rule, target)
    except exception.PolicyNotAuthorized:
        return False
    return True


def _instance(req, server_id, rule):
    """The server; from 2.21 a deleted one too (its history remains)."""
    if not req.is_version('2.21'):
        return servers.authorized_server(req, server_id, _RULE % rule,
                                         expected_attrs=())
    context = copy.copy(req.context)
    context.read_deleted = 'yes'
    instance = servers._compute().get(context, server_id, expected_attrs=())
    policy.authorize(req.context, _RULE % rule,
                     {'project_id': instance.project_id})
    return instance


def _with_updated_at(req, view, action):
    """2.58: when the action (or one of its events) last changed."""
    if req.is_version('2.58'):
        view['updated_at'] = _time(action.updated_at)
    return view


@wsgi.api(errors=(403, 404), query=schema.index_query, max_version='2.57')
def index(req, server_id):
    instance = _instance(req, server_id, 'list')
    actions = objects.InstanceActionList.get_by_instance_uuid(
        req.context, instance.uuid)
    return {'instanceActions': [_action_view(a) for a in actions]}


@wsgi.api(errors=(400, 403, 404), query=schema.index_query_v258,
          min_version='2.58', max_version='2.65')
def index_v258(req, server_id):
    """Newest first, a page after ?marker (a request id) at most ?limit
    long, only actions changed since ?changes-since; a full page links
    to the next."""
    return _page(req, server_id, common.time_param(req, 'changes-since'),
                 None)


@wsgi.api(errors=(400, 403, 404), query=schema.index_query_v266,
          min_version='2.66')
def index_v266(req, server_id):
    """2.66: also only those changed at or before ?changes-before."""
    return _page(req, server_id, *common.time_window(req))


def _page(req, server_id, changes_since, changes_before):
    instance = _instance(req, server_id, 'list')
    limit, marker = common.pagination(req)
    try:
        actions = objects.InstanceActionList.get_by_instance_uuid(
            req.context, instance.uuid, limit=limit, marker=marker,
            changes_since=changes_since, changes_before=changes_before)
    except exception.InvalidMarker as error:
        raise wsgi.Fault(400, error.format_message())
    views = [_with_updated_at(req, _action_view(a), a) for a in actions]
    return common.collection_body(req, 'instanceActions', views, limit,
                                  id_key='request_id')


@wsgi.api(errors=(403, 404), query=schema.show_query)
def show(req, server_id, request_id):
    context = req.context
    instance = _instance(req, server_id, 'show')
    action = objects.InstanceAction.get_by_request_id(
        context, instance.uuid, request_id)
    if action is None:
        raise exception.InstanceActionNotFound(
            request_id=request_id, instance_uuid=instance.uuid)
    # Those the events policy allows see the events with their
    # tracebacks at every version; from 2.51 everyone else sees the
    # events without them.
    with_traceback = _may(context, _RULE % 'events',
                          {'project_id': instance.project_id})
    view = _with_updated_at(req, _action_view(action), action)
    if with_traceback or req.is_version('2.51'):
        events = objects.InstanceActionEventList.get_by_action(context,
                                                               action.id)
        # 2.84: why an event failed, in words users may read.
        with_details = req.is_version('2.84') and _may(
            context, _RULE % 'events:details',
            {'project_id': instance.project_id})
        view['events'] = [
            _event_view(req, e, instance.project_id, with_traceback,
                        with_details)
            for e in events]
    return {'instanceAction': view}


ROUTES = [
    ('/servers/{server_id}/os-instance-actions',
     {'GET': [index, index_v258, index_v266]}),
    ('/servers/{server_id}/os-instance-actions/{request_id}',
     {'GET': show}),
]
