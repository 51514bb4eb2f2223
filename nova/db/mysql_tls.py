"""One TLS context for the PyMySQL connections that ask for no TLS.

PyMySQL (2.x) tries TLS on every connection whose URL names no TLS
option ("preferred": used if the server offers it, verifying nothing)
and builds that context anew for each connection, loading the system's
CA certificates: about 45 ms of CPU, fifty times the rest of opening a
connection. A daemon whose pool opens connections beyond its pool size
under load (the conductor, a few per boot) paid it again and again. The
context is the same for every such connection, so it is built once per
process; connections whose URL asks for TLS (ssl_ca, ...) still get
their own, as PyMySQL builds it.
"""

import threading

import sqlalchemy as sa

try:
    from pymysql import connections as pymysql_connections
except ImportError:  # no MariaDB/MySQL driver: nothing to install
    pymysql_connections = None

_lock = threading.Lock()
_preferred = []


def install(engine):
    """Open engine's PyMySQL connections with the shared context."""
    if engine.dialect.driver != 'pymysql' or not hasattr(
            getattr(pymysql_connections, 'Connection', None),
            '_create_ssl_ctx'):
        return

    @sa.event.listens_for(engine, 'do_connect')
    def connect(dialect, connection_record, cargs, cparams):
        return _Connection(*cargs, **cparams)


if pymysql_connections is not None:
    class _Connection(pymysql_connections.Connection):
        def _create_ssl_ctx(self, sslp):
            if sslp:  # TLS asked for: its own context
                return super()._create_ssl_ctx(sslp)
            with _lock:
                if not _preferred:
                    _preferred.append(super()._create_ssl_ctx(sslp))
            return _preferred[0]
