"""Queries on the instance action history (instance_actions, events)."""

from oslo_utils import timeutils
import sqlalchemy as sa

from nova.db import api
from nova.db import instances
from nova.db import models
from nova import exception


@api.writer
def action_start(context, values):
    values = dict(values)
    values.setdefault('start_time', timeutils.utcnow())
    row = models.InstanceAction(**values)
    context.session.add(row)
    context.session.flush()
    return row


@api.writer
def action_start_many(context, values_list):
    """action_start for many instances in one transaction: all or none.
    Core, not ORM (a create's last write; its rows are not read back)."""
    now = timeutils.utcnow()
    context.session.execute(_INSERT_ACTION, [
        dict(values, start_time=now) for values in values_list])


# Built once (see nova.db.instances).
_INSERT_ACTION = sa.insert(models.InstanceAction.__table__)


@api.writer
def action_finish(context, action_id, message=None):
    row = context.session.get(models.InstanceAction, action_id)
    api.not_found_unless(row, exception.InstanceActionNotFound,
                         request_id=action_id, instance_uuid='')
    row.finish_time = timeutils.utcnow()
    if message is not None:
        row.message = message[:255]
    context.session.flush()
    return row


def _latest_action_query(instance_uuid, request_id=None):
    query = sa.select(models.InstanceAction).where(
        models.InstanceAction.instance_uuid == instance_uuid)
    if request_id is not None:
        query = query.where(models.InstanceAction.request_id == request_id)
    return query.order_by(models.InstanceAction.start_time.desc(),
                          models.InstanceAction.id.desc())


@api.reader
def action_get_by_request_id(context, instance_uuid, request_id):
    return context.session.scalars(
        _latest_action_query(instance_uuid, request_id)).first()


@api.reader
def action_get_latest(context, instance_uuid):
    return context.session.scalars(
        _latest_action_query(instance_uuid)).first()


@api.reader
def actions_get(context, instance_uuid, limit=None, marker=None,
                changes_since=None, changes_before=None):
    """An instance's actions, newest first."""
    query = _latest_action_query(instance_uuid)
    if changes_since is not None:
        query = query.where(models.InstanceAction.updated_at >= changes_since)
    if changes_before is not None:
        query = query.where(
            models.InstanceAction.updated_at <= changes_before)
    if marker is not None:
        marker_row = context.session.scalars(
            _latest_action_query(instance_uuid, marker)).first()
        if marker_row is None:
            raise exception.InvalidMarker(marker=marker)
        query = query.where(sa.or_(
            models.InstanceAction.start_time < marker_row.start_time,
            sa.and_(models.InstanceAction.start_time ==
                    marker_row.start_time,
                    models.InstanceAction.id < marker_row.id)))
    if limit is not None:
        query = query.limit(limit)
    return list(context.session.scalars(query))


@api.writer
def event_start(context, action_id, values):
    """A new event of action_id, as a dict of its columns. Core, not ORM:
    a boot records four events, and nothing reads their rows back."""
    now = timeutils.utcnow()
    values = dict(values, action_id=action_id, created_at=now)
    values.setdefault('start_time', now)
    result = context.session.execute(_INSERT_EVENT, values)
    _touch_action(context, action_id, {'updated_at': now})
    return dict(_EMPTY_EVENT, **values, id=result.inserted_primary_key[0])


def _touch_action(context, action_id, changes):
    # An event is activity of its action: it moves the action's
    # updated_at, which the changes-since filter reads.
    context.session.execute(
        sa.update(models.InstanceAction)
        .where(models.InstanceAction.id == action_id).values(changes)
        .execution_options(synchronize_session=False))


_EVENTS = models.InstanceActionEvent.__table__
_INSERT_EVENT = sa.insert(_EVENTS)
_EMPTY_EVENT = {column.name: None for column in _EVENTS.columns}
# The newest unfinished event of a name, else the newest of that name.
_EVENT_TO_FINISH = sa.select(_EVENTS).where(
    _EVENTS.c.action_id == sa.bindparam('action_id'),
    _EVENTS.c.event == sa.bindparam('event'),
).order_by(_EVENTS.c.finish_time.is_not(None), _EVENTS.c.id.desc()).limit(1)


