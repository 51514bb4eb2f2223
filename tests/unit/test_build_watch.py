"""Builds and deletes whose worker stopped without an end
(nova.compute.build_watch)."""

from nova.compute import build_watch
from nova.compute import task_states
from nova.compute import vm_states
from tests.unit import stored_instances


class Workers:
    """Runs what is submitted at once, as a worker pool would later."""

    def submit(self, func, *args):
        func(*args)


class Compute(build_watch.BuildWatchMixin):
    def __init__(self):
        self.host = 'host1'
        self._workers = Workers()
        self.destroyed = []
        self.terminated = []
        self._watch_init()

    def _destroy_quietly(self, context, instance):
        self.destroyed.append(instance.uuid)

    def _terminate(self, context, instance):
        self.terminated.append(instance.uuid)


def _building(context, task_state=task_states.SPAWNING, host='host1',
              vm_state=vm_states.BUILDING):
    return stored_instances.create(context, task_state, vm_state, host)


def test_a_build_no_worker_runs_goes_to_error_on_the_second_look(
        admin_context):
    lost = _building(admin_context)
    compute = Compute()
    assert compute.end_lost_builds(admin_context) == 0
    assert compute.end_lost_builds(admin_context) == 1
    stored = stored_instances.reload(admin_context, lost)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert ('its build on host host1 stopped at step spawning'
            in stored.fault.message)
    assert compute.destroyed == [lost.uuid]


def test_a_delete_no_worker_runs_is_run_again(admin_context):
    lost = _building(admin_context, task_state=task_states.DELETING,
                     vm_state=vm_states.ACTIVE)
    compute = Compute()
    compute.end_lost_builds(admin_context)
    assert compute.end_lost_builds(admin_context) == 1
    assert compute.terminated == [lost.uuid]
    assert compute._taken == set()


def test_running_waiting_and_other_hosts_tasks_are_left(admin_context):
    running = _building(admin_context)
    waiting = _building(admin_context, task_state=task_states.SCHEDULING)
    elsewhere = _building(admin_context, host='host2')
    compute = Compute()
    seen = []

    def build(context, instance):
        seen.append(compute.end_lost_builds(context))
        seen.append(compute.end_lost_builds(context))

    compute._submit_watched(build, admin_context, running)
    assert seen == [0, 0]
    for instance in (running, waiting, elsewhere):
        assert stored_instances.reload(admin_context, instance).vm_state == \
            vm_states.BUILDING


def test_a_task_that_raises_is_logged_and_forgotten(admin_context):
    instance = _building(admin_context)
    compute = Compute()

    def build(context, instance):
        raise RuntimeError('reply lost')

    compute._submit_watched(build, admin_context, instance)
    assert compute._taken == set()
    compute.end_lost_builds(admin_context)
    assert compute.end_lost_builds(admin_context) == 1
