"""A server never reaches ERROR without its fault, even when the fault's
write meets a database outage (nova.compute.utils, task_outcome)."""

from oslo_db import exception as db_exc
import pytest

from nova.compute import task_outcome
from nova.compute import task_states
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception
from nova.objects import instance_fault
from tests.unit import stored_instances


@pytest.fixture
def outage(monkeypatch):
    """The fault insert fails with a lost connection while `left` > 0."""
    state = {'left': 0, 'tries': 0}
    real = instance_fault.db.instance_fault_create

    def create(context, values):
        state['tries'] += 1
        if state['left']:
            state['left'] -= 1
            raise db_exc.DBConnectionError('server has gone away')
        return real(context, values)

    monkeypatch.setattr(instance_fault.db, 'instance_fault_create', create)
    monkeypatch.setattr(compute_utils, 'FAULT_RETRY_DELAYS', (0, 0, 0))
    return state


def _building(context):
    return stored_instances.create(context, task_states.SPAWNING,
                                   vm_states.BUILDING, host=None)


def test_a_short_outage_is_waited_out(admin_context, outage):
    instance = _building(admin_context)
    outage['left'] = 2
    compute_utils.set_error(admin_context, instance,
                            exception.NoValidHost(reason='none fits'))
    stored = stored_instances.reload(admin_context, instance)
    assert outage['tries'] == 3
    assert stored.vm_state == vm_states.ERROR
    assert 'none fits' in stored.fault.message


def test_no_error_state_without_the_fault(admin_context, outage):
    instance = _building(admin_context)
    outage['left'] = 100
    with pytest.raises(compute_utils.FaultNotRecorded):
        compute_utils.set_error(admin_context, instance,
                                exception.NoValidHost(reason='none fits'))
    assert outage['tries'] == 4  # the first try and three more
    stored = stored_instances.reload(admin_context, instance)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.BUILDING, task_states.SPAWNING)
    assert stored.fault is None


def test_a_sweep_leaves_the_task_when_the_fault_is_lost(admin_context,
                                                        outage):
    instance = _building(admin_context)
    outage['left'] = 100
    error = exception.BuildAbortException(instance_uuid=instance.uuid,
                                          reason='too slow')
    assert not task_outcome.end_task(admin_context, instance, error,
                                     'compute_build', 'h1',
                                     vm_state=vm_states.ERROR)
    stored = stored_instances.reload(admin_context, instance)
    assert stored.task_state == task_states.SPAWNING
    # Once the database answers, the next sweep ends it with the fault.
    outage['left'] = 0
    assert task_outcome.end_task(admin_context, instance, error,
                                 'compute_build', 'h1',
                                 vm_state=vm_states.ERROR)
    stored = stored_instances.reload(admin_context, instance)
    assert stored.vm_state == vm_states.ERROR
    assert 'too slow' in stored.fault.message


def test_other_errors_are_not_tried_again(admin_context, monkeypatch):
    tries = []

    def broken(context, values):
        tries.append(values)
        raise ValueError('not an outage')

    monkeypatch.setattr(instance_fault.db, 'instance_fault_create', broken)
    instance = _building(admin_context)
    assert not compute_utils.record_fault(admin_context, instance,
                                          ValueError('x'))
    assert len(tries) == 1
