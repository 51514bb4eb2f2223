"""What a forked worker process must not share with its parent: database
and message bus connections."""

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


def reset():
    """Run first thing in a forked child. Connections the parent opened
    are its own: two processes on one socket interleave their bytes."""
    _reset_database()
    _reset_notifiers()
    _check_rpc()


def _reset_database():
    from nova.db import api as db_api
    factory = db_api.context_manager._factory
    if not getattr(factory, '_started', False):
        return   # no engine yet: the worker makes its own on first use
    for name in ('_writer_engine', '_reader_engine'):
        engine = getattr(factory, name, None)
        if engine is not None:
            # close=False: the parent's connections stay open for it;
            # the child only forgets them and opens its own.
            engine.dispose(close=False)


def _reset_notifiers():
    import threading
    from nova import rpc
    # Made on first use; a child never uses the parent's.
    rpc.NOTIFICATION_TRANSPORT = rpc.NOTIFIERS = None
    rpc._NOTIFIER_LOCK = threading.Lock()


def _check_rpc():
    """The transport (made before the fork, as the RPC clients bound to
    it are) connects lazily: it is safe in a child as long as the parent
    never sent on it, which the fork-after-start-up design keeps true."""
    from nova import rpc
    driver = getattr(rpc.TRANSPORT, '_driver', None)
    pool = getattr(driver, '_connection_pool', None)
    if getattr(driver, '_reply_q', None) or getattr(pool, '_items', None):
        LOG.warning('The RPC transport was used before the fork: this '
                    'worker shares bus connections with its parent')
