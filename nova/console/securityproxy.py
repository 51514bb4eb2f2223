"""The security proxy hook of the console proxies.

A security proxy speaks to both ends before the plain bridge starts, for
example to authenticate to the compute host's VNC server in the user's
stead (VeNCrypt). Nova's proxies call connect() when one is configured.
"""

import abc


class SecurityProxy(abc.ABC):
    @abc.abstractmethod
    def connect(self, tenant_sock, compute_sock):
        """Negotiate both ends; return the socket to bridge with the
        tenant (compute_sock, or one wrapping it). tenant_sock is a
        TenantSock; raise SecurityProxyNegotiationFailed to refuse."""


class SecurityProxyNegotiationFailed(Exception):
    pass


class TenantSock:
    """The browser's websocket seen as a byte stream (recv, sendall)."""

    def __init__(self, handler):
        self._handler = handler
        self._buffer = b''
        self.closed = False

    def recv(self, count):
        while len(self._buffer) < count and not self.closed:
            frames, closed = self._handler.recv_frames()
            self._buffer += b''.join(frames)
            self.closed = bool(closed)
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def sendall(self, data):
        self._handler.send_frames([data])

    def leftover(self):
        """Bytes the tenant sent past what the security proxy read: they
        belong to the bridged session."""
        data, self._buffer = self._buffer, b''
        return data
