"""Undoing a failed request once the database is back.

When a request fails because the database went away, the rows it had
written often cannot be removed either: the caller was told 503, so they
must go as soon as the database answers again, not stay as servers the
caller believes were never made. nova-api keeps such undo steps here and
one background thread retries them every second, for up to an hour. A
conductor deletes whatever a stopped nova-api left
(nova.conductor.build_recovery), so this is the fast path, not the only
one.
"""

import collections
import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

GIVE_UP_AFTER = 3600
_INTERVAL = 1.0

_pending = collections.deque()
_lock = threading.Lock()
_worker = None


def later(description, step):
    """Retry step() (which raises until it works) in the background."""
    global _worker
    with _lock:
        _pending.append((description, step, time.monotonic()))
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name='undo-retries',
                                       daemon=True)
            _worker.start()


def pending():
    """How many undo steps wait (for tests and logs)."""
    with _lock:
        return len(_pending)


def _run():
    while True:
        with _lock:
            if not _pending:
                return
            batch = list(_pending)
            _pending.clear()
        for description, step, since in batch:
            try:
                step()
                LOG.info('Undone after an outage: %s', description)
            except Exception as error:
                if time.monotonic() - since > GIVE_UP_AFTER:
                    LOG.error('Giving up undoing %s: %s', description, error)
                    continue
                with _lock:
                    _pending.append((description, step, since))
        time.sleep(_INTERVAL)
