"""Per-process counts of RPC messages and database work, for benches.

On PYTHONPATH with NOVA_COUNTS_DIR set, every Python process started
(each daemon of a cloud) counts, from its start:

- rpc_out.<call|cast>.<method>: RPC messages it sent;
- rpc_in.<method>: RPC messages its servers dispatched;
- db.transactions, db.statements, db.connects: database transactions
  begun, statements run and new connections opened (all its engines);

and writes them every second to NOVA_COUNTS_DIR/<pid>.json (see
tools/bench/boot_counts.py, which reads them around a boot run). Without
NOVA_COUNTS_DIR it does nothing.
"""

import collections
import json
import os
import threading

_DIR = os.environ.get('NOVA_COUNTS_DIR')


def _install():
    counts = collections.Counter()
    lock = threading.Lock()

    def bump(key, n=1):
        with lock:
            counts[key] += n

    import sqlalchemy as sa

    import sys
    by_caller = os.environ.get('NOVA_COUNTS_CALLERS')

    def caller():
        # The nova.db function that began the transaction, and the first
        # caller outside nova.db.
        frame, db_func = sys._getframe(2), None
        while frame is not None:
            name = frame.f_code.co_filename
            if '/nova/' in name:
                short = '%s:%s' % (name.rsplit('/nova/', 1)[1],
                                   frame.f_code.co_name)
                if '/nova/db/' in name:
                    db_func = db_func or short
                else:
                    return '%s<-%s' % (db_func, short)
            frame = frame.f_back
        return str(db_func)

    @sa.event.listens_for(sa.engine.Engine, 'begin')
    def _begin(conn):
        bump('db.transactions')
        if by_caller:
            bump('txn_by.' + caller())

    @sa.event.listens_for(sa.engine.Engine, 'before_cursor_execute')
    def _statement(conn, cursor, statement, *args):
        bump('db.statements')

    @sa.event.listens_for(sa.pool.Pool, 'connect')
    def _connect(dbapi_connection, record):
        bump('db.connects')

    from oslo_messaging.rpc import client
    from oslo_messaging.rpc import dispatcher

    for kind in ('call', 'cast'):
        original = getattr(client._BaseCallContext, kind)

        def wrapped(self, ctxt, method, _original=original, _kind=kind,
                    **kwargs):
            bump('rpc_out.%s.%s' % (_kind, method))
            return _original(self, ctxt, method, **kwargs)
        setattr(client._BaseCallContext, kind, wrapped)

    dispatch = dispatcher.RPCDispatcher.dispatch

    def counted_dispatch(self, incoming):
        method = incoming.message.get('method')
        if method in ('object_action', 'object_class_action_versions'):
            args = incoming.message.get('args', {})
            inner = args.get('objmethod')
            name = args.get('objname') or (
                args.get('objinst', {}).get('nova_object.name'))
            method = '%s:%s.%s' % (method, name, inner)
        bump('rpc_in.%s' % method)
        return dispatch(self, incoming)
    dispatcher.RPCDispatcher.dispatch = counted_dispatch

    def write():
        path = os.path.join(_DIR, '%d.json' % os.getpid())
        while True:
            with lock:
                snapshot = dict(counts)
            tmp = path + '.tmp'
            with open(tmp, 'w') as out:
                json.dump(snapshot, out)
            os.replace(tmp, path)
            threading.Event().wait(1.0)

    def start_writer():
        threading.Thread(target=write, name='counts-writer',
                         daemon=True).start()

    def after_fork():
        counts.clear()  # a worker counts its own work
        start_writer()
    os.register_at_fork(after_in_child=after_fork)
    start_writer()


if _DIR:
    try:
        _install()
    except ImportError:
        pass  # not a process of nova's (no SQLAlchemy, no messaging)
