"""Units of one binary (a scale test's simulated hosts) start together;
the front doors (HTTP servers, proxies) stop together, before the services."""

import threading

import pytest

from nova.cmd import services


class _Unit:
    binary = 'nova-compute'

    def __init__(self, barrier=None, fail=False):
        self.barrier = barrier
        self.fail = fail
        self.started = False

    def start(self):
        if self.barrier:
            # Returns only when all units are starting at the same time.
            self.barrier.wait(timeout=10)
        if self.fail:
            raise RuntimeError('bus down')
        self.started = True


def test_units_of_one_binary_start_at_once():
    barrier = threading.Barrier(4)
    units = [_Unit(barrier) for _ in range(4)]
    started = []
    services._start_group(units, started)
    assert started == units
    assert all(unit.started for unit in units)


def test_a_failed_start_is_raised_and_the_others_are_kept_for_stopping():
    units = [_Unit(), _Unit(fail=True), _Unit()]
    started = []
    with pytest.raises(RuntimeError, match='bus down'):
        services._start_group(units, started)
    assert started == [units[0], units[2]]


class _Door:
    """A front door (no binary): its stop returns only when every door is
    stopping at the same time."""

    def __init__(self, barrier, stopped):
        self.barrier = barrier
        self.stopped = stopped

    def stop(self):
        self.barrier.wait(timeout=10)
        self.stopped.append(self)


class _Service:
    binary = 'nova-conductor'

    def __init__(self, stopped):
        self.stopped = stopped

    def stop(self):
        self.stopped.append(self)


def test_front_doors_stop_at_once_and_before_the_services():
    stopped = []
    barrier = threading.Barrier(3)
    conductor = _Service(stopped)
    doors = [_Door(barrier, stopped) for _ in range(3)]
    services._stop_all([conductor] + doors)
    # One after another, the first door would have waited out the barrier.
    assert not barrier.broken
    assert stopped[-1] is conductor
    assert sorted(map(id, stopped[:3])) == sorted(map(id, doors))
