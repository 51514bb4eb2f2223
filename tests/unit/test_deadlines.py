"""Task deadlines: the table and the conductor's sweeper."""

import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from nova.compute import states
from nova.compute import task_states
from nova.compute import vm_states
from nova.conductor import deadlines
from nova import context as nova_context
from nova.db import instances as db
from nova import objects
from tests.unit import stored_instances

ALL_TASK_STATES = sorted(
    value for name, value in vars(task_states).items()
    if name.isupper() and isinstance(value, str))


def test_every_task_state_has_a_deadline():
    assert set(ALL_TASK_STATES) == set(states.DEADLINES)


@pytest.mark.parametrize('task_state', ALL_TASK_STATES)
def test_every_deadline_is_an_option_on_by_default(conf, task_state):
    assert states.deadline_seconds(conf, task_state) > 0
    assert states.DEADLINES[task_state].outcome in (states.FAIL,
                                                    states.SETTLE)


def test_builds_and_moves_fail_power_actions_settle():
    outcome = {t: d.outcome for t, d in states.DEADLINES.items()}
    for task_state in (task_states.SPAWNING, task_states.REBUILDING,
                       task_states.RESIZE_MIGRATING, task_states.MIGRATING):
        assert outcome[task_state] == states.FAIL
    for task_state in (task_states.POWERING_OFF, task_states.REBOOTING,
                       task_states.RESCUING, task_states.IMAGE_SNAPSHOT,
                       task_states.UPDATING_PASSWORD):
        assert outcome[task_state] == states.SETTLE


def _instance(context, task_state, vm_state=vm_states.ACTIVE, age=0,
              host='compute1', action='create'):
    instance = stored_instances.create(context, task_state, vm_state, host)
    objects.InstanceAction.action_start(context, instance.uuid, action)
    # updated_at is when the task last moved; age it as if it stalled.
    db.instance_update(context, instance.uuid, {
        'updated_at': timeutils.utcnow() - datetime.timedelta(seconds=age)})
    return instance


_reload = stored_instances.reload


def _events(context, instance):
    action = objects.InstanceAction.get_latest(context, instance.uuid)
    return objects.InstanceActionEventList.get_by_action(context, action.id)


def test_an_overdue_build_goes_to_error_with_the_timeout_fault(
        admin_context):
    instance = _instance(admin_context, task_states.SPAWNING,
                         vm_state=vm_states.BUILDING, age=3700)
    sweeper = deadlines.DeadlineSweeper('conductor1')
    assert sweeper.expire_overdue_tasks(admin_context) == 1
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert stored.fault.message.startswith(
        'Timed out after 3700 s in task_state spawning on host compute1')
    assert 'instance_build_timeout' in stored.fault.message
    [event] = _events(admin_context, instance)
    assert (event.event, event.result, event.host) == (
        deadlines.EVENT, 'Error', 'conductor1')


def test_an_overdue_power_action_goes_back_to_its_stable_state(
        admin_context):
    instance = _instance(admin_context, task_states.POWERING_OFF, age=700,
                         action='stop')
    deadlines.DeadlineSweeper('c').expire_overdue_tasks(admin_context)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert 'task_state powering-off' in stored.fault.message


def test_tasks_within_their_deadline_and_idle_servers_are_left(
        admin_context):
    young = _instance(admin_context, task_states.SPAWNING,
                      vm_state=vm_states.BUILDING, age=60)
    idle = _instance(admin_context, None, age=10 ** 6)
    # A reboot's deadline (600 s) is shorter than a build's (3600 s).
    rebooting = _instance(admin_context, task_states.REBOOTING, age=1000)
    assert deadlines.DeadlineSweeper('c').expire_overdue_tasks(
        admin_context) == 1
    assert _reload(admin_context, young).task_state == task_states.SPAWNING
    assert _reload(admin_context, idle).fault is None
    assert _reload(admin_context, rebooting).task_state is None


def test_a_deadline_of_zero_never_expires(conf, admin_context):
    conf.set_override('instance_build_timeout', 0, group='deadlines')
    instance = _instance(admin_context, task_states.SPAWNING,
                         vm_state=vm_states.BUILDING, age=10 ** 6)
    assert deadlines.DeadlineSweeper('c').expire_overdue_tasks(
        admin_context) == 0
    assert _reload(admin_context, instance).task_state == \
        task_states.SPAWNING


def test_a_compute_finishing_at_that_moment_wins(admin_context):
    instance = _instance(admin_context, task_states.SPAWNING,
                         vm_state=vm_states.BUILDING, age=3700)
    seen_by_sweeper = objects.Instance.get_by_uuid(admin_context,
                                                   instance.uuid)
    instance.vm_state = vm_states.ACTIVE
    instance.task_state = None
    instance.save(expected_task_state=[task_states.SPAWNING])
    sweeper = deadlines.DeadlineSweeper('c')
    assert not sweeper._expire(admin_context, seen_by_sweeper,
                               datetime.timedelta(seconds=3700))
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert len(_events(admin_context, instance)) == 0


def test_a_second_conductor_finds_nothing_left(admin_context):
    instance = _instance(admin_context, task_states.SPAWNING,
                         vm_state=vm_states.BUILDING, age=3700)
    assert deadlines.DeadlineSweeper('c1').expire_overdue_tasks(
        admin_context) == 1
    assert deadlines.DeadlineSweeper('c2').expire_overdue_tasks(
        admin_context) == 0
    assert len(_events(admin_context, instance)) == 1


def test_the_query_selects_only_overdue_tasks(any_admin_context):
    context = any_admin_context
    now = timeutils.utcnow()
    overdue = _instance(context, task_states.SPAWNING,
                        vm_state=vm_states.BUILDING, age=500)
    _instance(context, task_states.SPAWNING, vm_state=vm_states.BUILDING,
              age=100)
    overdue_pause = _instance(context, task_states.PAUSING, age=50)
    _instance(context, None, age=1000)
    deleted = _instance(context, task_states.SPAWNING,
                        vm_state=vm_states.BUILDING, age=500)
    deleted.destroy()
    cutoffs = {task_states.SPAWNING: now - datetime.timedelta(seconds=300),
               task_states.PAUSING: now - datetime.timedelta(seconds=10)}
    rows = db.instance_get_past_deadline(
        nova_context.get_admin_context(), cutoffs)
    assert [r.uuid for r in rows] == [overdue.uuid, overdue_pause.uuid]


def test_an_overdue_move_ends_its_migration_in_error(
        admin_context):
    instance = _instance(admin_context, task_states.RESIZE_MIGRATING,
                         age=4000)
    migration = objects.Migration(context=admin_context)
    migration.uuid = uuidutils.generate_uuid()
    migration.instance_uuid = instance.uuid
    migration.migration_type = 'resize'
    migration.status = 'migrating'
    migration.source_compute = migration.source_node = 'compute1'
    migration.dest_compute = migration.dest_node = 'compute2'
    migration.create()
    deadlines.DeadlineSweeper('c').expire_overdue_tasks(admin_context)
    stored = _reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert 'task_state resize_migrating' in stored.fault.message
    assert objects.Migration.get_by_id(admin_context,
                                       migration.id).status == 'error'
