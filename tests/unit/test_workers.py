"""The worker supervisor (nova.workers) with real forked children."""

import os
import signal
import time

import pytest

from nova import workers


def _wait(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _alive(pid):
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return done == 0


def _sleeper(index):
    # Stops on SIGTERM by the default action.
    while True:
        time.sleep(1)


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def supervisor():
    made = []

    def make(*args, **kwargs):
        made.append(workers.Supervisor(*args, **kwargs))
        return made[-1]
    yield make
    for sup in made:
        sup.stop(timeout=2)


def test_start_forks_count_children(supervisor):
    sup = supervisor(3, _sleeper)
    sup.start()
    assert len(sup.pids) == 3
    assert all(pid != os.getpid() for pid in sup.pids)
    for pid in sup.pids:
        with open('/proc/%d/stat' % pid) as f:
            assert int(f.read().rsplit(')', 1)[1].split()[1]) == os.getpid()


def test_dead_worker_restarted_at_once_after_a_long_life(supervisor):
    clock = _Clock()
    sup = supervisor(2, _sleeper, clock=clock)
    sup.start()
    victim, survivor = sup.pids
    clock.now += 60
    os.kill(victim, signal.SIGKILL)
    assert _wait(lambda: victim in sup.check())
    assert survivor in sup.pids and len(sup.pids) == 2
    assert victim not in sup.pids


def test_quick_deaths_back_off(supervisor):
    clock = _Clock()
    sup = supervisor(1, lambda index: 3, clock=clock)
    sup.start()
    first = sup.pids[0]
    assert _wait(lambda: first in sup.check())
    # Died at once: its replacement waits 1 s, the next one 2 s.
    assert sup.pids == []
    clock.now += 1
    sup.check()
    assert len(sup.pids) == 1
    second = sup.pids[0]
    assert _wait(lambda: second in sup.check())
    clock.now += 1
    sup.check()
    assert sup.pids == []
    clock.now += 1
    sup.check()
    assert len(sup.pids) == 1


def test_child_exit_status_is_the_targets(supervisor):
    statuses = {}
    sup = supervisor(1, lambda index: 7)
    real_schedule = sup._schedule_restart

    def record(index, started, pid, status):
        statuses[pid] = os.waitstatus_to_exitcode(status)
        real_schedule(index, started, pid, status)
    sup._schedule_restart = record
    sup.start()
    pid = sup.pids[0]
    assert _wait(lambda: pid in sup.check())
    assert statuses == {pid: 7}


def test_stop_terminates_every_child(supervisor):
    sup = supervisor(2, _sleeper)
    sup.start()
    pids = sup.pids
    sup.stop(timeout=5)
    assert sup.pids == []
    assert not any(_alive(pid) for pid in pids)


def test_stop_kills_a_child_ignoring_sigterm(supervisor):
    def stubborn(index):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            time.sleep(1)
    sup = supervisor(1, stubborn)
    sup.start()
    pid = sup.pids[0]
    time.sleep(0.3)   # let it ignore SIGTERM
    started = time.monotonic()
    sup.stop(timeout=0.5)
    assert time.monotonic() - started < 5
    assert not _alive(pid)


def test_no_restart_after_stop(supervisor):
    sup = supervisor(1, lambda index: 0)
    sup.start()
    sup.stop(timeout=5)
    sup.check()
    assert sup.pids == []


def test_parent_signal_handlers_do_not_run_in_children(supervisor, tmp_path):
    """A child gets SIGTERM's default action until its target installs
    its own, never the handler the parent had."""
    marker = tmp_path / 'handled'

    def handler(signum, frame):
        marker.write_text(str(os.getpid()))
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        sup = supervisor(1, _sleeper)
        sup.start()
        pid = sup.pids[0]
        sup.stop(timeout=5)
        assert not _alive(pid)
        assert not marker.exists()
    finally:
        signal.signal(signal.SIGTERM, previous)
