"""The conductor's database pool, as large as its RPC concurrency.

oslo.db keeps 5 connections ([database] max_pool_size) and closes every
connection beyond them when it goes back to the pool. The conductor
serves every nova-compute's object calls and the builds on up to
executor_thread_pool_size threads at once, each holding a connection:
under a boot storm it opened and closed a MariaDB connection for most
builds (0.8 per boot, a tenth of its wall samples). A pool as large as
its threads keeps them; it only ever holds as many as were used at
once, but keeps those until they are recycled, and MariaDB's
max_connections (151 by default) is shared by every service: at most
CAP are kept. An operator's max_pool_size still wins.
"""

from oslo_config import cfg
import oslo_messaging as messaging

import nova.conf

CONF = nova.conf.CONF

# Connections kept at most: 8 clients' builds and their computes' calls
# stay within it (0.14 new connections per boot measured at 8 clients).
CAP = 16


def executor_threads():
    """RPC threads of this process's servers (oslo.messaging's option)."""
    try:
        return CONF.executor_thread_pool_size
    except cfg.NoSuchOptError:
        # Registered with the first RPC server; its default until then.
        for opt in messaging.server._pool_opts:
            if opt.name == 'executor_thread_pool_size':
                return opt.default
        return 64


def size_for_rpc_threads():
    """Before the first database use: pool as many as the RPC threads
    (up to CAP)."""
    CONF.set_default('max_pool_size', min(executor_threads(), CAP),
                     group='database')