# The action an event is filed under, built once (see nova.db.instances):
# the caller's request's on the instance, else the instance's latest.
_ACTION_OF_REQUEST = sa.select(models.InstanceAction.id).where(
    models.InstanceAction.instance_uuid == sa.bindparam('uuid'),
    models.InstanceAction.request_id == sa.bindparam('request_id'),
).order_by(models.InstanceAction.start_time.desc(),
           models.InstanceAction.id.desc()).limit(1)
_LATEST_ACTION = sa.select(models.InstanceAction.id).where(
    models.InstanceAction.instance_uuid == sa.bindparam('uuid'),
).order_by(models.InstanceAction.start_time.desc(),
           models.InstanceAction.id.desc()).limit(1)


def _action_id(context, instance_uuid, request_id):
    session = context.session
    found = session.execute(_ACTION_OF_REQUEST, {
        'uuid': instance_uuid, 'request_id': request_id}).scalar()
    if found is None:
        found = session.execute(_LATEST_ACTION,
                                {'uuid': instance_uuid}).scalar()
    return found


@api.writer
def event_start_on(context, instance_uuid, request_id, values):
    """event_start under the instance's action of request_id (else its
    latest action, for a step outside any user request), found in the
    same transaction: one per event, not two (a boot records four).
    None when the instance has no action."""
    action_id = _action_id(context, instance_uuid, request_id)
    return None if action_id is None else event_start(
        context, action_id, values)


@api.writer
def event_finish_on(context, instance_uuid, request_id, event, values):
    """event_finish under the action event_start_on files it under."""
    action_id = _action_id(context, instance_uuid, request_id)
    return None if action_id is None else event_finish(
        context, action_id, event, values)


@api.retry_on_deadlock
@api.writer
def instance_update_with_event(context, instance_uuid, values, expected,
                               request_id, event, event_values):
    """instance_update, then event_start_on (event_values without a
    result) or event_finish_on, in one transaction: a step that moves the
    instance's state as it starts or ends records both in one commit.
    Nothing is recorded when the update's expected states do not hold."""
    row = instances.instance_update(context, instance_uuid, values,
                                    expected=expected)
    event_record_on(context, instance_uuid, request_id, event, event_values)
    return row


@api.writer
def event_record_on(context, instance_uuid, request_id, event, values):
    """event_start_on, or event_finish_on when values hold a result."""
    if values.get('result') is None:
        return event_start_on(context, instance_uuid, request_id,
                              dict(values, event=event))
    return event_finish_on(context, instance_uuid, request_id, event,
                           values)


@api.writer
def event_finish(context, action_id, event, values):
    """Finish the newest unfinished event named event of action_id (one
    that was never started is recorded as starting now); its columns as
    a dict."""
    now = timeutils.utcnow()
    found = context.session.execute(_EVENT_TO_FINISH, {
        'action_id': action_id, 'event': event}).first()
    changes = dict(values, updated_at=now)
    changes.setdefault('finish_time', now)
    if found is None:
        row = dict(_EMPTY_EVENT, action_id=action_id, event=event,
                   start_time=now, created_at=now, **changes)
        row.pop('id')
        row['id'] = context.session.execute(
            _INSERT_EVENT, row).inserted_primary_key[0]
    else:
        context.session.execute(
            sa.update(_EVENTS).where(_EVENTS.c.id == found.id)
            .values(changes))
        row = dict(found._mapping, **changes)
    action_changes = {'updated_at': now}
    if values.get('result') == 'Error':
        action_changes['message'] = 'Error'
    _touch_action(context, action_id, action_changes)
    return row


@api.reader
def events_get(context, action_ids):
    """{action_id: [event rows, oldest first]} for many actions at once."""
    if not action_ids:
        return {}
    rows = context.session.scalars(
        sa.select(models.InstanceActionEvent)
        .where(models.InstanceActionEvent.action_id.in_(list(action_ids)))
        .order_by(models.InstanceActionEvent.start_time.asc(),
                  models.InstanceActionEvent.id.asc()))
    events = {action_id: [] for action_id in action_ids}
    for row in rows:
        events[row.action_id].append(row)
    return events
