"""Action events are filed under the action of the caller's request, else
under the instance's latest action (a periodic task's step), found in
the event's own transaction; an instance without actions records none."""

from oslo_utils import uuidutils
import pytest

from nova.compute import utils as compute_utils
from nova import context as nova_context
from nova.db import instance_actions as actions_db
from nova.db import instances as instances_db
from nova import exception
from nova import objects


def _instance(ctx):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {'uuid': uuid, 'project_id': 'p'})
    return uuid


def _action(ctx, uuid, request_id, action='create'):
    return actions_db.action_start(ctx, {
        'instance_uuid': uuid, 'request_id': request_id, 'action': action,
        'project_id': 'p', 'user_id': 'u'}).id


def _events(ctx, action_id):
    return actions_db.events_get(ctx, [action_id])[action_id]


def _as_request(request_id):
    ctx = nova_context.get_admin_context()
    ctx.request_id = request_id
    return ctx


def test_event_goes_to_the_action_of_the_request(any_admin_context):
    ctx = any_admin_context
    uuid = _instance(ctx)
    mine = _action(ctx, uuid, 'req-mine')
    _action(ctx, uuid, 'req-later', action='reboot')
    request = _as_request('req-mine')
    started = objects.InstanceActionEvent.event_start(
        request, uuid, 'compute_build', host='h1')
    assert started.action_id == mine
    finished = objects.InstanceActionEvent.event_finish(
        request, uuid, 'compute_build', 'Error', traceback_text='boom')
    assert finished.id == started.id
    [event] = _events(ctx, mine)
    assert (event.result, event.traceback, event.host) == (
        'Error', 'boom', 'h1')
    assert event.finish_time is not None
    action = actions_db.action_get_by_request_id(ctx, uuid, 'req-mine')
    assert action.message == 'Error'
    assert action.updated_at is not None


def test_event_outside_any_request_goes_to_the_latest_action(
        any_admin_context):
    ctx = any_admin_context
    uuid = _instance(ctx)
    _action(ctx, uuid, 'req-1')
    latest = _action(ctx, uuid, 'req-2', action='stop')
    periodic = _as_request('req-periodic')
    objects.InstanceActionEvent.event_start(periodic, uuid, 'sync')
    objects.InstanceActionEvent.event_finish(periodic, uuid, 'sync',
                                             'Success')
    [event] = _events(ctx, latest)
    assert (event.event, event.result) == ('sync', 'Success')
    action = actions_db.action_get_by_request_id(ctx, uuid, 'req-2')
    assert action.message is None


def test_instance_without_actions_records_no_event(admin_context):
    uuid = _instance(admin_context)
    request = _as_request('req-x')
    assert objects.InstanceActionEvent.event_start(
        request, uuid, 'sync') is None
    assert objects.InstanceActionEvent.event_finish(
        request, uuid, 'sync', 'Success') is None


def _build_to_start(ctx, host):
    """(uuid, action id, Instance) of a build placed on host, its
    instance read by the build's request and set to spawning."""
    uuid = _instance(ctx)
    instances_db.instance_update(ctx, uuid, {'host': host,
                                             'task_state': 'scheduling'})
    action_id = _action(ctx, uuid, 'req-build')
    instance = objects.Instance.get_by_uuid(_as_request('req-build'), uuid)
    instance.task_state = 'spawning'
    return uuid, action_id, instance


def test_a_save_starts_and_finishes_an_event_with_its_change(
        any_admin_context):
    ctx = any_admin_context
    uuid, action_id, instance = _build_to_start(ctx, 'h1')
    instance.save(expected_task_state=['scheduling'], expected_host=['h1'],
                  action_event=compute_utils.event_note('compute_build',
                                                        'h1'))
    [event] = _events(ctx, action_id)
    assert (event.event, event.host, event.result, event.finish_time) == (
        'compute_build', 'h1', None, None)
    assert instance.task_state == 'spawning'
    instance.vm_state, instance.task_state = 'active', None
    instance.save(expected_task_state=['spawning'],
                  action_event=compute_utils.event_note(
                      'compute_build', 'h1', result='Success'))
    [event] = _events(ctx, action_id)
    assert event.result == 'Success' and event.finish_time is not None
    row = instances_db.instance_get_by_uuid(ctx, uuid)
    assert (row.vm_state, row.task_state) == ('active', None)


def test_a_save_whose_expected_host_differs_writes_nothing(
        any_admin_context):
    ctx = any_admin_context
    uuid, action_id, instance = _build_to_start(ctx, 'elsewhere')
    with pytest.raises(exception.UnexpectedStateError):
        instance.save(expected_task_state=['scheduling'],
                      expected_host=['h1'],
                      action_event=compute_utils.event_note('compute_build',
                                                            'h1'))
    assert _events(ctx, action_id) == []
    row = instances_db.instance_get_by_uuid(ctx, uuid)
    assert (row.host, row.task_state) == ('elsewhere', 'scheduling')
