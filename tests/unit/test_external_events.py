"""The compute host's registry of threads waiting for external events."""

import threading
import time

import pytest

from nova.compute import external_events
from nova.objects import external_event

UUID = '8d3a1b52-3f0e-4c1e-9a57-0c7e2b1f4a10'


def test_event_arriving_before_the_wait_counts():
    waiters = external_events.EventWaiters()
    with waiters.expect(UUID, ['network-vif-plugged-p1']) as waiter:
        # The event comes while the step that triggers it still runs.
        assert waiters.deliver(UUID, 'network-vif-plugged-p1', 'completed')
    assert waiter.wait(timeout=1) == {'network-vif-plugged-p1': 'completed'}
    assert waiters.pending(UUID) == []


def test_waiting_thread_wakes_on_every_expected_event():
    waiters = external_events.EventWaiters()
    keys = ['network-vif-plugged-p1', 'network-vif-plugged-p2']
    with waiters.expect(UUID, keys) as waiter:
        pass
    result = {}
    thread = threading.Thread(target=lambda: result.update(
        waiter.wait(timeout=10)))
    thread.start()
    assert waiters.pending(UUID) == keys
    waiters.deliver(UUID, keys[0], 'completed')
    time.sleep(0.05)
    assert thread.is_alive()  # still one to come
    # Another instance's event of the same name wakes nobody here.
    assert not waiters.deliver('other', keys[1], 'completed')
    waiters.deliver(UUID, keys[1], 'failed')
    thread.join(5)
    assert result == {keys[0]: 'completed', keys[1]: 'failed'}


def test_late_events_time_out_and_leave_no_waiter():
    waiters = external_events.EventWaiters()
    with waiters.expect(UUID, ['volume-extended-v1']) as waiter:
        pass
    with pytest.raises(external_events.EventTimeout) as error:
        waiter.wait(timeout=0.05)
    assert 'volume-extended-v1' in str(error.value)
    assert waiters.pending(UUID) == []
    assert not waiters.deliver(UUID, 'volume-extended-v1', 'completed')


def test_a_failing_step_forgets_its_waiter():
    waiters = external_events.EventWaiters()
    with pytest.raises(RuntimeError):
        with waiters.expect(UUID, ['network-vif-plugged-p1']):
            raise RuntimeError('plugging failed')
    assert waiters.pending(UUID) == []


def test_event_keys_carry_the_tag():
    event = external_event.InstanceExternalEvent(
        instance_uuid=UUID, name='network-vif-plugged', status='completed',
        tag='port-1')
    assert event.key == 'network-vif-plugged-port-1'
    assert external_event.event_key('network-changed') == 'network-changed'
