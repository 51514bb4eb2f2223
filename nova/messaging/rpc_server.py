"""oslo.messaging's RPC server on a standard-library thread pool.

oslo.messaging dispatches a server's messages on futurist's thread pool,
whose idle workers look for their stop flag once a second: the wait()
after stop() (every service's stop) waited up to a second for them
after the last message was done. The standard library's pool wakes its
idle workers at shutdown and still runs every message already handed to
it first; it also reuses an idle worker before it starts another.
"""

import concurrent.futures
import functools

from oslo_messaging.rpc import server as rpc_server


class Server(rpc_server.RPCServer):
    """An RPC server whose wait() returns once its messages are done."""

    def __init__(self, transport, target, dispatcher, executor='threading'):
        super().__init__(transport, target, dispatcher, executor)
        # What start() builds its pool from (max_workers=[DEFAULT]
        # executor_thread_pool_size); named after the topic in stacks.
        self._executor_cls = functools.partial(
            concurrent.futures.ThreadPoolExecutor,
            thread_name_prefix='rpc-%s' % target.topic)
