"""A production threaded HTTP server (cheroot) for the WSGI apps."""

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

    @property
    def port(self):
        return self._server.bind_addr[1]

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
