"""Answers that change seldom, kept a few seconds per process.

Every server create reads its flavor, the caller's quota limits and its
image: rows and documents that change seldom, read on every request. A
RecentAnswers keeps what a reader answered for a key for a few seconds
(each user's own option says how many; 0 turns it off).

Why that is correct across processes: nothing but the TTL tells one
process about a change made by another (another nova-api worker or
host, nova-manage, Glance itself), so such a change applies to creates
at most that many seconds late, the same window as a create that read
just before the change has anyway, only longer. A change made through
this process applies to the next read at once: its writers call
changed() once it has been made (nova.db's once their transaction has
committed), and a read that raced with the change (it began before
changed()) is not kept.
"""

import copy
import functools
import threading
import time


# Every RecentAnswers made, for forget_all().
_all = []


def forget_all():
    """Forget what every RecentAnswers keeps (for tests that swap
    databases)."""
    for answers in list(_all):
        answers.changed()


class RecentAnswers:
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
        expired; a copy, which the caller may change. What reader raises
        is not kept."""
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

    def changed(self, which=None):
        """Forget the answers what they were read from has changed for:
        the keys which(key) is true of, or (which=None) every one."""
        with self._lock:
            self._generation += 1
            if which is None:
                self._answers.clear()
                return
            for key in [k for k in self._answers if which(k)]:
                del self._answers[key]

    def _drop_expired(self, now):
        for key in [k for k, (expires, _) in self._answers.items()
                    if expires <= now]:
            del self._answers[key]
        if len(self._answers) >= self._size:
            self._answers.clear()


def changes(answers):
    """Decorator for a writer: answers.changed() after it returns or
    raises (when its transaction has ended, unless an outer one goes on;
    that one's commit follows within the request)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            finally:
                answers.changed()
        return wrapper
    return decorator
