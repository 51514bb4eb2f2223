"""Database answers kept a few seconds per process (see Recent).

Every server create reads its flavor and the caller's quota limits: rows
that change seldom, read on every request. A Recent keeps what a reader
answered for a key for a few seconds.

Why that is correct across processes: nothing but the TTL tells one
process about a change made by another (another nova-api worker or
host, nova-manage), so such a change applies to creates at most that
many seconds late, the same window as a create that read the row just
before the change commits has anyway, only longer. A change made through
this process applies to the next read at once: the writers in nova.db
call changed() once their transaction has committed, and a read that
raced with the write (it began before changed()) is not kept.
"""

import copy
import functools
import threading
import time


# Every Recent made, for forget_all().
_all = []


def forget_all():
    """Forget what every Recent keeps (for tests that swap databases)."""
    for recent in list(_all):
        recent.changed()


class Recent:
    """{key: reader's answer}, each kept for ttl() seconds (0: not kept)."""

    def __init__(self, ttl, size=1000):
        _all.append(self)
        self._ttl = ttl
        self._size = size
        self._lock = threading.Lock()
        self._answers = {}  # key -> (expires at, answer)
        # Counts changed(): an answer read across a change is not kept.
        self._generation = 0

    def get(self, key, reader):
        """reader()'s answer for key, a fresh one when the kept one has
        expired; a copy, which the caller may change."""
        ttl = self._ttl()
        if not ttl:
            return reader()
        now = time.monotonic()
        with self._lock:
            expires, answer = self._answers.get(key, (0, None))
            generation = self._generation
        if expires > now:
            return copy.deepcopy(answer)
        answer = reader()
        with self._lock:
            if generation == self._generation:
                if len(self._answers) >= self._size:
                    self._drop_expired(now)
                self._answers[key] = (now + ttl, copy.deepcopy(answer))
        return answer

    def changed(self):
        """Forget every answer: what it was read from has changed."""
        with self._lock:
            self._generation += 1
            self._answers.clear()

    def _drop_expired(self, now):
        for key in [k for k, (expires, _) in self._answers.items()
                    if expires <= now]:
            del self._answers[key]
        if len(self._answers) >= self._size:
            self._answers.clear()


def changes(recent):
    """Decorator for a writer: recent.changed() after it returns or
    raises (when its transaction has ended, unless an outer one goes on;
    that one's commit follows within the request)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            finally:
                recent.changed()
        return wrapper
    return decorator
