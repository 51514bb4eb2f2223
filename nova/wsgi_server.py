"""A production threaded HTTP server (cheroot) for the WSGI apps."""

import threading

from cheroot import wsgi as cheroot_wsgi
from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class Server:
    """Serves one WSGI app on host:port from a sized thread pool."""

    def __init__(self, name, app, host, port, threads=16):
        self.name = name
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
