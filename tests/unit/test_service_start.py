"""Units of one binary (a scale test's simulated hosts) start together."""

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
