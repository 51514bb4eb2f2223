"""A TCP proxy the fault tests control: cut() is an outage, restore() ends it.

It stands between the cloud's services and MariaDB or RabbitMQ. While
cut, every open connection is closed and new ones are closed as soon as
they are accepted, as when the server's host goes away and its port
answers nothing; restore() lets new connections through again. mute()
lets requests through but drops every answer, as a partition that hides
whether a COMMIT landed; cut() or restore() ends it. Plain threads, one
pair per connection. With record=True it keeps what clients sent (the
bytes of each connection, in order), for tests that check what a service
put on the wire (headers of HTTP requests, see requests_sent()).
"""

import socket
import threading


class TcpProxy:
    def __init__(self, target_host, target_port, record=False):
        self.target = (target_host, target_port)
        self.record = record
        self.sent = []  # per connection: bytearray of what the client sent
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(('127.0.0.1', 0))
        self._listener.listen(128)
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open = set()
        self._cut = False
        self._muted = False
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True,
                         name='proxy-%d' % self.port).start()

    def mute(self):
        with self._lock:
            self._muted = True

    def cut(self):
        with self._lock:
            self._cut = True
            self._muted = False
            sockets, self._open = self._open, set()
        for sock in sockets:
            _close(sock)

    def restore(self):
        with self._lock:
            self._cut = False
            self._muted = False

    def stop(self):
        self._stopped = True
        self.cut()
        _close(self._listener)

    def _accept(self):
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                cut = self._cut
            if cut:
                _close(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._cut:
                    _close(client)
                    _close(server)
                    continue
                self._open.update((client, server))
            buffer = None
            if self.record:
                buffer = bytearray()
                with self._lock:
                    self.sent.append(buffer)
            for source, sink, answers in ((client, server, False),
                                          (server, client, True)):
                threading.Thread(target=self._pipe,
                                 args=(source, sink, answers,
                                       None if answers else buffer),
                                 daemon=True).start()

    def requests_sent(self):
        """[(request line, {header name lowercased: value})] of the HTTP
        requests clients sent, connection by connection."""
        with self._lock:
            streams = [bytes(b) for b in self.sent]
        found = []
        for stream in streams:
            while b'\r\n\r\n' in stream:
                head, stream = stream.split(b'\r\n\r\n', 1)
                lines = head.decode('latin-1').split('\r\n')
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(':')
                    headers[name.strip().lower()] = value.strip()
                stream = stream[int(headers.get('content-length', 0)):]
                found.append((lines[0], headers))
        return found

    def _pipe(self, source, sink, answers, buffer=None):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if buffer is not None:
                    buffer.extend(data)
                if answers and self._muted:
                    continue
                sink.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._open.discard(source)
            self._open.discard(sink)
        _close(source)
        _close(sink)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
