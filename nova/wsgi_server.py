"""A production threaded HTTP server (cheroot) for the WSGI apps."""

import socket
import threading

from cheroot import wsgi as cheroot_wsgi
from oslo_log import log as logging

from nova.api import body_limit
from nova import bind_address
import nova.conf

CONF = nova.conf.CONF

LOG = logging.getLogger(__name__)


class Server:
    """Serves one WSGI app on host:port from a sized thread pool.

    host None (the listen option unset) picks the safe default, and a
    listener that takes tokens (token_auth) refuses to serve noauth2 beyond
    loopback unless allowed: see nova.bind_address. Request bodies are
    limited (nova.api.body_limit) unless the app limits them itself.
    """

    def __init__(self, name, app, host, port, threads=16, token_auth=True):
        self.name = name
        try:
            host = bind_address.choose(name, host, token_auth=token_auth)
        except bind_address.UnsafeListenAddress as e:
            LOG.error('%s', e)
            raise SystemExit(str(e))
        app = body_limit.ensure(app, CONF)
        self._server = cheroot_wsgi.Server((host, port), app,
                                           numthreads=threads,
                                           server_name=name)
        # Long polls of a client should not pin a worker forever.
        self._server.timeout = 60
        # cheroot's listen backlog of 5 overflows when a burst of clients
        # connects at once (20 parallel boots): the kernel then drops or
        # resets connections before any worker sees them.
        self._server.request_queue_size = 128
        self._thread = None
        self._reservation = None

    @property
    def port(self):
        return self._server.bind_addr[1]

    def share_port(self):
        """Before forking workers: hold the port in this process, bound
        but not listening (it takes no connections), and have each
        worker's server listen on it too (SO_REUSEPORT), the kernel
        spreading connections over the workers. Binding here reports a
        port in use once, at start, and fixes an ephemeral port (0) for
        every worker."""
        host, port = self._server.bind_addr
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0,
            socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET6 and host in ('::', '::0'):
            # As cheroot does: '::' takes IPv4 too.
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        try:
            sock.bind(address)
        except OSError as error:
            sock.close()
            LOG.error('%s cannot bind %s:%s: %s', self.name, host, port,
                      error)
            raise SystemExit('%s cannot bind %s:%s: %s' % (
                self.name, host, port, error))
        self._reservation = sock
        self._server.bind_addr = (host, sock.getsockname()[1])
        self._server.reuse_port = True

    def start(self):
        self._server.prepare()
        self._thread = threading.Thread(target=self._server.serve,
                                        name='wsgi-%s' % self.name,
                                        daemon=True)
        self._thread.start()
        LOG.info('%s listening on %s:%s', self.name,
                 self._server.bind_addr[0], self.port)

    def stop(self):
        self._server.stop()
        if self._thread:
            self._thread.join(timeout=5)
        if self._reservation is not None:
            self._reservation.close()
            self._reservation = None

    def close_reservation(self):
        """In a worker: the parent holds the port, not each worker."""
        if self._reservation is not None:
            self._reservation.close()
            self._reservation = None
