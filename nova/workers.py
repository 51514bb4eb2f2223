"""Worker processes of an API service: forks them, restarts those that
die, stops them all."""

import os
import signal
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# A worker that dies sooner than this after its start is crashing at
# start-up (a bad config, a port taken): its restarts back off.
_QUICK_DEATH = 5.0
_FIRST_DELAY = 1.0
_MAX_DELAY = 30.0
_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


class Supervisor:
    """Keeps count children running target(index) until stop().

    target runs in the forked child and its return value (or SystemExit
    code) is the child's exit status; the child never returns into the
    parent's code. check() is the parent's periodic duty: reap the dead
    and start their replacements when due.
    """

    def __init__(self, count, target, name='worker', clock=time.monotonic):
        self.count = count
        self.name = name
        self._target = target
        self._clock = clock
        self._children = {}   # pid -> (index, started at)
        self._due = {}        # index -> when its replacement starts
        self._delay = {}      # index -> the next back-off after a quick death
        self._stopping = False

    @property
    def pids(self):
        return sorted(self._children)

    def start(self):
        for index in range(self.count):
            self._spawn(index)

    def _spawn(self, index):
        # Until the child drops the parent's handlers, a SIGTERM must not
        # reach them (they would stop the parent's copy of its loop).
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            pid = os.fork()
            if pid == 0:
                for signum in _STOP_SIGNALS:
                    signal.signal(signum, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
                os._exit(_run_child(self._target, index))
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        self._children[pid] = (index, self._clock())
        LOG.info('Started %s %d (pid %d)', self.name, index, pid)
        return pid

    def check(self):
        """Reap exited workers and start the replacements that are due;
        returns the pids reaped."""
        reaped = self._reap()
        if not self._stopping:
            now = self._clock()
            for index, due in sorted(self._due.items()):
                if due <= now:
                    del self._due[index]
                    self._spawn(index)
        return reaped

    def _reap(self):
        reaped = []
        for pid in list(self._children):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done == 0:
                continue
            index, started = self._children.pop(pid)
            reaped.append(pid)
            if self._stopping:
                continue
            self._schedule_restart(index, started, pid, status)
        return reaped

    def _schedule_restart(self, index, started, pid, status):
        now = self._clock()
        if now - started < _QUICK_DEATH:
            delay = self._delay.get(index, _FIRST_DELAY)
            self._delay[index] = min(delay * 2, _MAX_DELAY)
        else:
            delay = 0.0
            self._delay.pop(index, None)
        LOG.error('%s %d (pid %d) exited with %s; restarting it in %.0f s',
                  self.name, index, pid, _describe(status), delay)
        self._due[index] = now + delay

    def stop(self, timeout=10.0):
        """SIGTERM every worker, SIGKILL those still running after
        timeout seconds, and reap them all."""
        self._stopping = True
        self._due.clear()
        for pid in self._children:
            _signal(pid, signal.SIGTERM)
        deadline = self._clock() + timeout
        while self._children and self._clock() < deadline:
            self._reap()
            if self._children:
                time.sleep(0.05)
        for pid in list(self._children):
            LOG.warning('%s pid %d did not stop in %.0f s: killing it',
                        self.name, pid, timeout)
            _signal(pid, signal.SIGKILL)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            self._children.pop(pid, None)


def _run_child(target, index):
    """The child's whole life: target's exit status, never a return into
    the code that forked."""
    try:
        code = target(index)
    except SystemExit as error:
        code = error.code
    except BaseException:
        LOG.exception('Worker %d failed', index)
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        code = 1
    _flush_logs()
    return code


def _flush_logs():
    import logging as std_logging
    for handler in std_logging.getLogger().handlers:
        try:
            handler.flush()
        except Exception:
            pass


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _describe(status):
    if os.WIFSIGNALED(status):
        return 'signal %d' % os.WTERMSIG(status)
    return 'status %d' % os.waitstatus_to_exitcode(status)
