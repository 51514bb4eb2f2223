"""Dropped builds taken over by a conductor (nova.conductor.build_recovery).
"""

import datetime

from oslo_utils import timeutils
import pytest

from nova.compute import task_states
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova.conductor import build_recovery
from nova.db import instances as db
from nova import exception
from nova import objects
from tests.unit import stored_instances

TIMEOUT = 120  # the option's default


class Builds:
    """Stands in for ConductorManager.build_instances: records calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, context, instances, image, spec, password, files):
        self.calls.append(([i.uuid for i in instances], spec))


def _flavor():
    return objects.Flavor(id=7, flavorid='7', name='f', vcpus=1,
                          memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0,
                          extra_specs={})


def _build(context, host=None, age=TIMEOUT + 5, dispatched=False,
           task_state=task_states.SCHEDULING, vm_state=vm_states.BUILDING):
    instance = stored_instances.create(context, task_state, vm_state, host,
                                       image_ref='')
    compute_utils.set_flavor(instance, _flavor())
    instance.save()
    if dispatched:
        # nova-api's last write before it sends the build.
        objects.InstanceAction.action_start(context, instance.uuid,
                                            'create')
    db.instance_update(context, instance.uuid, {
        'updated_at': timeutils.utcnow() - datetime.timedelta(seconds=age)})
    return instance


def _recovery(uptime=TIMEOUT + 5):
    builds = Builds()
    recovery = build_recovery.BuildRecovery('conductor1', builds)
    recovery._started -= uptime
    return recovery, builds


def test_a_build_nova_api_never_finished_is_deleted(admin_context):
    """nova-api stopped before it completed the create: the request was
    never accepted, so nothing of it stays."""
    instance = _build(admin_context)
    recovery, builds = _recovery()
    assert recovery.sweep(admin_context)['deleted'] == 1
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(admin_context, instance.uuid)
    assert builds.calls == []


def test_a_conductor_just_started_waits_for_its_queue(admin_context):
    instance = _build(admin_context)
    recovery, builds = _recovery(uptime=0)
    assert 'deleted' not in recovery.sweep(admin_context)
    assert stored_instances.reload(admin_context, instance).task_state == \
        task_states.SCHEDULING


def test_a_build_dropped_after_nova_api_sent_it_is_scheduled_again(
        admin_context):
    instance = _build(admin_context, dispatched=True)
    recovery, builds = _recovery()
    assert recovery.sweep(admin_context)['rescheduled'] == 1
    [(uuids, spec)] = builds.calls
    assert uuids == [instance.uuid]
    assert (spec.flavor.flavorid, spec.instance_uuids) == ('7',
                                                           [instance.uuid])
    stored = stored_instances.reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.BUILDING, task_states.SCHEDULING)
    # Its row moved: the next pass leaves it to the build under way.
    assert 'rescheduled' not in recovery.sweep(admin_context)


def test_of_two_conductors_one_takes_a_build_over(admin_context):
    _build(admin_context, dispatched=True)
    [row] = db.instance_get_past_deadline(admin_context, {
        task_states.SCHEDULING: timeutils.utcnow()})
    first, first_builds = _recovery()
    second, second_builds = _recovery()
    assert first._take_over(admin_context, row, TIMEOUT) == 'rescheduled'
    assert second._take_over(admin_context, row, TIMEOUT) is None
    assert len(first_builds.calls) + len(second_builds.calls) == 1


def test_a_build_placed_on_a_host_that_never_started_it_fails(
        admin_context):
    instance = _build(admin_context, host='compute1', dispatched=True)
    recovery, builds = _recovery()
    assert recovery.sweep(admin_context)['failed'] == 1
    stored = stored_instances.reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert ('placed on host compute1, which did not start it within 120 s'
            in stored.fault.message)
    # The next pass gives back its room on the host.
    assert recovery.sweep(admin_context)['released'] == 1
    assert stored_instances.reload(admin_context, instance).host is None


def test_builds_within_the_timeout_are_left(admin_context):
    young = _build(admin_context, age=10)
    spawning = _build(admin_context, host='compute1',
                      task_state=task_states.SPAWNING)
    recovery, builds = _recovery()
    assert recovery.sweep(admin_context) == {'released': 0}
    for instance in (young, spawning):
        stored = stored_instances.reload(admin_context, instance)
        assert stored.vm_state == vm_states.BUILDING
    assert builds.calls == []


def test_only_servers_that_never_launched_are_released(admin_context):
    failed = _build(admin_context, host='compute1', task_state=None,
                    vm_state=vm_states.ERROR)
    launched = _build(admin_context, host='compute1', task_state=None,
                      vm_state=vm_states.ERROR)
    launched.launched_at = timeutils.utcnow()
    launched.save()
    assert db.instance_release_failed_builds(admin_context) == [failed.uuid]
    assert stored_instances.reload(admin_context, failed).host is None
    assert stored_instances.reload(admin_context, launched).host == \
        'compute1'


def test_a_conductor_just_started_lets_hosts_report_first(admin_context):
    """Root cause: a conductor restarted after an outage rescheduled a
    dropped build at once, before the compute hosts (which report
    through a conductor) had been heard again: every host looked down
    and the build ended in ERROR with no valid host."""
    _build(admin_context, dispatched=True)
    recovery, builds = _recovery(uptime=0)
    assert 'rescheduled' not in recovery.sweep(admin_context)
    assert builds.calls == []


def test_a_build_placed_for_a_conductor_that_died_is_scheduled_again(
        admin_context):
    """Root cause: a conductor killed while it waited on the scheduler
    left its select_destinations call queued; the scheduler answered it
    later, placing the server for nobody, and the take-over then failed
    the build as if its host had dropped it. A placement whose
    conductor's scheduling event never finished is given back and the
    build scheduled again."""
    instance = _build(admin_context, host='compute1', dispatched=True)
    objects.InstanceActionEvent.event_start(
        admin_context, instance.uuid, build_recovery.SCHEDULE_EVENT)
    db.instance_update(admin_context, instance.uuid, {
        'updated_at': timeutils.utcnow() - datetime.timedelta(
            seconds=TIMEOUT + 5)})
    recovery, builds = _recovery()
    assert recovery.sweep(admin_context).get('rescheduled') == 1
    stored = stored_instances.reload(admin_context, instance)
    assert (stored.vm_state, stored.host) == (vm_states.BUILDING, None)
    assert [uuids for uuids, _ in builds.calls] == [[instance.uuid]]
