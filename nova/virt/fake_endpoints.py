"""Small real console servers for the fake driver's guests: an RFB 3.8
(VNC) server showing a fixed picture, and a serial port that greets and
echoes. They make the console path (token, proxy, websocket) testable
end to end without QEMU."""

import socket
import struct
import threading

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

WIDTH, HEIGHT = 64, 48
# 32 bits per pixel, depth 24, little-endian, true colour, 8 bits each of
# red, green and blue at shifts 16, 8 and 0.
_SERVER_FORMAT = struct.pack('>BBBBHHHBBB3x', 32, 24, 0, 1, 255, 255, 255,
                             16, 8, 0)


def _picture(x, y):
    """The guest's screen: four coloured bands, so a client can tell it
    from a blank one."""
    return ((255, 0, 0), (0, 255, 0), (0, 0, 255),
            (255, 255, 255))[y * 4 // HEIGHT]


class Listener:
    """Accepts connections on 127.0.0.1 (a free port) and serves each in
    its own thread with serve(sock) until closed."""

    def __init__(self, name, serve):
        self._serve = serve
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(('127.0.0.1', 0))
        self._sock.listen(8)
        self.host, self.port = self._sock.getsockname()
        threading.Thread(target=self._accept, name=name,
                         daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._run, args=(conn,),
                             daemon=True).start()

    def _run(self, conn):
        with conn:
            try:
                self._serve(conn)
            except (OSError, ConnectionError, EOFError):
                pass  # the client went away

    def close(self):
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()


def _read(sock, count):
    data = b''
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError()
        data += chunk
    return data


def _encoder(pixel_format):
    """A function (r, g, b) -> bytes in the client's pixel format."""
    (bpp, _depth, big_endian, _true_colour, red_max, green_max, blue_max,
     red_shift, green_shift, blue_shift) = struct.unpack(
        '>BBBBHHHBBB3x', pixel_format)
    code = {8: 'B', 16: 'H', 32: 'I'}[bpp]
    code = ('>' if big_endian else '<') + code

    def encode(rgb):
        red, green, blue = rgb
        value = ((red * red_max // 255) << red_shift |
                 (green * green_max // 255) << green_shift |
                 (blue * blue_max // 255) << blue_shift)
        return struct.pack(code, value)
    return encode


def _raw_rectangle(encode):
    cache = {}
    rows = []
    for y in range(HEIGHT):
        rgb = _picture(0, y)
        if rgb not in cache:
            cache[rgb] = encode(rgb) * WIDTH
        rows.append(cache[rgb])
    return b''.join(rows)


def serve_vnc(sock, name):
    """One RFB 3.8 session: no authentication, then framebuffer updates
    (raw encoding) for non-incremental requests; input is ignored."""
    sock.sendall(b'RFB 003.008\n')
    _read(sock, 12)  # the client's version
    sock.sendall(b'\x01\x01')  # one security type: None
    if _read(sock, 1) != b'\x01':
        return
    sock.sendall(struct.pack('>I', 0))  # SecurityResult: OK
    _read(sock, 1)  # ClientInit (shared flag)
    title = name.encode('utf-8')
    sock.sendall(struct.pack('>HH', WIDTH, HEIGHT) + _SERVER_FORMAT +
                 struct.pack('>I', len(title)) + title)
    encode = _encoder(_SERVER_FORMAT)
    while True:
        kind = _read(sock, 1)[0]
        if kind == 0:  # SetPixelFormat
            encode = _encoder(_read(sock, 19)[3:])
        elif kind == 2:  # SetEncodings
            count = struct.unpack('>xH', _read(sock, 3))[0]
            _read(sock, 4 * count)
        elif kind == 3:  # FramebufferUpdateRequest
            incremental = _read(sock, 9)[0]
            if not incremental:  # the picture never changes
                sock.sendall(struct.pack('>BxHHHHHi', 0, 1, 0, 0, WIDTH,
                                         HEIGHT, 0) +
                             _raw_rectangle(encode))
        elif kind == 4:  # KeyEvent
            _read(sock, 7)
        elif kind == 5:  # PointerEvent
            _read(sock, 5)
        elif kind == 6:  # ClientCutText
            length = struct.unpack('>3xI', _read(sock, 7))[0]
            _read(sock, length)
        else:
            LOG.debug('Fake VNC: unknown client message %d', kind)
            return


def serve_serial(sock, name):
    """A serial console: a login prompt, then every byte echoed."""
    sock.sendall(('\r\n%s login: ' % name).encode('utf-8'))
    while True:
        data = sock.recv(4096)
        if not data:
            return
        sock.sendall(data)
